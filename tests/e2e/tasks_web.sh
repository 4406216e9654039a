#!/bin/sh
# Key tasks and projects over HTTP (issue 13): the API (GET /api/v1/tasks,
# /api/v1/tasks/{code}, POST /api/v1/tasks/{code}/updates, GET
# /api/v1/depts) and the pages (/tasks, /tasks/{code}, /depts) under the
# access rule — a department's member sees and reports on its own
# department's tasks only (another's → 403), a town's reporter its town's,
# planners and admins all — with the history of reports kept (append-only,
# shown on the page). The API's list equals `planmon task list`.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "tasks_web.sh: curl is missing"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "tasks_web.sh: python3 is missing"; exit 1; }
DB=$(test_db t)
PW=tasks-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
# Indicator No. 8 (an alert of the demo) given to 慈善社工科 by a 分解落实表: the pages and the API
# must name what this file says (the demo's own assignment named 社会救助科).
printf '序号,类型,指标/任务/项目,牵头单位,配合单位,完成时限\n1,指标,8,慈善社工科,区财政局,2024年6月\n' >"$T/duty.csv"
check "分解落实表 for No. 8" "$PLANMON" task import --db "$DB" "$T/duty.csv"
# yl1: a member of 养老服务科 (ylfw), which leads RW03–RW05, XM03, XM04.
PLANMON_PASSWORD=$PW "$PLANMON" user add yl1 --role reporter --db "$DB" >/dev/null 2>&1
check "dept user" "$PLANMON" user dept yl1 养老服务科 --db "$DB"
for u in admin planner reviewer reporter yl1; do
    "$PLANMON" token add "$u" e2e --db "$DB" >"$T/$u.tok" 2>/dev/null
done
serve_start "$DB"
JSON='Content-Type: application/json'

py() {
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(($1))" "$T/body"
}
codes() { py '" ".join(t["code"] for t in d["tasks"])'; }

# ---- who sees what ------------------------------------------------------------------------
check "planner lists" test "$(api_req planner GET /api/v1/tasks)" = 200
check "planner sees all 28 tasks and projects" test "$(py 'd["counts"]["total"]')" = 28
api_req yl1 GET /api/v1/tasks >/dev/null
check "dept user sees its department's tasks only" test "$(codes)" = "RW03 RW04 RW05 XM03 XM04"
api_req reporter GET /api/v1/tasks >/dev/null
check "town reporter sees the tasks its town carries" test "$(codes)" = "RW03 RW09 RW12 XM03 XM05"
check "reviewer of the district sees all" test "$(api_req reviewer GET /api/v1/tasks >/dev/null; py 'd["counts"]["total"]')" = 28
check "dept user: another department's task → 403" test "$(api_req yl1 GET /api/v1/tasks/RW01)" = 403
check "… a JSON error" test "$(py 'd["error"]["code"]')" = forbidden
check "reporter: a task not of its town → 403" test "$(api_req reporter GET /api/v1/tasks/RW01)" = 403
check "reporter: its town's task → 200" test "$(api_req reporter GET /api/v1/tasks/RW03)" = 200
check "unknown task → 404" test "$(api_req planner GET /api/v1/tasks/NOPE)" = 404
check "a report on an unknown task → 404" \
    test "$(api_req planner POST /api/v1/tasks/NOPE/updates -H "$JSON" --data-binary '{"period":"2023"}')" = 404
check "… unknown_task" test "$(py 'd["error"]["code"]')" = unknown_task
check "a review on an unknown task → 404" \
    test "$(api_req reviewer POST /api/v1/tasks/NOPE/updates/1/review -H "$JSON" --data-binary '{"decision":"approve"}')" = 404
check "… unknown_task" test "$(py 'd["error"]["code"]')" = unknown_task
check "depts: 10" test "$(api_req reporter GET /api/v1/depts >/dev/null; py 'len(d["depts"])')" = 10

