#!/bin/sh
# The plan set on the web and the API (issue 11): ?plan=CODE on every call
# (unknown: 404 unknown_plan), GET /api/v1/plans, the pages /plans (switch,
# remembered in a cookie) and /judgments (planners record 已实现 / 基本实现 /
# 未实现 with a note; others may not), POST /api/v1/judgments with its
# refusals, and the judgment in the status of the plan.
set -u
. "$(dirname "$0")/../lib.sh"

DB=$(test_db web)
PW=plans-web-2026
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
for role in planner reporter; do
    "$PLANMON" token add "$role" e2e --db "$DB" >"$T/$role.tok" 2>/dev/null
done
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
check "server prints the address" test -n "$PORT"
[ -n "$PORT" ] || { cat "$T/serve.err"; finish; exit 1; }
B=http://127.0.0.1:$PORT

# api ROLE METHOD PATH [curl args…]: the status; the body in $T/body.
api() {
    _r=$1 _m=$2 _p=$3
    shift 3
    curl -s -o "$T/body" -w '%{http_code}' -X "$_m" -H "Authorization: Bearer $(cat "$T/$_r.tok")" "$@" "$B$_p"
}
check "GET /api/v1/plans: 200" test "$(api planner GET /api/v1/plans)" = 200
check "plans: 14th the default and in use, 15th beside it" python3 -c "
import json,sys; p=json.load(open(sys.argv[1]))['plans']
assert [(x['code'], x['default'], x['in_use']) for x in p] == [('14th', True, True), ('15th', False, False)], p" "$T/body"
check "GET /api/v1/plans?plan=15th: 200" test "$(api planner GET '/api/v1/plans?plan=15th')" = 200
check "… 15th in use, 14th still the default" python3 -c "
import json,sys; p=json.load(open(sys.argv[1]))['plans']
assert [(x['code'], x['default'], x['in_use']) for x in p] == [('14th', True, False), ('15th', False, True)], p" "$T/body"
check "GET /api/v1/plans?plan=16th: 404 unknown_plan" sh -c \
    'test "$1" = 404 && grep -q unknown_plan "$2"' sh "$(api planner GET '/api/v1/plans?plan=16th')" "$T/body"
check "GET /api/v1/plan?plan=15th: 200" test "$(api planner GET '/api/v1/plan?plan=15th')" = 200
check "the 15th plan: its code and 17 indicators" python3 -c "
import json,sys; p=json.load(open(sys.argv[1])); assert p['code'] == '15th' and len(p['indicators']) == 17, p['code']" "$T/body"
check "GET /api/v1/status?plan=16th: 404" test "$(api planner GET '/api/v1/status?plan=16th')" = 404
check "unknown plan: unknown_plan, naming the plans" python3 -c "
import json,sys; e=json.load(open(sys.argv[1]))['error']; assert e['code'] == 'unknown_plan' and '15th' in e['message'], e" "$T/body"
check "status of 15th by period name: 200" test "$(api planner GET '/api/v1/status?plan=%E5%8D%81%E4%BA%94%E4%BA%94')" = 200
check "status of 15th: 2026, qualitative indicators manual" python3 -c "
import json,sys; s=json.load(open(sys.argv[1]))
assert s['year'] == 2026 and len(s['indicators']) == 17
q=[i for i in s['indicators'] if i['qualitative']]
assert [i['status'] for i in q] == ['manual', 'manual'], q" "$T/body"

# Recording judgments through the API.
J='Content-Type: application/json'
check "POST judgment as planner: 201" \
    test "$(api planner POST '/api/v1/judgments?plan=15th' -H "$J" -d '{"item":12,"year":2026,"verdict":"已实现","note":"同步推进"}')" = 201
check "POST judgment of a numeric indicator: 400" \
    test "$(api planner POST '/api/v1/judgments?plan=15th' -H "$J" -d '{"item":2,"year":2026,"verdict":"已实现"}')" = 400
check "POST judgment with an unknown verdict: 400" \
    test "$(api planner POST '/api/v1/judgments?plan=15th' -H "$J" -d '{"item":12,"year":2026,"verdict":"很好"}')" = 400
check "POST judgment outside the plan period: 400" \
    test "$(api planner POST '/api/v1/judgments?plan=15th' -H "$J" -d '{"item":12,"year":2024,"verdict":"已实现"}')" = 400
check "POST judgment as a reporter: 403" \
    test "$(api reporter POST '/api/v1/judgments?plan=15th' -H "$J" -d '{"item":12,"year":2026,"verdict":"已实现"}')" = 403
check "GET judgments of 15th: 200" test "$(api planner GET '/api/v1/judgments?plan=15th')" = 200
check "judgments: the demo's and the one recorded, oldest first" python3 -c "
import json,sys; j=json.load(open(sys.argv[1]))['judgments']
assert [(x['indicator'], x['verdict'], x['who']) for x in j] == [('15th.I07', 'mostly', 'planner'), ('15th.I12', 'achieved', 'planner')], j
assert j[1]['note'] == '同步推进'" "$T/body"
check "the default plan has none" sh -c "test \"\$(curl -s -H 'Authorization: Bearer $(cat "$T/planner.tok")' $B/api/v1/judgments)\" = '{\"plan\":\"14th\",\"judgments\":[]}'"

