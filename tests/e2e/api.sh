#!/bin/sh
# The JSON API, black box over HTTP with curl on loopback: every API route ×
# every role (admin, planner, reviewer, reporter, anonymous, bad token) →
# the expected status; subtrees; the write → submit → return → approve
# cycle with its locks; and hostile input (SQL injection strings, HTML in
# comments, invalid UTF-8, NUL, deep nesting, duplicate keys, huge bodies,
# wrong methods and content types, missing or wrong CSRF tokens) → the
# right status, a JSON error with a Chinese message, and nothing changed.
# At the end every recorded answer is validated against docs/openapi.json.
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
# Every answer is recorded for the contract check at the end (or into the
# file API_RECORD names, which the caller then checks).
API_RECORD=${API_RECORD:-$T/answers.jsonl}
for c in curl python3; do
    command -v "$c" >/dev/null 2>&1 || "$ROOT/scripts/deps.sh" >/dev/null 2>&1
    command -v "$c" >/dev/null 2>&1 || { echo "api.sh: $c is missing"; exit 1; }
done

DB=$(test_db api)
PW=api-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
for role in admin planner reviewer reporter; do
    "$PLANMON" token add "$role" e2e --db "$DB" >"$T/$role.tok" 2>/dev/null
    check "token for $role" test -s "$T/$role.tok"
done

serve_start "$DB"
JSON='Content-Type: application/json'

# jq-like: py EXPR reads $T/body as d and prints EXPR.
py() {
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(($1))" "$T/body"
}
# is_error CODE: the last body is {"error":{"code":CODE,"message":<Chinese>}}.
is_error() {
    python3 - "$T/body" "$1" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
e = d["error"]
assert set(d) == {"error"}, d
assert e["code"] == sys.argv[2], e
assert re.search("[\u4e00-\u9fff]", e["message"]), e
PY
}
# state: every stored figure with its state, and the history's length.
state() {
    "$PLANMON" export --db "$DB" --format csv >"$1"
    "$PLANMON" history --db "$DB" --format csv | wc -l >>"$1"
}