# ---- who answers for an indicator (分解落实表): the API ------------------------------------------
check "GET /api/v1/indicators/8 → 200" test "$(api_req reporter GET /api/v1/indicators/8)" = 200
check "… lead 慈善社工科 (cszx), co 区财政局 (czj), deadline 2024-06-30" test "$(py '(d["lead"], d["lead_name"], d["lead_type"], d["co"], d["co_names"], d["deadline"]) == ("cszx", "慈善社工科", "dept", ["czj"], ["区财政局"], "2024-06-30")')" = True
check "GET /api/v1/indicators: No. 8 the same" test "$(api_req reporter GET /api/v1/indicators >/dev/null; py '[i["lead"] for i in d["indicators"] if i["no"] == 8] == ["cszx"]')" = True
check "GET /api/v1/status: No. 8's lead, at the district and at a town" test "$(api_req planner GET '/api/v1/status?year=2023' >/dev/null; py '[(i["lead_name"], i["alert"]) for i in d["indicators"] if i["no"] == 8] == [("慈善社工科", True)]')$(api_req planner GET '/api/v1/status?unit=110115009' >/dev/null; py '[i["lead"] for i in d["indicators"] if i["no"] == 8] == ["cszx"]')" = TrueTrue

# ---- filters, and the list equals planmon task list ---------------------------------------------
for q in "" "?dept=ylfw" "?dept=养老服务科" "?state=lagging" "?state=逾期未完成" "?type=project"; do
    api_req planner GET "/api/v1/tasks$q" >/dev/null
    py '"\n".join(t["code"]+" "+t["judgment"] for t in d["tasks"])' >"$T/api.txt"
    case $q in
    "") set -- ;;
    "?dept="*) set -- --dept "${q#?dept=}" ;;
    "?state="*) set -- --state "${q#?state=}" ;;
    "?type=project") set -- ;;
    esac
    if [ "$q" = "?type=project" ]; then
        "$PLANMON" project list --db "$DB" --format json >"$T/cli.json"
    else
        "$PLANMON" task list --db "$DB" --format json "$@" >"$T/cli.json"
    fi
    python3 -c 'import json,sys; print("\n".join(t["code"]+" "+t["judgment"] for t in json.load(open(sys.argv[1]))))' \
        "$T/cli.json" >"$T/cli.txt"
    check "API list$q equals the CLI's" cmp -s "$T/api.txt" "$T/cli.txt"
    check "… not empty" test -s "$T/api.txt"
done
check "unknown dept → 404" test "$(api_req planner GET '/api/v1/tasks?dept=nope')" = 404
check "bad state → 400" test "$(api_req planner GET '/api/v1/tasks?state=maybe')" = 400

# ---- updates: who may report -----------------------------------------------------------------------
UPD='{"period":"2024H1","state":"按计划推进","percent":72.5,"text":"（测试）完成第二批站点"}'
before=$(api_req planner GET /api/v1/tasks/RW04 >/dev/null; py 'len(d["updates"])')
check "dept user updating another department's task → 403" \
    test "$(api_req yl1 POST /api/v1/tasks/RW01/updates -H "$JSON" --data-binary "$UPD")" = 403
check "… forbidden" test "$(py 'd["error"]["code"]')" = forbidden
check "reporter updating a task not of its town → 403" \
    test "$(api_req reporter POST /api/v1/tasks/RW04/updates -H "$JSON" --data-binary "$UPD")" = 403
check "nothing was recorded" test "$(api_req planner GET /api/v1/tasks/RW04 >/dev/null; py 'len(d["updates"])')" = "$before"
check "dept user updates its own task → 201" \
    test "$(api_req yl1 POST /api/v1/tasks/RW04/updates -H "$JSON" --data-binary "$UPD")" = 201
check "… submitted" test "$(py 'd["review"]')" = submitted
UPD_ID=$(py 'd["id"]')
check "reporter updates its town's task → 201" \
    test "$(api_req reporter POST /api/v1/tasks/RW03/updates -H "$JSON" --data-binary '{"period":"2024","state":"已完成","percent":100}')" = 201
check "planner updates any task → 201" \
    test "$(api_req planner POST /api/v1/tasks/RW01/updates -H "$JSON" --data-binary '{"period":"2024Q1","state":"on_plan"}')" = 201