# Pages: log in, switch to 15th, the cookie keeps it.
JAR=$T/planner.jar
curl -s -c "$JAR" -b "$JAR" "$B/login" >"$T/login.html"
curl -s -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "csrf=$(csrf_of "$T/login.html")" \
    --data-urlencode "name=planner" --data-urlencode "password=$PW" "$B/login"
curl -s -b "$JAR" -c "$JAR" "$B/plans" >"$T/plans.html"
check "/plans lists both plans with a switch" sh -c "grep -q '大兴区民政事业发展“十五五”规划（示例）' '$T/plans.html' && grep -q 'href=\"/?plan=15th\"' '$T/plans.html'"
curl -s -D "$T/head" -b "$JAR" -c "$JAR" "$B/?plan=15th" >"$T/over.html"
check "?plan=15th sets the plan cookie" grep -qi '^set-cookie: pm_plan=15th; Path=/; HttpOnly; SameSite=Lax' "$T/head"
check "the overview shows the 15th plan" grep -q '“十五五”规划（示例）' "$T/over.html"
curl -s -b "$JAR" -c "$JAR" "$B/judgments" >"$T/j.html"
# The plan selector on every page: a labelled select of the database's plans
# in a GET form to the page itself; the plan shown (the cookie's) selected.
check "selector on the page: labelled, both plans, 15th selected, a button" python3 - "$T/j.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding='utf-8').read()
m = re.search(r'<form class="plan-pick" method="get" action="([^"]*)">(.*?)</form>', h, re.S)
assert m and m.group(1) == '/judgments', m
f = m.group(2)
assert '<label for="plan-pick">规划</label>' in f and '<select id="plan-pick" name="plan">' in f, f
opts = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', f)
assert [(v, bool(s)) for v, s, _ in opts] == [('14th', False), ('15th', True)], opts
assert '当前规划' in opts[0][2] and '（2026—2030年）' in opts[1][2], opts
assert '<button type="submit">切换</button>' in f
PY
curl -s -D "$T/head3" -b "$JAR" -c "$JAR" "$B/judgments?plan=14th" >"$T/j14.html"
check "choosing 14th in the selector (GET ?plan=14th): cookie set, 14th selected" sh -c "
    grep -qi '^set-cookie: pm_plan=14th;' '$T/head3' && grep -q '<option value=\"14th\" selected>' '$T/j14.html'"
curl -s -b "$JAR" -c "$JAR" "$B/judgments" >"$T/j.html"
check "the cookie keeps 14th" grep -q '<option value="14th" selected>' "$T/j.html"
curl -s -b "$JAR" -c "$JAR" "$B/?plan=15th" >/dev/null
curl -s -b "$JAR" -c "$JAR" "$B/judgments" >"$T/j.html"
check "/judgments (cookie): the 15th plan's qualitative indicators" sh -c "grep -q '养老服务综合质量' '$T/j.html' && grep -q '城乡社区治理水平' '$T/j.html'"
check "/judgments: a planner gets the form" grep -q 'action="/judgments"' "$T/j.html"
code=$(curl -s -o "$T/post.html" -w '%{http_code}' -b "$JAR" -c "$JAR" --data-urlencode "csrf=$(csrf_of "$T/j.html")" \
    --data-urlencode "item=15th.I07" --data-urlencode "year=2027" --data-urlencode "verdict=已实现" \
    --data-urlencode "note=<b>满意度调查完成</b>" "$B/judgments")
check "POST /judgments: 200" test "$code" = 200
check "POST /judgments: recorded, note escaped" sh -c "grep -q '已记录人工评价' '$T/post.html' && grep -q '&lt;b&gt;满意度调查完成&lt;/b&gt;' '$T/post.html' && ! grep -q '<b>满意度' '$T/post.html'"
curl -s -b "$JAR" "$B/?plan=" -D "$T/head2" >/dev/null
check "?plan= (empty) goes back to the default" grep -qi '^set-cookie: pm_plan=; .*Max-Age=0' "$T/head2"
curl -s -o /dev/null -w '%{http_code}' -b "$JAR" "$B/?plan=16th" >"$T/c404"
check "a page of an unknown plan: 404" test "$(cat "$T/c404")" = 404
"$PLANMON" judgments --db "$DB" --plan 15th --format json >"$T/all.json"
check "the CLI sees what the web recorded" python3 -c "
import json,sys; j=json.load(open(sys.argv[1])); assert len(j) == 3 and j[2]['year'] == 2027 and j[2]['note'] == '<b>满意度调查完成</b>', j" "$T/all.json"

kill -TERM "$SRV"
wait "$SRV" 2>/dev/null
SRV=
finish
