#!/bin/sh
# The warning hold on the web's other submit doors (issue 14): the entry
# page's 全部提交审核 and POST /api/v1/values/submit hold back, as
# `planmon submit` does (cli_submit.sh), while a warning of what they
# would move has no 说明 — 422 with a Chinese message naming the figure,
# nothing submitted — and submit once the comment explains it.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "submit_hold.sh: curl is missing"; exit 1; }

DB=$(test_db hold)
PW=e2e-pass-2025
TOWN=110115009 # 黄村镇: the demo reporter's town
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >"$T/demo.out" 2>&1
check "demo" db_made "$DB"
"$PLANMON" token add reporter e2e --db "$DB" >"$T/tok" 2>/dev/null
check "a token for the reporter" test -s "$T/tok"
state() { "$PLANMON" export --db "$DB" --format csv --encoding utf-8 --year 2024; }
CARE=$("$PLANMON" export --db "$DB" --format csv --encoding utf-8 --year 2023 --unit $TOWN |
    awk -F, -v u=$TOWN '$1 == u && $3 == "caregivers" { print $4 }' | head -n 1)
check "2023's caregivers are there" test -n "$CARE"
printf 'unit,year,item,value\n%s,2024,caregivers,%s\n%s,2024,burials,215\n' $TOWN $((CARE * 5)) $TOWN >"$T/jump.csv"
"$PLANMON" import --db "$DB" --as reporter "$T/jump.csv" >"$T/out" 2>&1
check "a figure five times last year's is a draft with an unexplained warning" grep -q '未说明 1 个' "$T/out"
state >"$T/drafts.csv"

serve_start "$DB"
check "the reporter logs in" web_login "$B" reporter "$PW" "$T/jar"
E="/entry?unit=$TOWN&year=2024"
curl -s -o "$T/e0.html" -b "$T/jar" "$B$E"
CSRF=$(csrf_of "$T/e0.html")
check "the entry page offers 全部提交审核" grep -q 'value="submit_tree"' "$T/e0.html"
submit_tree() {
    curl -s -o "$T/e1.html" -w '%{http_code}' -b "$T/jar" --data-urlencode "csrf=$CSRF" \
        --data-urlencode action=submit_tree "$B$E"
}
check "全部提交审核 with an unexplained warning → 422" test "$(submit_tree)" = 422
check "…saying why, in Chinese" grep -q '有 1 个警告尚未说明原因，未提交任何数据' "$T/e1.html"
check "…naming the figure and the warning" grep -q "黄村镇 2024 年“养老护理员”（$((CARE * 5))）：比上年（$CARE）增加超过一倍" "$T/e1.html"
check "…nothing submitted" sh -c "'$PLANMON' export --db '$DB' --format csv --encoding utf-8 --year 2024 | cmp -s - '$T/drafts.csv'"

api_submit() {
    curl -s -o "$T/a.json" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/tok")" \
        -H 'Content-Type: application/json' --data "$1" "$B/api/v1/values/submit"
}
check "the API's submit with an unexplained warning → 422" test "$(api_submit "{\"unit\":\"$TOWN\",\"year\":2024}")" = 422
check "…a JSON error with the Chinese message" python3 -c "
import json, sys
e = json.load(open(sys.argv[1]))['error']
assert e['code'] == 'unexplained_warnings', e
assert e['message'].startswith('有 1 个警告尚未说明原因，未提交任何数据') and '养老护理员' in e['message'], e" "$T/a.json"
check "…nothing submitted" sh -c "'$PLANMON' export --db '$DB' --format csv --encoding utf-8 --year 2024 | cmp -s - '$T/drafts.csv'"
check "the API's submit of another item is not held back by it → 200" \
    test "$(api_submit "{\"unit\":\"$TOWN\",\"year\":2024,\"item\":\"burials\"}")" = 200
check "…and moved that one" python3 -c "
import json, sys
assert json.load(open(sys.argv[1]))['moved'] == 1" "$T/a.json"

# Explained on the form (保存草稿 with a 说明), 全部提交审核 goes through.
curl -s -o "$T/e2.html" -b "$T/jar" --data-urlencode "csrf=$CSRF" --data-urlencode action=save \
    --data-urlencode "v_caregivers=$((CARE * 5))" --data-urlencode "c_caregivers=新建养老照料中心招聘护理员" "$B$E"
check "explained and saved, 全部提交审核 → 200" test "$(submit_tree)" = 200
check "…submitted" grep -q '已提交黄村镇及其下级单位 2024 年的 1 个数据' "$T/e1.html"
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
SRV=
check "no sanitizer report from the server" sh -c "! grep -q 'Sanitizer' '$T/serve.err'"
finish