check "bad period → 400" test "$(api_req yl1 POST /api/v1/tasks/RW04/updates -H "$JSON" --data-binary '{"period":"soon","state":"滞后"}')" = 400
check "period outside the plan → 400" test "$(api_req yl1 POST /api/v1/tasks/RW04/updates -H "$JSON" --data-binary '{"period":"2031","state":"滞后"}')" = 400
check "bad state → 400" test "$(api_req yl1 POST /api/v1/tasks/RW04/updates -H "$JSON" --data-binary '{"period":"2024","state":"fine"}')" = 400
check "percent over 100 → 400" test "$(api_req yl1 POST /api/v1/tasks/RW04/updates -H "$JSON" --data-binary '{"period":"2024","state":"滞后","percent":120}')" = 400
check "not JSON → 415" test "$(api_req yl1 POST /api/v1/tasks/RW04/updates --data-binary 'period=2024')" = 415
api_req planner GET /api/v1/tasks/RW04 >/dev/null
check "history: one more report, the old ones kept" test "$(py 'len(d["updates"])')" = $((before + 1))
check "… the new one last, with who and percent" \
    test "$(py 'd["updates"][-1]["who"]+" "+str(d["updates"][-1]["percent"])+" "+d["updates"][-1]["period"]')" = "yl1 72.5 2024H1"
check "… in the change log" test "$(py 'd["history"][-1]["who"]')" = yl1
check "the database refuses to rewrite a report" db_refuses "$DB" "UPDATE task_update SET text='x' WHERE task_code='RW04'"
check "the database refuses to delete a report" db_refuses "$DB" "DELETE FROM task_update WHERE task_code='RW04'"
"$PLANMON" task show RW04 --db "$DB" --format json >"$T/show.json"
check "planmon task show has the web's report" python3 -c 'import json,sys
d=json.load(open(sys.argv[1])); u=d["updates"][-1]
assert u["who"]=="yl1" and u["text"]=="（测试）完成第二批站点", u' "$T/show.json"

# ---- review of progress reports: the figures' rules (engine/review.h) ------------------------
# RV PATH: the review URL of report $2 of task $1.
rv() { echo "/api/v1/tasks/$1/updates/$2/review"; }
RP_ID=$(api_req planner GET /api/v1/tasks/RW03 >/dev/null; py '[u["id"] for u in d["updates"] if u["who"]=="reporter"][-1]')
for who in planner yl1 reporter; do
    check "$who may not review (not a reviewer) → 403" \
        test "$(api_req $who POST "$(rv RW04 "$UPD_ID")" -H "$JSON" --data-binary '{"decision":"approve"}')" = 403
done
check "… forbidden" test "$(py 'd["error"]["code"]')" = forbidden
check "return without a reason → 400" \
    test "$(api_req reviewer POST "$(rv RW04 "$UPD_ID")" -H "$JSON" --data-binary '{"decision":"return","reason":"  "}')" = 400
check "unknown decision → 400" \
    test "$(api_req reviewer POST "$(rv RW04 "$UPD_ID")" -H "$JSON" --data-binary '{"decision":"maybe"}')" = 400
check "a report of another task → 404" \
    test "$(api_req reviewer POST "$(rv RW01 "$UPD_ID")" -H "$JSON" --data-binary '{"decision":"approve"}')" = 404
check "no such report → 404" \
    test "$(api_req reviewer POST "$(rv RW04 999999)" -H "$JSON" --data-binary '{"decision":"approve"}')" = 404
check "still waiting after the refusals" test "$(api_req planner GET /api/v1/tasks/RW04 >/dev/null
    py '[u["review"] for u in d["updates"] if u["id"]=='"$UPD_ID"'][0]')" = submitted
check "reviewer approves → 200" \
    test "$(api_req reviewer POST "$(rv RW04 "$UPD_ID")" -H "$JSON" --data-binary '{"decision":"approve"}')" = 200
check "… approved, by the reviewer" test "$(py 'd["review"]+" "+d["reviewed_by"]')" = "approved reviewer"
check "approving it again → 409" \
    test "$(api_req reviewer POST "$(rv RW04 "$UPD_ID")" -H "$JSON" --data-binary '{"decision":"approve"}')" = 409