# ---- the access matrix ---------------------------------------------------------------
# Every API route of the route table must have a row here (checked below), so
# a new route cannot go untested. Writes use dry_run or a year without
# figures (2025), so that the matrix changes nothing.
ROW='{"unit":"110115009","year":2024,"item":"beds_elderly","value":230}'
EMPTY_YEAR='{"unit":"110115009","year":2025}'
# Whether reviewers may enter figures follows web_can (docs/web.md's table);
# the matrix takes it from /api/v1/me and holds the write routes to it.
api_req reviewer GET /api/v1/me >/dev/null
RV=$(py 'd["can"]["enter"]')
check "me: reviewer's right to enter is a boolean" sh -c "test '$RV' = True || test '$RV' = False"
[ "$RV" = True ] && RV=200 || RV=403
#          method route                          request                               body           admin planner reviewer reporter anon badtoken
cat >"$T/matrix" <<EOF
GET  /api/v1/me              /api/v1/me                              -                200 200 200 200 401 401
GET  /api/v1/plan            /api/v1/plan                            -                200 200 200 200 401 401
GET  /api/v1/indicators      /api/v1/indicators                      -                200 200 200 200 401 401
GET  /api/v1/indicators/*    /api/v1/indicators/17                   -                200 200 200 200 401 401
GET  /api/v1/units           /api/v1/units                           -                200 200 200 200 401 401
GET  /api/v1/values          /api/v1/values?year=2023&limit=5        -                200 200 200 200 401 401
POST /api/v1/values          /api/v1/values?dry_run=1                $ROW             200 403 $RV 200 401 401
PUT  /api/v1/values          /api/v1/values?dry_run=1                $ROW             200 403 $RV 200 401 401
POST /api/v1/values/submit   /api/v1/values/submit                   $EMPTY_YEAR      200 403 $RV 200 401 401
POST /api/v1/values/approve  /api/v1/values/approve                  $EMPTY_YEAR      200 403 200 403 401 401
POST /api/v1/values/return   /api/v1/values/return                   {"unit":"110115009","year":2025,"reason":"x"} 200 403 200 403 401 401
GET  /api/v1/status          /api/v1/status?year=2023                -                200 200 200 200 401 401
GET  /api/v1/history         /api/v1/history?year=2023&limit=5       -                200 200 200 200 401 401
GET  /api/v1/rounds/*        /api/v1/rounds/1                        -                200 200 200 200 401 401
GET  /api/v1/plans           /api/v1/plans                           -                200 200 200 200 401 401
GET  /api/v1/judgments       /api/v1/judgments                       -                200 200 200 200 401 401
POST /api/v1/judgments       /api/v1/judgments                       []               400 400 403 403 401 401
GET  /api/v1/tasks           /api/v1/tasks?state=lagging             -                200 200 200 200 401 401
GET  /api/v1/tasks/*         /api/v1/tasks/RW03                      -                200 200 200 200 401 401
PUT  /api/v1/tasks/*         /api/v1/tasks/RW01                      {}               422 422 403 403 401 401
POST /api/v1/tasks/*/updates /api/v1/tasks/RW01/updates              {}               400 400 403 403 401 401
POST /api/v1/tasks/*/updates/*/review /api/v1/tasks/RW01/updates/1/review {}        400 403 400 403 401 401
POST /api/v1/tasks/*/updates/*/attachments /api/v1/tasks/RW01/updates/999999/attachments?name=a.pdf {} 404 404 403 403 401 401
GET  /api/v1/depts           /api/v1/depts                           -                200 200 200 200 401 401
GET  /api/v1/depts/*         /api/v1/depts/ylfw                      -                200 200 200 200 401 401
GET  /api/v1/narratives      /api/v1/narratives?year=2023            -                200 200 200 200 401 401
POST /api/v1/narratives      /api/v1/narratives                      {}               400 400 400 400 401 401
EOF
state "$T/before.matrix"
while read -r m route path body a p rv rp an bt; do
    for pair in admin:$a planner:$p reviewer:$rv reporter:$rp anon:$an badtoken:$bt; do
        role=${pair%%:*} want=${pair#*:}
        if [ "$body" = - ]; then
            got=$(api_req "$role" "$m" "$path")
        else
            got=$(api_req "$role" "$m" "$path" -H "$JSON" --data-binary "$body")
        fi
        check "matrix: $role $m $route → $want (got $got)" test "$got" = "$want"
        check "matrix: $role $m $route answers JSON" grep -qi '^Content-Type: application/json' "$T/head"
        case $want in
        401) check "matrix: $role $m $route 401 is a JSON error" is_error unauthorized ;;
        403) check "matrix: $role $m $route 403 is a JSON error" is_error forbidden ;;
        esac
    done
done <"$T/matrix"
state "$T/after.matrix"
check "the matrix changed no figure and no history" cmp -s "$T/before.matrix" "$T/after.matrix"
"$PLANMON" routes --format json >"$T/routes.json"
check "every API route of the route table is in the matrix" python3 - "$T/routes.json" "$T/matrix" <<'PY'
import json, sys
table = {(r["method"], r["pattern"]) for r in json.load(open(sys.argv[1])) if r["pattern"].startswith("/api/")}
rows = {tuple(l.split()[:2]) for l in open(sys.argv[2]) if l.strip()}
sys.exit(0 if table == rows else 1)
PY

# ---- subtrees ------------------------------------------------------------------------------
for p in '/api/v1/status?unit=110115' '/api/v1/status?unit=110115010' '/api/v1/values?unit=110115010' \
    '/api/v1/history?unit=110115' '/api/v1/units?unit=110115'; do
    check "reporter: $p → 403" test "$(api_req reporter GET "$p")" = 403
done
check "reporter: its village → 200" test "$(api_req reporter GET '/api/v1/status?unit=110115009001')" = 200
check "… the village's document" test "$(py 'd["unit"]')" = 110115009001
api_req reporter GET /api/v1/status >/dev/null
check "reporter: status without unit is its town" test "$(py 'd["unit"]')" = 110115009
api_req reporter GET /api/v1/units >/dev/null
check "reporter: the tree starts at its town" test "$(py 'd["root"]["code"]')" = 110115009
api_req admin GET /api/v1/units >/dev/null
check "admin: the tree starts at the district with 22 towns" test "$(py 'len(d["root"]["children"])')" = 22
check "reviewer (district) reads a town" test "$(api_req reviewer GET '/api/v1/values?unit=110115010&year=2023')" = 200
check "planner reads any town" test "$(api_req planner GET '/api/v1/history?unit=110115022&limit=3')" = 200
check "reporter may not submit another town → 403" test "$(api_req reporter POST /api/v1/values/submit -H "$JSON" \
    --data-binary '{"unit":"110115010","year":2024}')" = 403

# ---- reading --------------------------------------------------------------------------------
api_req planner GET /api/v1/plan >/dev/null
check "plan: 32 indicators" test "$(py 'len(d["indicators"])')" = 32
check "plan: four goals" test "$(py 'len(d["goals"])')" = 4
check "plan: the period" test "$(py 'd["base_year"], d["target_year"]')" = "(2020, 2025)"
check "plan: indicators carry the plan parse fields" test "$(py 'sorted(d["indicators"][0])')" = \
    "['baseline', 'binding', 'code', 'cumulative', 'domain', 'formula', 'name', 'no', 'polarity', 'qualitative', 'rate', 'subdomain', 'target', 'target_op', 'unit']"
api_req planner GET /api/v1/indicators/I25 >/dev/null
check "indicator by code" test "$(py 'd["no"], d["binding"], d["element"]["kind"]')" = "(25, True, 'share')"
check "unknown indicator → 404" test "$(api_req planner GET /api/v1/indicators/99)" = 404
check "… as a JSON error" is_error unknown_indicator
"$PLANMON" status --db "$DB" --year 2023 --format json >"$T/cli-status.json"
api_req planner GET '/api/v1/status?year=2023' >/dev/null
check "status API = planmon status --format json" python3 -c "
import json,sys
a=json.load(open('$T/cli-status.json')); b=json.load(open('$T/body'))
sys.exit(0 if a==b else 1)"
"$PLANMON" status --db "$DB" --year 2022 --unit 110115009 --method sdg --format json >"$T/cli-sdg.json"
api_req planner GET '/api/v1/status?year=2022&unit=110115009&method=sdg' >/dev/null
check "status API sdg = planmon status --method sdg" python3 -c "
import json,sys
a=json.load(open('$T/cli-sdg.json')); b=json.load(open('$T/body'))
sys.exit(0 if a==b else 1)"
check "status: bad method → 400" test "$(api_req planner GET '/api/v1/status?method=avg')" = 400
check "… bad_method" is_error bad_method
check "status: year outside the plan → 400" test "$(api_req planner GET '/api/v1/status?year=1999')" = 400
check "… bad_year" is_error bad_year
check "values: unknown unit → 404" test "$(api_req admin GET '/api/v1/values?unit=nope')" = 404
check "… unknown_unit" is_error unknown_unit
check "values: unknown item → 404" test "$(api_req admin GET '/api/v1/values?item=nope')" = 404
check "… unknown_item" is_error unknown_item
check "values: limit 0 → 400" test "$(api_req admin GET '/api/v1/values?limit=0')" = 400
check "values: limit not a number → 400" test "$(api_req admin GET '/api/v1/values?limit=ten')" = 400
check "values: a limit truncates" test "$(api_req admin GET '/api/v1/values?limit=3')" = 200
check "… to 3 rows, said so" test "$(py 'len(d["values"]), d["truncated"]')" = "(3, True)"
api_req admin GET '/api/v1/values?unit=110115009&year=2023&item=beds_elderly' >/dev/null
check "values: one figure, approved" test "$(py 'len(d["values"]), d["values"][0]["state"]')" = "(1, 'approved')"
api_req admin GET '/api/v1/values?unit=110115009&year=2023&item=25' >/dev/null
check "values: item by an indicator 序号 entered directly" test "$(api_req admin GET '/api/v1/values?item=25&limit=1')" = 200
check "values: an indicator computed from elements → 404" test "$(api_req admin GET '/api/v1/values?item=1')" = 404
check "unknown API path → 404 JSON" test "$(api_req admin GET /api/v1/nope)" = 404
check "… not_found" is_error not_found
check "HEAD → 200 without a body" test "$(curl -s -I -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/admin.tok")" "$B/api/v1/plan")" = 200

# ---- the review cycle ---------------------------------------------------------------------------
W="unit=110115009&year=2024&item=beds_elderly"
check "reporter writes a 2024 figure → 200" test "$(api_req reporter POST /api/v1/values -H "$JSON" --data-binary "$ROW")" = 200
check "… one written as a draft" test "$(py 'd["written"], d["state"]')" = "(1, 'draft')"
api_req admin GET "/api/v1/values?$W" >/dev/null
check "… stored as a draft" test "$(py 'd["values"][0]["value"], d["values"][0]["state"]')" = "(230, 'draft')"
check "writing the same again → 200, unchanged" test "$(api_req reporter PUT /api/v1/values -H "$JSON" --data-binary "$ROW")" = 200
check "… nothing written" test "$(py 'd["written"], d["unchanged"]')" = "(0, 1)"
check "a jump without a comment is written with a warning" test "$(api_req reporter POST /api/v1/values -H "$JSON" \
    --data-binary '{"unit":"110115009","year":2024,"item":"beds_elderly","value":900}')" = 200
check "… the warning asks for a comment, in Chinese" test "$(py 'd["unanswered_warnings"], d["warnings"][0]["level"], "说明" in d["warnings"][0]["message"]')" = "(1, 'warning', True)"
check "the same with a comment → 200" test "$(api_req reporter POST /api/v1/values -H "$JSON" \
    --data-binary '{"values":[{"unit":"110115009","year":2024,"item":"beds_elderly","value":231,"comment":"新建养老院投入使用"}]}')" = 200
check "reporter submits → 200" test "$(api_req reporter POST /api/v1/values/submit -H "$JSON" \
    --data-binary '{"unit":"110115009","year":2024}')" = 200
check "… one figure moved" test "$(py 'd["moved"], d["state"]')" = "(1, 'submitted')"
state "$T/before.locked"
check "a submitted figure cannot be changed → 409" test "$(api_req reporter POST /api/v1/values -H "$JSON" --data-binary "$ROW")" = 409
check "… locked, with the issue" test "$(py 'd["error"]["code"], d["error"]["issues"][0]["field"]')" = "('locked', 'value')"
check "return without a reason → 400" test "$(api_req reviewer POST /api/v1/values/return -H "$JSON" \
    --data-binary '{"unit":"110115009","year":2024}')" = 400
check "… missing_reason" is_error missing_reason
state "$T/after.locked"
check "refused writes changed nothing" cmp -s "$T/before.locked" "$T/after.locked"
check "reviewer returns with a reason → 200" test "$(api_req reviewer POST /api/v1/values/return -H "$JSON" \
    --data-binary '{"unit":"110115009","year":2024,"reason":"床位数有误"}')" = 200
check "reporter corrects the returned figure → 200" test "$(api_req reporter POST /api/v1/values -H "$JSON" \
    --data-binary '{"unit":"110115009","year":2024,"item":"beds_elderly","value":232,"comment":"已核实"}')" = 200
check "reporter submits again" test "$(api_req reporter POST /api/v1/values/submit -H "$JSON" --data-binary '{"year":2024}')" = 200
check "reviewer approves → 200" test "$(api_req reviewer POST /api/v1/values/approve -H "$JSON" \
    --data-binary '{"unit":"110115009","year":2024,"item":"beds_elderly"}')" = 200
check "… one approved" test "$(py 'd["moved"], d["state"], d["item"]')" = "(1, 'approved', 'beds_elderly')"
check "an approved figure is locked → 409" test "$(api_req admin PUT /api/v1/values -H "$JSON" --data-binary "$ROW")" = 409
check "a reviewer may not reopen → 403 (admins only, as on the page)" test "$(api_req reviewer POST /api/v1/values/return \
    -H "$JSON" --data-binary '{"unit":"110115009","year":2024,"reopen":true,"reason":"床位数有误"}')" = 403
check "… forbidden" is_error forbidden
check "reopen needs a reason → 400" test "$(api_req admin POST /api/v1/values/return -H "$JSON" \
    --data-binary '{"unit":"110115009","year":2024,"reopen":true}')" = 400
api_req reporter GET "/api/v1/history?$W" >/dev/null
check "history: every step, oldest first, with who" test "$(py '[(h["who"], h["new_state"]) for h in d["history"]]')" = \
    "[('reporter', 'draft'), ('reporter', 'draft'), ('reporter', 'draft'), ('reporter', 'submitted'), ('reviewer', 'returned'), ('reporter', 'draft'), ('reporter', 'submitted'), ('reviewer', 'approved')]"
check "history: the reason of the return" test "$(py 'd["history"][4]["why"]')" = 床位数有误
check "history: the comment" test "$(py 'd["history"][5]["comment"]')" = 已核实
api_req admin GET '/api/v1/status?unit=110115009&year=2024' >/dev/null
check "status 2024 sees the approved figure" test "$(py 'd["year"]')" = 2024

# ---- refused writes change nothing ----------------------------------------------------------------
state "$T/before.hostile"
post() { # post EXPECTED_STATUS WHAT [curl args…]: a POST /api/v1/values by the reporter
    _want=$1 _what=$2
    shift 2
    check "$_what → $_want" test "$(api_req reporter POST /api/v1/values "$@")" = "$_want"
}
post 403 "another town's figure" -H "$JSON" --data-binary '{"unit":"110115010","year":2024,"item":"beds_elderly","value":5}'
check "… forbidden, issue in Chinese on unit" test "$(py 'd["error"]["code"], d["error"]["issues"][0]["field"], "黄村镇" in d["error"]["issues"][0]["message"]')" = "('forbidden', 'unit', True)"
# Issue 10: another town's figure in a locked (approved) year was answered
# 409 "该数据已审核锁定（现值 …）", showing a figure a read refuses (403).
api_req admin GET '/api/v1/values?unit=110115010&year=2023&item=beds_elderly' >/dev/null
check "… (that town's 2023 figure is approved)" test "$(py 'd["values"][0]["state"]')" = approved
post 403 "another town's figure in a locked year" -H "$JSON" --data-binary '{"unit":"110115010","year":2023,"item":"beds_elderly","value":5}'
check "… forbidden, not locked" is_error forbidden
check "… showing neither the stored figure nor the lock" sh -c "! grep -q -e '现值' -e '锁定' '$T/body'"
post 403 "… also beside a row of the reporter's own" -H "$JSON" --data-binary \
    '[{"unit":"110115009","year":2024,"item":"caregivers","value":12},{"unit":"110115010","year":2023,"item":"beds_elderly","value":5}]'
check "… still without the figure" sh -c "! grep -q '现值' '$T/body'"
post 422 "one bad row refuses the good ones" -H "$JSON" --data-binary \
    '[{"unit":"110115009","year":2024,"item":"caregivers","value":12},{"unit":"110115009","year":2024,"item":"care_centers","value":-1}]'
check "… the issue names the second row" test "$(py 'd["error"]["issues"][0]["index"]')" = 1
post 422 "a count with decimals" -H "$JSON" --data-binary '{"unit":"110115009","year":2024,"item":"caregivers","value":1.5}'
post 422 "a year outside the plan" -H "$JSON" --data-binary '{"unit":"110115009","year":2031,"item":"caregivers","value":1}'
post 422 "a value that is not a number" -H "$JSON" --data-binary '{"unit":"110115009","year":2024,"item":"caregivers","value":"十二"}'
post 422 "a null value" -H "$JSON" --data-binary '{"unit":"110115009","year":2024,"item":"caregivers","value":null}'
post 422 "a village's item given to a town" -H "$JSON" --data-binary '{"unit":"110115009","year":2024,"item":"pop_resident","value":100}'
post 422 "duplicate rows" -H "$JSON" --data-binary \
    '[{"unit":"110115009","year":2024,"item":"caregivers","value":12},{"unit":"110115009","year":2024,"item":"caregivers","value":12}]'
# SQL injection strings are only strings: unknown codes, never SQL.
post 422 "SQL in the unit" -H "$JSON" --data-binary '{"unit":"110115009'"'"' OR '"'"'1'"'"'='"'"'1","year":2024,"item":"caregivers","value":1}'
post 422 "SQL in the item" -H "$JSON" --data-binary '{"unit":"110115009","year":2024,"item":"caregivers; DROP TABLE value_history;--","value":1}'
post 422 "SQL in the year" -H "$JSON" --data-binary '{"unit":"110115009","year":"2024 OR 1=1","item":"caregivers","value":1}'
check "SQL in a query parameter → 404" test "$(api_req reporter GET "/api/v1/values?unit=110115009%27%20OR%201%3D1--")" = 404
check "SQL in an item parameter → 404" test "$(api_req reporter GET "/api/v1/history?item=x%27%3BDROP%20TABLE%20users%3B--")" = 404
# Malformed requests.
post 400 "not JSON" -H "$JSON" --data-binary '{"unit":'
check "… bad_json in Chinese" is_error bad_json
post 400 "an empty body" -H "$JSON"
post 400 "invalid UTF-8 inside a string" -H "$JSON" --data-binary "$(printf '{"unit":"110115009","year":2024,"item":"caregivers","value":1,"comment":"\377\376"}')"
post 400 "a NUL escape" -H "$JSON" --data-binary '{"unit":"110115009\u0000","year":2024,"item":"caregivers","value":1}'
post 400 "duplicate keys" -H "$JSON" --data-binary '{"unit":"110115009","unit":"110115010","year":2024,"item":"caregivers","value":1}'
python3 -c "print('['*100000 + ']'*100000)" >"$T/deep.json"
post 400 "nesting 100000 deep" -H "$JSON" --data-binary @"$T/deep.json"
post 400 "a bare number" -H "$JSON" --data-binary '42'
post 400 "an empty array" -H "$JSON" --data-binary '[]'
post 400 "an unknown field" -H "$JSON" --data-binary '{"unit":"110115009","year":2024,"item":"caregivers","vlaue":1}'
check "… named" test "$(py '"vlaue" in d["error"]["message"]')" = True
post 400 "a missing unit" -H "$JSON" --data-binary '{"year":2024,"item":"caregivers","value":1}'
post 400 "a unit that is an object" -H "$JSON" --data-binary '{"unit":{"$ne":1},"year":2024,"item":"caregivers","value":1}'
post 400 "a value that is an array" -H "$JSON" --data-binary '{"unit":"110115009","year":2024,"item":"caregivers","value":[1]}'
post 400 "dry_run that is not a boolean" -H "$JSON" --data-binary '{"values":[],"dry_run":"yes"}'
post 415 "text/plain" -H 'Content-Type: text/plain' --data-binary "$ROW"
check "… unsupported_media_type" is_error unsupported_media_type
post 415 "a form" --data-urlencode "unit=110115009"
post 415 "no content type" -H 'Content-Type:' --data-binary "$ROW"
post 415 "multipart" -F "file=@$T/deep.json"
post 415 "application/jsonp" -H 'Content-Type: application/jsonp' --data-binary "$ROW"
check "submit with a form → 415" test "$(api_req reporter POST /api/v1/values/submit --data-urlencode year=2024)" = 415
head -c 2000000 /dev/zero | tr '\0' ' ' >"$T/big"
post 413 "a 2 MB body" -H "$JSON" --data-binary @"$T/big"
check "… payload_too_large" is_error payload_too_large
post 413 "a 2 MB chunked body" -H "$JSON" -H 'Transfer-Encoding: chunked' --data-binary @"$T/big"
python3 -c "
import json; print(json.dumps([{'unit':'1','year':1,'item':'a','value':1}]*20001, separators=(',',':')))" >"$T/rows.json"
post 413 "20001 rows" -H "$JSON" --data-binary @"$T/rows.json"
check "DELETE /api/v1/values → 405" test "$(api_req reporter DELETE /api/v1/values)" = 405
check "… Allow lists GET, HEAD, POST, PUT" grep -q '^Allow: GET, HEAD, POST, PUT' "$T/head"
check "… method_not_allowed" is_error method_not_allowed
check "GET /api/v1/values/approve → 405" test "$(api_req reviewer GET /api/v1/values/approve)" = 405
check "PATCH /api/v1/plan → 405" test "$(api_req admin PATCH /api/v1/plan -H "$JSON" --data-binary '{}')" = 405
check "a bearer token with nothing after it → 401" test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer ' "$B/api/v1/plan")" = 401
check "another scheme is anonymous → 401" test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Basic YWRtaW46eA==' "$B/api/v1/plan")" = 401
check "a bearer token opens no HTML page" test "$(api_req admin GET /)" = 302
state "$T/after.hostile"
check "nothing changed after the refused requests" cmp -s "$T/before.hostile" "$T/after.hostile"

# HTML and SQL in a comment are stored as given and come back as JSON text.
EVIL='<script>alert(1)</script>'"'"'; DROP TABLE value_history;--'
python3 -c "import json,sys; print(json.dumps({'unit':'110115009','year':2024,'item':'caregivers','value':12,'comment':sys.argv[1]}))" "$EVIL" >"$T/evil.json"
check "a comment with HTML and SQL → 200" test "$(api_req reporter POST /api/v1/values -H "$JSON" --data-binary @"$T/evil.json")" = 200
api_req reporter GET '/api/v1/values?unit=110115009&year=2024&item=caregivers' >/dev/null
check "… read back exactly" test "$(py 'd["values"][0]["comment"]')" = "$EVIL"
check "… with </script> escaped as <\\/script>" grep -qF '<\/script>' "$T/body"
check "… served as JSON, not sniffed" grep -qi '^X-Content-Type-Options: nosniff' "$T/head"
check "the history table survived" test "$(api_req admin GET '/api/v1/history?limit=1')" = 200

# ---- a browser session: cookie + CSRF ------------------------------------------------------------------
check "session: the reporter logs in" web_login "$B" reporter "$PW" "$T/rp.jar"
check "session: /api/v1/me with the cookie → 200" test "$(api_req "jar:$T/rp.jar" GET /api/v1/me)" = 200
CSRF=$(py 'd["csrf"]')
check "session: me gives the CSRF token" test -n "$CSRF" -a "$CSRF" != None
state "$T/before.csrf"
check "session: a write without X-CSRF-Token → 403" test "$(api_req "jar:$T/rp.jar" POST /api/v1/values -H "$JSON" --data-binary "$ROW")" = 403
check "… csrf" is_error csrf
check "session: a wrong X-CSRF-Token → 403" test "$(api_req "jar:$T/rp.jar" POST /api/v1/values -H "$JSON" -H 'X-CSRF-Token: nope' --data-binary "$ROW")" = 403
check "session: submit without X-CSRF-Token → 403" test "$(api_req "jar:$T/rp.jar" POST /api/v1/values/submit -H "$JSON" --data-binary '{"year":2024}')" = 403
state "$T/after.csrf"
check "session: refused writes changed nothing" cmp -s "$T/before.csrf" "$T/after.csrf"
check "session: with the token → 200" test "$(api_req "jar:$T/rp.jar" POST /api/v1/values -H "$JSON" -H "X-CSRF-Token: $CSRF" \
    --data-binary '{"unit":"110115009","year":2024,"item":"caregivers","value":13,"comment":"会话写入"}')" = 200
api_req admin GET '/api/v1/history?unit=110115009&year=2024&item=caregivers' >/dev/null
check "session: the history names the web session" test "$(py 'd["history"][-1]["why"]')" = "接口写入（网页会话）"

# ---- stop ---------------------------------------------------------------------------------------------------
kill -TERM "$SRV"
wait "$SRV"
RC=$?
SRV=
check "SIGTERM stops the server cleanly" test "$RC" -eq 0
check "no sanitizer report from the server" sh -c "! grep -q 'Sanitizer' '$T/serve.err'"

# ---- the contract: every answer above against docs/openapi.json --------------------------------------
# (lib.sh's api_contract; a caller that named API_RECORD checks it itself)
if [ "$API_RECORD" = "$T/answers.jsonl" ]; then
    api_contract
fi
finish
