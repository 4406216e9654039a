#!/bin/sh
# The server's evaluation snapshot (issue 17, web): auth writes (login,
# logout, a token) never make a new one; a commit of data from another
# process (planmon import) is evaluated in the background while requests
# go on being answered from the old snapshot; a request that itself wrote
# sees its write on the next request; and the sessions' cache still ends a
# session at logout and a token at its revocation.
# Pages kept per snapshot (entry form, review queue, history) follow the
# data, and per reader where they differ: another reader's units never show,
# and every form carries the reader's own CSRF token.
# Evaluations are counted from the server's debug lines
# (PLANMON_DEBUG_SNAPSHOTS=1: one stderr line per snapshot built, and each
# answer names the snapshot it came from in X-Planmon-Snapshot), never timed.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "web_snapshot.sh: curl is missing"; exit 1; }

DB=$(test_db snap)
PW=snap-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo makes the database" db_made "$DB"
TOK=$("$PLANMON" token add admin snapshot-test --db "$DB" 2>/dev/null | head -n 1)
check "a token for the status API" test -n "$TOK"

PLANMON_DEBUG_SNAPSHOTS=1 serve_start "$DB"

builds() {
    grep -c 'snapshot [0-9]* built' "$T/serve.err"
}
# i08 FILE: indicator I08's 2024 value at the district in a status document.
i08() {
    python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print([i["value"] for i in d["indicators"] if i["code"]=="I08"][0])' "$1"
}
# status FILE: the district's status document into FILE, its headers into FILE.h.
status() {
    curl -s -D "$1.h" -H "Authorization: Bearer $TOK" "$B/api/v1/status?unit=110115&year=2024" >"$1"
}
# served_by FILE.h: the serial of the snapshot an answer came from.
served_by() {
    tr -d '\r' <"$1" | sed -n 's/^X-Planmon-Snapshot: //p'
}

# ---- the first snapshot is built before the server answers ---------------------------
# (web_app_warm: the first evaluation of a large database took longer than
# the connection timeout, and its request got an empty answer)
check "the default plan's snapshot was built at start, before any request ($(builds))" test "$(builds)" -eq 1

# ---- auth writes make no snapshot ------------------------------------------------------
status "$T/s0.json"
check "status API answers" test "$(i08 "$T/s0.json")" = 32.0
b0=$(builds)
check "the first request built no other snapshot ($b0)" test "$b0" -eq 1
check "… it was answered from the one built at start" test "$(served_by "$T/s0.json.h")" = 1
check "the planner logs in" web_login "$B" planner "$PW" "$T/jar"
check "logged in: the overview answers 200" \
    test "$(curl -s -o "$T/home.html" -w '%{http_code}' -b "$T/jar" "$B/")" = 200
check "a login (a session written) built no snapshot" test "$(builds)" -eq "$b0"
curl -s -o /dev/null -b "$T/jar" -c "$T/jar" --data-urlencode "csrf=$(csrf_of "$T/home.html")" "$B/logout"
cp "$T/jar" "$T/old-jar"
check "after logout the old cookie is nobody's: / → 302" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/old-jar" "$B/")" = 302
TOK2=$("$PLANMON" token add planner second --db "$DB" 2>/dev/null | head -n 1)
check "a second token works" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOK2" "$B/api/v1/status")" = 200
check "logout and a new token built no snapshot" test "$(builds)" -eq "$b0"
ID2=$("$PLANMON" token list --db "$DB" --format csv 2>/dev/null | grep ',second,' | cut -d, -f1)
"$PLANMON" token revoke "$ID2" --db "$DB" >/dev/null 2>&1
check "a token revoked by the CLI is refused at once (401)" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOK2" "$B/api/v1/status")" = 401

# ---- a data commit from another process: old snapshot first, then the new one -----------
printf 'unit,year,item,value,comment\n110115,2024,I08,77,测试\n' >"$T/one.csv"
"$PLANMON" import "$T/one.csv" --db "$DB" >/dev/null 2>&1
check "the CLI imported a figure" sh -c "'$PLANMON' status --db '$DB' --year 2024 --format json | grep -q '\"value\": 77'"
status "$T/s1.json"
check "the first request after the import is answered from the old snapshot" test "$(i08 "$T/s1.json")" = 32.0
check "… which is the first evaluation, serial 1 ($(served_by "$T/s1.json.h"))" test "$(served_by "$T/s1.json.h")" = 1
# sees77: a request now answers with the imported figure.
sees77() {
    status "$T/s2.json"
    test "$(i08 "$T/s2.json")" = 77.0
}
check "a later request sees the imported figure" wait_until 30 sees77
b1=$(builds)
check "the import made one new snapshot ($b0 → $b1)" test "$b1" -eq $((b0 + 1))
check "the later request came from the second evaluation" test "$(served_by "$T/s2.json.h")" = 2