check "reviewer returns the town's report with a reason → 200" \
    test "$(api_req reviewer POST "$(rv RW03 "$RP_ID")" -H "$JSON" --data-binary '{"decision":"return","reason":"（测试）请附验收材料"}')" = 200
check "… returned, the reason kept" test "$(py 'd["review"]+" "+d["reason"]')" = "returned （测试）请附验收材料"
"$PLANMON" task show RW03 --db "$DB" --format json >"$T/show3.json"
check "planmon task show: the return, its reason and the log" python3 -c 'import json,sys
d=json.load(open(sys.argv[1])); u=[u for u in d["updates"] if u["id"]==int(sys.argv[2])][0]
assert u["review"]=="returned" and u["reason"]=="（测试）请附验收材料" and u["reviewed_by"]=="reviewer", u
assert d["history"][-1]["action"]=="update_return" and d["history"][-1]["who"]=="reviewer", d["history"][-1]' \
    "$T/show3.json" "$RP_ID"
"$PLANMON" task list --db "$DB" --year 2024 --format json >"$T/after.json"
check "the returned report no longer counts: RW03 judged as before it was sent, the approved RW04 report counts" python3 -c 'import json,sys
d={t["code"]: t for t in json.load(open(sys.argv[1]))}
assert d["RW03"]["latest_period"]!="2024" and d["RW03"]["judgment"]!="done", d["RW03"]
assert d["RW04"]["latest_period"]=="2024H1", d["RW04"]' "$T/after.json"

# ---- pages --------------------------------------------------------------------------------------------
page() { curl -s -o "$T/page.html" -w '%{http_code}' -b "$2" -c "$2" "$B$1"; }
for u in yl1:yl reporter:rp planner:pl; do
    check "${u%:*} logs in" web_login "$B" "${u%:*}" "$PW" "$T/${u#*:}.jar"
done
check "dept user: /tasks → 200" test "$(page /tasks "$T/yl.jar")" = 200
check "… lists its tasks" grep -q 'href="/tasks/RW04"' "$T/page.html"
check "… not another department's" sh -c "! grep -q 'href=\"/tasks/RW01\"' '$T/page.html'"
check "… the navigation offers 重点任务 and 责任单位" sh -c \
    "grep -q 'href=\"/tasks\"' '$T/page.html' && grep -q 'href=\"/depts\"' '$T/page.html'"
