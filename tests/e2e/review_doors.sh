#!/bin/sh
# One set of review rules (engine/review.h) behind three doors: the same
# action asked at the command line, through the JSON API and on the review
# page gets the same answer — refused for the same reason (exit 2 / 400 /
# 400, or 403 where the door has a user who may not), or done. Reopening
# approved figures is for admins only (the command line acts as one), and
# always needs a reason; a blank or over-long reason is refused everywhere.
# Refusals change nothing.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || "$(dirname "$0")/../../scripts/deps.sh" >/dev/null 2>&1
command -v curl >/dev/null 2>&1 || { echo "review_doors.sh: curl is missing"; exit 1; }

DB=$(test_db doors)
PW=doors-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database (every figure approved)" db_made "$DB"
for role in admin reviewer reporter; do
    "$PLANMON" token add "$role" doors --db "$DB" >"$T/$role.tok" 2>/dev/null
done
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
check "server prints the address" test -n "$PORT"
[ -n "$PORT" ] || { cat "$T/serve.err"; finish; exit 1; }
B=http://127.0.0.1:$PORT

# login NAME: a session in $T/NAME.jar, its CSRF token in $T/NAME.csrf.
login() {
    curl -s -c "$T/$1.jar" -b "$T/$1.jar" "$B/login" >"$T/login.html"
    curl -s -o /dev/null -c "$T/$1.jar" -b "$T/$1.jar" --data-urlencode "csrf=$(csrf_of "$T/login.html")" \
        --data-urlencode "name=$1" --data-urlencode "password=$PW" "$B/login"
    curl -s -b "$T/$1.jar" "$B/review" >"$T/$1.review.html"
    csrf_of "$T/$1.review.html" >"$T/$1.csrf"
}
for u in admin reviewer reporter; do login $u; done
check "sessions with CSRF tokens" test -s "$T/admin.csrf" -a -s "$T/reviewer.csrf"

LONG=$(python3 -c 'print("长" * 501)') # 1503 bytes: over the 1500-byte limit

# cli ARGS…: the exit status of a review command.
cli() {
    "$PLANMON" "$@" --db "$DB" --as admin >"$T/cli.out" 2>"$T/cli.err"
    echo $?
}
# api ROLE PATH JSON: the status of an API review call.
api() {
    curl -s -o "$T/api.json" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/$1.tok")" \
        -H 'Content-Type: application/json' --data-binary "$3" "$B/api/v1/values/$2"
}
# page USER ACTION UNIT YEAR [REASON]: the status of a POST /review.
page() {
    _u=$1 _a=$2 _unit=$3 _y=$4
    shift 4
    set -- --data-urlencode "csrf=$(cat "$T/$_u.csrf")" --data-urlencode "action=$_a" --data-urlencode "unit=$_unit" \
        --data-urlencode "year=$_y" ${1+--data-urlencode "reason=$1"}
    curl -s -o "$T/page.html" -w '%{http_code}' -b "$T/$_u.jar" "$@" "$B/review"
}
snapshot() {
    "$PLANMON" export --db "$DB" --format csv >"$1"
    "$PLANMON" history --db "$DB" --format csv | wc -l >>"$1"
}
# own_states UNIT YEAR: the distinct states of the unit's own figures.
own_states() {
    "$PLANMON" export --db "$DB" --format csv | awk -F, -v u="$1" -v y="$2" '$1 == u && $2 == y { print $6 }' | sort -u
}

T1=110115010 # 西红门镇
snapshot "$T/before"

# ---- refused alike --------------------------------------------------------------------------------
check "return without a reason: CLI exit 2" test "$(cli return --unit $T1 --year 2022)" = 2
check "… API 400" test "$(api reviewer return '{"unit":"'$T1'","year":2022}')" = 400
check "… page 400" test "$(page reviewer return $T1 2022)" = 400
check "a blank reason counts as none: CLI exit 2" test "$(cli return --unit $T1 --year 2022 --reason '   ')" = 2
check "… API 400" test "$(api reviewer return '{"unit":"'$T1'","year":2022,"reason":"   "}')" = 400
check "… page 400" test "$(page reviewer return $T1 2022 '   ')" = 400
check "an over-long reason: CLI exit 2" test "$(cli return --unit $T1 --year 2022 --reopen --reason "$LONG")" = 2
check "… API 400" test "$(api admin return '{"unit":"'$T1'","year":2022,"reopen":true,"reason":"'"$LONG"'"}')" = 400
check "… page 400" test "$(page admin reopen $T1 2022 "$LONG")" = 400
check "reopen without a reason: CLI exit 2" test "$(cli return --unit $T1 --year 2022 --reopen)" = 2
check "… naming --reason" grep -q -- '--reason' "$T/cli.err"
check "… API 400" test "$(api admin return '{"unit":"'$T1'","year":2022,"reopen":true}')" = 400
check "… page 400" test "$(page admin reopen $T1 2022)" = 400
check "a reviewer may not reopen: API 403" test "$(api reviewer return '{"unit":"'$T1'","year":2022,"reopen":true,"reason":"床位数有误"}')" = 403
check "… said in Chinese" grep -q '只有管理员可以重新打开已审核的数据' "$T/api.json"
check "… page 403" test "$(page reviewer reopen $T1 2022 床位数有误)" = 403
check "… said in Chinese" grep -q '只有管理员可以重新打开已审核的数据' "$T/page.html"
check "a reporter may not approve: API 403" test "$(api reporter approve '{"unit":"110115009","year":2022}')" = 403
check "… page 403" test "$(page reporter approve 110115009 2022)" = 403
check "the review page offers reopening to admins" grep -q 'value="reopen"' "$T/admin.review.html"
check "… not to reviewers" test "$(grep -c 'value="reopen"' "$T/reviewer.review.html")" = 0
snapshot "$T/after"
check "refusals changed nothing" cmp -s "$T/before" "$T/after"

# ---- done alike -----------------------------------------------------------------------------------
check "admin reopens with a reason: CLI exit 0" test "$(cli return --unit 110115011 --year 2021 --reopen --reason 床位数有误)" = 0
check "… 已重新打开并退回" grep -q '已重新打开并退回' "$T/cli.out"
check "… the town's figures returned" test "$(own_states 110115011 2021)" = returned
check "… API 200" test "$(api admin return '{"unit":"110115012","year":2021,"reopen":true,"reason":"床位数有误"}')" = 200
check "… the town's figures returned" test "$(own_states 110115012 2021)" = returned
check "… page 200" test "$(page admin reopen 110115013 2021 床位数有误)" = 200
check "… the town's figures returned" test "$(own_states 110115013 2021)" = returned
check "a second reopen finds nothing approved: CLI exit 1 (nothing to do)" test "$(cli return --unit 110115011 --year 2021 --reopen --reason 再次)" = 1
check "… nothing to move" grep -q '没有可重新打开并退回的数据' "$T/cli.err"
check "… API 200, moved 0" test "$(api admin return '{"unit":"110115012","year":2021,"reopen":true,"reason":"再次"}')" = 200
check "… moved 0" grep -q '"moved": *0' "$T/api.json"
check "… page 409 (nothing left to move)" test "$(page admin reopen 110115013 2021 再次)" = 409
finish