# ---- a write through the server: the writer's next request sees it ----------------------
printf '{"unit":"110115","year":2024,"item":"I08","value":55,"comment":"测试"}' >"$T/w.json"
wcode=$(curl -s -o "$T/w.out" -w '%{http_code}' -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' \
    --data-binary @"$T/w.json" "$B/api/v1/values")
check "POST /api/v1/values → 200 ($wcode $(head -c 200 "$T/w.out"))" test "$wcode" = 200
status "$T/s3.json"
check "the next request shows the written figure" test "$(i08 "$T/s3.json")" = 55.0

# ---- pages kept per snapshot: per reader, with the reader's own CSRF token -----------------
# page JAR PATH FILE: GET into FILE (headers into FILE.h); prints the status.
page() {
    curl -s -D "$3.h" -o "$3" -w '%{http_code}' -b "$1" "$B$2"
}
# tokens FILE: every CSRF token a page holds, one a line, each once.
tokens() {
    grep -o 'name="csrf" value="[^"]*"' "$1" | sort -u | sed 's/.*value="//; s/"$//'
}
# beds FILE: the value of the entry form's input for beds_elderly.
beds() {
    grep -o '<input[^>]*name="v_beds_elderly"[^>]*>' "$1" | sed -n 's/.* value="\([^"]*\)".*/\1/p'
}
for u in admin reporter reviewer; do
    check "$u logs in" web_login "$B" "$u" "$PW" "$T/$u.jar"
    page "$T/$u.jar" / "$T/$u.home" >/dev/null
done
E='/entry?unit=110115009&year=2024'
check "admin opens the town's entry form" test "$(page "$T/admin.jar" "$E" "$T/e-admin1.html")" = 200
check "admin's form offers other towns" grep -q 'value="110115010"' "$T/e-admin1.html"
check "reporter opens the same form" test "$(page "$T/reporter.jar" "$E" "$T/e-rep1.html")" = 200
check "same snapshot for both ($(served_by "$T/e-admin1.html.h"))" \
    test "$(served_by "$T/e-admin1.html.h")" = "$(served_by "$T/e-rep1.html.h")"
check "reporter's form offers no other town (not the admin's page)" \
    sh -c "! grep -q 'value=\"110115010\"' '$T/e-rep1.html'"
check "reporter's form holds the reporter's CSRF token only" \
    test "$(tokens "$T/e-rep1.html")" = "$(csrf_of "$T/reporter.home")"
check "admin's form holds the admin's CSRF token only" \
    test "$(tokens "$T/e-admin1.html")" = "$(csrf_of "$T/admin.home")"
check "the two tokens differ" test "$(csrf_of "$T/reporter.home")" != "$(csrf_of "$T/admin.home")"
page "$T/admin.jar" "$E" "$T/e-admin2.html" >/dev/null
check "admin's second look: the admin's page and token again" \
    sh -c "grep -q 'value=\"110115010\"' '$T/e-admin2.html' && test \"\$(grep -o 'name=\"csrf\" value=\"[^\"]*\"' '$T/e-admin2.html' | sort -u | sed 's/.*value=\"//; s/\"\$//')\" = '$(csrf_of "$T/admin.home")'"
check "no figure for 2024 yet" test -z "$(beds "$T/e-rep1.html")"
H='/history?unit=110115009&year=2024'
check "history of the town in 2024 (admin)" test "$(page "$T/admin.jar" "$H" "$T/h1.html")" = 200
check "… holds no change yet" grep -q '没有符合条件的修改记录' "$T/h1.html"
check "the reviewer's queue" test "$(page "$T/reviewer.jar" /review "$T/r1.html")" = 200
check "… holds nothing of the town's 2024" sh -c "! grep -q '黄村镇 2024' '$T/r1.html'"

# The reporter submits a figure with the token the kept page gave it.
scode=$(curl -s -o "$T/save.html" -w '%{http_code}' -b "$T/reporter.jar" --data-urlencode "csrf=$(tokens "$T/e-rep1.html")" \
    --data-urlencode action=submit --data-urlencode v_beds_elderly=230 "$B$E")
check "the reporter's save and submit with the kept form's token → 200 ($scode)" test "$scode" = 200
check "… says it was saved" grep -q 'class="msg ok"\|已提交\|已保存' "$T/save.html"
page "$T/reporter.jar" "$E" "$T/e-rep2.html" >/dev/null
check "the reporter's next look at the form shows the figure ($(beds "$T/e-rep2.html"))" \
    sh -c "grep -o '<tr[^>]*>.*' '$T/e-rep2.html' | grep -q '230'"
check "… from a newer snapshot" test "$(served_by "$T/e-rep2.html.h")" -gt "$(served_by "$T/e-rep1.html.h")"
page "$T/admin.jar" "$E" "$T/e-admin3.html" >/dev/null
check "the admin's kept form follows the data too" grep -q '230' "$T/e-admin3.html"
page "$T/admin.jar" "$H" "$T/h2.html" >/dev/null
check "the kept history shows the change" sh -c "! grep -q '没有符合条件的修改记录' '$T/h2.html' && grep -q '230' '$T/h2.html'"
page "$T/reviewer.jar" /review "$T/r2.html" >/dev/null
check "the reviewer's kept queue shows the submitted figure" grep -q '230' "$T/r2.html"
check "… with the reviewer's own CSRF token only" test "$(tokens "$T/r2.html")" = "$(csrf_of "$T/reviewer.home")"

kill "$SRV"
wait "$SRV"
rc=$?
SRV=
check "server stops cleanly (exit $rc)" test "$rc" -eq 0
check "no sanitizer report" sh -c "! grep -q 'ERROR: \\|runtime error' '$T/serve.err'"
finish