check "planner: /tasks?state=lagging → 200" test "$(page '/tasks?state=lagging' "$T/pl.jar")" = 200
n=$("$PLANMON" task list --db "$DB" --state lagging --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
check "… as many rows as planmon task list --state lagging" \
    test "$(grep -o 'href="/tasks/[A-Z0-9]*"' "$T/page.html" | wc -l)" = "$n"
check "dept user: another department's task page → 403" test "$(page /tasks/RW01 "$T/yl.jar")" = 403
check "dept user: its task page → 200" test "$(page /tasks/RW04 "$T/yl.jar")" = 200
check "… shows the history with the API's report" grep -q '（测试）完成第二批站点' "$T/page.html"
check "… offers the update form" grep -q 'action="/tasks/RW04/updates"' "$T/page.html"
CSRF=$(csrf_of "$T/page.html")
code=$(curl -s -o "$T/post.html" -w '%{http_code}' -b "$T/yl.jar" -c "$T/yl.jar" --data-urlencode "csrf=$CSRF" \
    --data-urlencode period=2024Q3 --data-urlencode state=滞后 --data-urlencode percent=75 \
    --data-urlencode 'text=<script>alert(1)</script>受雨季影响' "$B/tasks/RW04/updates")
check "page update → 200" test "$code" = 200
check "… the report shown, escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;受雨季影响' "$T/post.html"
check "… never raw" sh -c "! grep -q '<script>alert' '$T/post.html'"
code=$(curl -s -o "$T/post.html" -w '%{http_code}' -b "$T/yl.jar" -c "$T/yl.jar" --data-urlencode "csrf=$CSRF" \
    --data-urlencode period=2024 --data-urlencode state=滞后 "$B/tasks/RW01/updates")
check "page: dept user posting to another department's task → 403" test "$code" = 403
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/yl.jar" --data-urlencode period=2024 --data-urlencode state=滞后 \
    "$B/tasks/RW04/updates")
check "page: without the CSRF token → 403" test "$code" = 403
check "reporter: task page of its town → 200" test "$(page /tasks/XM03 "$T/rp.jar")" = 200
check "… milestones listed" grep -q '首批5家投入运营' "$T/page.html"
check "reporter: RW01 → 403" test "$(page /tasks/RW01 "$T/rp.jar")" = 403
check "planner: any task page, with the update form" sh -c \
    "test \"\$(curl -s -o '$T/pl.html' -w '%{http_code}' -b '$T/pl.jar' '$B/tasks/RW01')\" = 200 && grep -q 'action=\"/tasks/RW01/updates\"' '$T/pl.html'"
check "overview → 200" test "$(page / "$T/pl.jar")" = 200
check "… No. 8's alert names its lead and co-party" grep -q '区级精神卫生福利床位数</a>：[^<]*；牵头单位：<a href="/depts/cszx">慈善社工科</a>（配合：<a href="/depts/czj">区财政局</a>）</li>' "$T/page.html"
check "… the indicator table has a 牵头单位 column" grep -q '<th>状态</th><th>牵头单位</th>' "$T/page.html"
check "indicator page No. 8 → 200" test "$(page /indicator/8 "$T/rp.jar")" = 200
check "… 牵头单位, 配合单位, 完成时限" grep -q '<dt>牵头单位</dt><dd><a href="/depts/cszx">慈善社工科</a></dd><dt>配合单位</dt><dd><a href="/depts/czj">区财政局</a></dd><dt>完成时限</dt><dd>2024-06-30</dd>' "$T/page.html"
check "/depts → 200" test "$(page /depts "$T/rp.jar")" = 200
check "… lists 养老服务科 linked to its tasks" grep -q 'href="/tasks?dept=ylfw"' "$T/page.html"
check "… and to its own page" grep -q '<a href="/depts/ylfw">养老服务科</a>' "$T/page.html"
# The department's page: its indicators (No. 8 was given to 慈善社工科 above), tasks by the
# access rule, and what is due; the expected rows come from the API's own answers.
check "/depts/cszx → 200" test "$(page /depts/cszx "$T/pl.jar")" = 200
check "… No. 8 as the lead (the 分解落实表 above)" grep -q '区级精神卫生福利床位数</a></td><td>牵头</td><td>2024-06-30</td>' "$T/page.html"
api_req planner GET '/api/v1/tasks?dept=cszx' >/dev/null
py '" ".join(sorted(t["code"] for t in d["tasks"]))' >"$T/cszx.api"
check "… the tasks of 慈善社工科, as /api/v1/tasks?dept=cszx lists them" test \
    "$(grep -o 'href="/tasks/[A-Z0-9]*"' "$T/page.html" | sed 's|.*/tasks/||; s|"||' | sort | tr '\n' ' ' | sed 's/ $//')" = "$(cat "$T/cszx.api")"
check "… No. 8 due in 2024, not in 2023: not listed as due" sh -c '! grep -q "<li>指标 8\." "$1"' sh "$T/page.html"
check "… judged at the district for a planner" grep -q '<th>全区进度</th>' "$T/page.html"
# A town's reporter reads its town's figures only: on a department's page the indicators are
# judged at its town (as /api/v1/status answers for the reporter's own unit), with no district
# figure and no link to the district's indicator page (which answers it 403).
DIST=$(grep -o 'href="/indicator/8?unit=[^&"]*' "$T/page.html" | sed 's/.*unit=//')
check "… the district's code from No. 8's link" test -n "$DIST"
check "/depts/cszx as 黄村镇's reporter → 200" test "$(page /depts/cszx "$T/rp.jar")" = 200
check "… No district figures: no 全区进度, no link at the district" sh -c \
    '! grep -q "全区进度" "$1" && ! grep -q "unit=$2&amp;" "$1" && grep -q "<th>本单位进度</th>" "$1"' sh "$T/page.html" "$DIST"
Y=$(sed -n 's/.*的进展评估（\([0-9]*\) 年）.*/\1/p' "$T/page.html")
api_req reporter GET "/api/v1/status?year=$Y" >/dev/null
check "… No. 8 at its town, linked there and of the status the API gives the town" python3 - "$T/body" "$T/page.html" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
page = open(sys.argv[2], encoding='utf-8').read()
row = [i for i in d['indicators'] if i['no'] == 8][0]
m = re.search(r'<td class="num">8</td><td><a href="/indicator/8\?unit=([^&"]*)&amp;[^"]*">[^<]*</a></td>'
              r'<td>牵头</td><td>[^<]*</td><td><span class="st st-([a-z_]*)">', page)
assert m, page
assert m.group(1) == d['unit'] and d['unit_name'] == '黄村镇', (m.group(1), d['unit'])
assert m.group(2) == row['status'], (m.groups(), row)
PY
check "/depts/ylfw as its member → 200" test "$(page /depts/ylfw "$T/yl.jar")" = 200
api_req yl1 GET /api/v1/tasks >/dev/null
check "… due and overdue: each task the API judges overdue is listed as 已逾期" python3 - "$T/body" "$T/page.html" <<'PY'
import json, re, sys
tasks = json.load(open(sys.argv[1]))['tasks']
page = open(sys.argv[2], encoding='utf-8').read()
late = [t['code'] for t in tasks if t['judgment'] == 'overdue']
assert late, tasks
titles = {t['code']: t['title'] for t in tasks}
kinds = {t['code']: t['type_label'] for t in tasks}
for c in late:
    kind = kinds[c]
    assert f'<li>{kind} {c} {titles[c]}：完成时限 ' in page, c
    assert re.search(f'<li>{kind} {c} [^<]*，<strong>已逾期</strong></li>', page), c
PY
check "unknown department → 404" test "$(page /depts/nope "$T/pl.jar")" = 404
# The API's answer about one department (GET /api/v1/depts/{code}): what its page shows, the
# expected rows taken from the other answers (tasks, status), not from this one.
api_req planner GET '/api/v1/tasks?dept=cszx' >/dev/null
cp "$T/body" "$T/cszx-tasks.json"
api_req planner GET "/api/v1/status?year=$Y" >/dev/null
cp "$T/body" "$T/district-status.json"
check "GET /api/v1/depts/cszx as the planner → 200" test "$(api_req planner GET /api/v1/depts/cszx)" = 200
check "… No. 8 led, deadline 2024-06-30, not due in $Y, of the district's status" python3 - "$T/body" "$T/district-status.json" "$Y" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); st = json.load(open(sys.argv[2]))
assert d['dept']['code'] == 'cszx' and d['year'] == int(sys.argv[3]) and d['unit'] == st['unit'], d
row = [i for i in d['indicators'] if i['no'] == 8][0]
want = [i for i in st['indicators'] if i['no'] == 8][0]
assert (row['role'], row['deadline'], row['due'], row['overdue']) == ('lead', '2024-06-30', False, False), row
assert row['status'] == want['status'], (row, want)
PY
check "… its tasks and their judgments as /api/v1/tasks?dept=cszx gives them" python3 - "$T/body" "$T/cszx-tasks.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); t = json.load(open(sys.argv[2]))
got = sorted((k['code'], k['judgment']) for k in d['tasks'])
want = sorted((k['code'], k['judgment']) for k in t['tasks'])
assert got == want and got, (got, want)
PY
api_req reporter GET "/api/v1/status?year=$Y" >/dev/null
cp "$T/body" "$T/town-status.json"
api_req reporter GET /api/v1/depts/cszx >/dev/null
check "as 黄村镇's reporter: judged at its town, No. 8 of the status the API gives the town" python3 - "$T/body" "$T/town-status.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); st = json.load(open(sys.argv[2]))
assert d['unit'] == st['unit'] and st['unit_name'] == '黄村镇', (d['unit'], st['unit'])
row = [i for i in d['indicators'] if i['no'] == 8][0]
assert row['status'] == [i for i in st['indicators'] if i['no'] == 8][0]['status']
PY
api_req yl1 GET /api/v1/tasks >/dev/null
cp "$T/body" "$T/yl-tasks.json"
check "as 养老服务科's member: overdue exactly the tasks the API judges overdue" python3 - \
    "$(api_req yl1 GET /api/v1/depts/ylfw >/dev/null; echo "$T/body")" "$T/yl-tasks.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); t = json.load(open(sys.argv[2]))['tasks']
