#!/bin/sh
# The server's evaluation snapshot (issue 17, web): auth writes (login,
# logout, a token) never make a new one; a commit of data from another
# process (planmon import) is evaluated in the background while requests
# go on being answered from the old snapshot; a request that itself wrote
# sees its write on the next request; and the sessions' cache still ends a
# session at logout and a token at its revocation.
# Evaluations are counted from the server's debug lines
# (PLANMON_DEBUG_SNAPSHOTS=1: one stderr line per snapshot built), never timed.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "web_snapshot.sh: curl is missing"; exit 1; }

DB=$T/snap.db
PW=snap-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo makes the database" test -s "$DB"
TOK=$("$PLANMON" token add admin snapshot-test --db "$DB" 2>/dev/null | head -n 1)
check "a token for the status API" test -n "$TOK"

PLANMON_DEBUG_SNAPSHOTS=1 "$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
check "server prints the address to open" test -n "$PORT"
[ -n "$PORT" ] || { cat "$T/serve.err"; finish; exit 1; }
B=http://127.0.0.1:$PORT

builds() {
    grep -c 'snapshot [0-9]* built' "$T/serve.err"
}
# i08 FILE: indicator I08's 2024 value at the district in a status document.
i08() {
    python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
print([i["value"] for i in d["indicators"] if i["code"]=="I08"][0])' "$1"
}
status() {
    curl -s -H "Authorization: Bearer $TOK" "$B/api/v1/status?unit=110115&year=2024" >"$1"
}

# ---- auth writes make no snapshot ------------------------------------------------------
status "$T/s0.json"
check "status API answers" test "$(i08 "$T/s0.json")" = 32.0
b0=$(builds)
check "the first request built one snapshot ($b0)" test "$b0" -eq 1
curl -s -c "$T/jar" -b "$T/jar" "$B/login" >"$T/login.html"
curl -s -o /dev/null -c "$T/jar" -b "$T/jar" --data-urlencode "csrf=$(csrf_of "$T/login.html")" \
    --data-urlencode name=planner --data-urlencode "password=$PW" --data-urlencode next=/ "$B/login"
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
n=0
while [ $n -lt 300 ]; do
    status "$T/s2.json"
    [ "$(i08 "$T/s2.json")" = 77.0 ] && break
    sleep 0.1
    n=$((n + 1))
done
check "a later request sees the imported figure" test "$(i08 "$T/s2.json")" = 77.0
b1=$(builds)
check "the import made one new snapshot ($b0 → $b1)" test "$b1" -eq $((b0 + 1))

# ---- a write through the server: the writer's next request sees it ----------------------
printf '{"unit":"110115","year":2024,"item":"I08","value":55,"comment":"测试"}' >"$T/w.json"
wcode=$(curl -s -o "$T/w.out" -w '%{http_code}' -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' \
    --data-binary @"$T/w.json" "$B/api/v1/values")
check "POST /api/v1/values → 200 ($wcode $(head -c 200 "$T/w.out"))" test "$wcode" = 200
status "$T/s3.json"
check "the next request shows the written figure" test "$(i08 "$T/s3.json")" = 55.0

kill "$SRV"
wait "$SRV"
rc=$?
SRV=
check "server stops cleanly (exit $rc)" test "$rc" -eq 0
check "no sanitizer report" sh -c "! grep -q 'ERROR: \\|runtime error' '$T/serve.err'"
finish