late = sorted(k['code'] for k in t if k['judgment'] == 'overdue')
assert late and sorted(k['code'] for k in d['tasks'] if k['overdue']) == late, d['tasks']
assert all(k['due'] for k in d['tasks'] if k['overdue'])
PY
check "GET /api/v1/depts/nope → 404" test "$(api_req planner GET /api/v1/depts/nope)" = 404
check "… unknown_dept" test "$(py 'd["error"]["code"]')" = unknown_dept
check "task list: the lead links to the department's page" sh -c \
    'test "$(curl -s -o "$1" -w "%{http_code}" -b "$2" "$3/tasks")" = 200 && grep -q "<td><a href=\"/depts/ylfw\">养老服务科</a></td>" "$1"' sh "$T/tl.html" "$T/pl.jar" "$B"
check "reviewer logs in" web_login "$B" reviewer "$PW" "$T/rv.jar"
check "reviewer: the task page offers a review form per waiting report" sh -c \
    "test \"\$(curl -s -o '$T/rv.html' -w '%{http_code}' -b '$T/rv.jar' '$B/tasks/RW04')\" = 200 && grep -q 'action=\"/tasks/RW04/updates/[0-9]*/review\"' '$T/rv.html'"
RID=$(grep -o 'action="/tasks/RW04/updates/[0-9]*/review"' "$T/rv.html" | head -n 1 | sed 's|.*/updates/\([0-9]*\)/review.*|\1|')
check "planner: no review form" sh -c "! grep -q '/review\"' '$T/pl.html'"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/rv.jar" --data-urlencode decision=approve "$B/tasks/RW04/updates/$RID/review")
check "page review without the CSRF token → 403" test "$code" = 403
code=$(curl -s -o "$T/rvpost.html" -w '%{http_code}' -b "$T/rv.jar" -c "$T/rv.jar" --data-urlencode "csrf=$(csrf_of "$T/rv.html")" \
    --data-urlencode decision=return --data-urlencode reason= "$B/tasks/RW04/updates/$RID/review")
check "page return without a reason → 400, said on the page" sh -c "[ '$code' = 400 ] && grep -q '原因' '$T/rvpost.html'"
code=$(curl -s -o "$T/rvpost.html" -w '%{http_code}' -b "$T/rv.jar" -c "$T/rv.jar" --data-urlencode "csrf=$(csrf_of "$T/rv.html")" \
    --data-urlencode decision=return --data-urlencode 'reason=<b>雨季</b>数据待核' "$B/tasks/RW04/updates/$RID/review")
check "page return with a reason → 200" test "$code" = 200
check "… the page says so" grep -q "已退回 RW04 的第 $RID 号进展报告" "$T/rvpost.html"
check "… the reason shown, escaped" grep -q '已退回：&lt;b&gt;雨季&lt;/b&gt;数据待核' "$T/rvpost.html"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/pl.jar" -c "$T/pl.jar" --data-urlencode "csrf=$(csrf_of "$T/pl.html")" \
    --data-urlencode decision=approve "$B/tasks/RW01/updates/1/review")
check "page: planner reviewing → 403" test "$code" = 403
kill "$SRV"
wait "$SRV" 2>/dev/null
SRV=
check "no sanitizer report from the server" sh -c "! grep -q 'Sanitizer' '$T/serve.err'"

# ---- the contract: every API answer above against docs/openapi.json ------------------------
api_contract
finish
