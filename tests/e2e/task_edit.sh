#!/bin/sh
# Adding and editing key tasks and major projects on the web form and
# through PUT /api/v1/tasks/{code} (issue 13): a planner creates a project
# with two milestones on the form and edits its deadline — the page and the
# API show the new values and the task's log holds both changes, the old
# and the new deadline; a department's member cannot change a definition
# (403) but marks its project's milestones met (page and API); a town's
# reporter is refused (403); an unknown indicator, an unknown department, a
# deadline or a milestone date outside the plan period are refused (422,
# the field named) with nothing changed (the API's JSON compared before and
# after); the 重大项目表 import refuses the same milestone date (one check).
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "task_edit.sh: curl is missing"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "task_edit.sh: python3 is missing"; exit 1; }
DB=$(test_db te)
PW=task-edit-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; [ -n "$KEEP" ] || rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
# yl1: a member of 养老服务科 (ylfw); reporter: the demo's town reporter (黄村镇).
PLANMON_PASSWORD=$PW "$PLANMON" user add yl1 --role reporter --db "$DB" >/dev/null 2>&1
check "dept user" "$PLANMON" user dept yl1 养老服务科 --db "$DB"
for u in planner reporter yl1; do
    "$PLANMON" token add "$u" e2e --db "$DB" >"$T/$u.tok" 2>/dev/null
done

# ---- the import's check, shared: a milestone date outside the plan period --------------------
printf '编号,项目名称,牵头单位,完工时间,建设节点\nXM80,示例项目,养老服务科,2025-12-31,2026-06-30 竣工验收\n' >"$T/p.csv"
"$PLANMON" project import --db "$DB" "$T/p.csv" >"$T/imp.out" 2>&1
check "重大项目表: a milestone in 2026 refused" test $? -ne 0
check "… naming the period" grep -q '超出规划期 2021—2025年' "$T/imp.out"

serve_start "$DB"
JSON='Content-Type: application/json'
py() {
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(($1))" "$T/body"
}
page() { curl -s -o "$T/page.html" -w '%{http_code}' -b "$2" -c "$2" "$B$1"; }
for u in planner:pl yl1:yl reporter:rp; do
    check "${u%:*} logs in" web_login "$B" "${u%:*}" "$PW" "$T/${u#*:}.jar"
done

# ---- a planner creates a project on the form --------------------------------------------------------
check "planner: /tasks offers 新增" sh -c "test \"\$(curl -s -o '$T/list.html' -w '%{http_code}' -b '$T/pl.jar' '$B/tasks')\" = 200 && grep -q 'href=\"/tasks/new\"' '$T/list.html'"
check "planner: /tasks/new → 200" test "$(page /tasks/new "$T/pl.jar")" = 200
CSRF=$(csrf_of "$T/page.html")
# post JAR PATH fields…: the form posted with the CSRF token; status printed, page in $T/post.html.
post() {
    _jar=$1 _path=$2
    shift 2
    for _a in "$@"; do set -- "$@" --data-urlencode "$_a"; shift; done
    curl -s -o "$T/post.html" -D "$T/post.head" -w '%{http_code}' -b "$_jar" -c "$_jar" \
        --data-urlencode "csrf=$CSRF" "$@" "$B$_path"
}
XM="type=project title=示例老年助餐中心建设项目 section=（二）健全养老服务体系 lead=ylfw co=区财政局 ind=I03 invest_planned=500 invest_spent=120 start=2022-03-01"
# shellcheck disable=SC2086
code=$(post "$T/pl.jar" /tasks/new code=XM90 $XM deadline=2025-06-30 ms_n=3 \
    ms_due_0=2023-06-30 ms_what_0=主体结构完成 ms_due_1=2024-12-31 ms_what_1=竣工验收 ms_due_2= ms_what_2= action=save)
check "create on the form → 303" test "$code" = 303
check "… to the project's page" grep -qi '^location: /tasks/XM90' "$T/post.head"
check "API: the project → 200" test "$(api_req planner GET /api/v1/tasks/XM90)" = 200
check "… its fields as typed (the empty row dropped)" test "$(py '(d["type"], d["title"], d["lead"], [c["code"] for c in d["co_list"]], d["indicator_list"], d["deadline"], d["finish"], d["invest_planned"], d["start"], [(m["due"], m["what"], m["met"]) for m in d["milestones"]]) == ("project", "示例老年助餐中心建设项目", "ylfw", ["czj"], ["I03"], "2025-06-30", "2025-06-30", 500, "2022-03-01", [("2023-06-30", "主体结构完成", False), ("2024-12-31", "竣工验收", False)])')" = True
check "… logged as added by planner" test "$(py '[(h["action"], h["who"]) for h in d["history"]]')" = "[('task_add', 'planner')]"

# ---- the planner edits its deadline -----------------------------------------------------------------------
check "planner: the project page offers 编辑" sh -c "test \"\$(curl -s -o '$T/xm.html' -w '%{http_code}' -b '$T/pl.jar' '$B/tasks/XM90')\" = 200 && grep -q 'href=\"/tasks/XM90/edit\"' '$T/xm.html'"
check "planner: the edit form → 200" test "$(page /tasks/XM90/edit "$T/pl.jar")" = 200
check "… holds the stored deadline and milestones" sh -c "grep -q 'name=\"deadline\" value=\"2025-06-30\"' '$T/page.html' && grep -q 'value=\"竣工验收\"' '$T/page.html'"
# shellcheck disable=SC2086
code=$(post "$T/pl.jar" /tasks/XM90/edit $XM deadline=2025-11-30 ms_n=2 \
    ms_due_0=2023-06-30 ms_what_0=主体结构完成 ms_due_1=2024-12-31 ms_what_1=竣工验收 action=save)
check "edit the deadline on the form → 303" test "$code" = 303
check "the page shows the new deadline" sh -c "test \"\$(curl -s -o '$T/xm.html' -w '%{http_code}' -b '$T/pl.jar' '$B/tasks/XM90')\" = 200 && grep -q '2025-11-30' '$T/xm.html'"
check "… and in its change log the old → new" grep -q '完成时限：2025-06-30 → 2025-11-30' "$T/xm.html"
api_req planner GET /api/v1/tasks/XM90 >/dev/null
check "API: deadline and finish 2025-11-30" test "$(py '(d["deadline"], d["finish"])')" = "('2025-11-30', '2025-11-30')"
check "… the log holds both changes, who, and the old and new deadline" python3 -c 'import json,sys
h=json.load(open(sys.argv[1]))["history"]
assert [(e["action"], e["who"]) for e in h]==[("task_add","planner"),("task_edit","planner")], h
assert "完成时限：2025-06-30 → 2025-11-30" in h[1]["detail"] and "完工时间：2025-06-30 → 2025-11-30" in h[1]["detail"], h[1]
assert "名称" not in h[1]["detail"], h[1]' "$T/body"
"$PLANMON" task show XM90 --db "$DB" --format json >"$T/show.json"
check "planmon task show: the same deadline" python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["deadline"]=="2025-11-30"' "$T/show.json"
# shellcheck disable=SC2086
code=$(post "$T/pl.jar" /tasks/XM90/edit $XM deadline=2025-11-30 ms_n=2 \
    ms_due_0=2023-06-30 ms_what_0=主体结构完成 ms_due_1=2024-12-31 ms_what_1=竣工验收 action=more)
check "增加一行: the form again, one more row, nothing written" sh -c "[ '$code' = 200 ] && grep -q 'name=\"ms_due_2\"' '$T/post.html'"
check "… the log unchanged" test "$(api_req planner GET /api/v1/tasks/XM90 >/dev/null; py 'len(d["history"])')" = 2

# ---- refusals: 422 naming the field, nothing changed -----------------------------------------------------
api_req planner GET /api/v1/tasks/XM90 >/dev/null
cp "$T/body" "$T/before.json"
same() { python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); assert a==b' "$T/before.json" "$T/body"; }
# put_with PY-EXPR: the stored project, changed by the Python statement (d the document), PUT back.
put_with() {
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2; print(json.dumps(d))" "$T/before.json" >"$T/put.json"
    api_req "$1" PUT /api/v1/tasks/XM90 -H "$JSON" --data-binary "@$T/put.json"
}
check "API: unknown indicator → 422" test "$(put_with planner 'd["indicator_list"]=["I03","NOPE"]')" = 422
check "… field indicators, named in the message" test "$(py 'd["error"]["field"]+" "+str("NOPE" in d["error"]["message"] and "关联指标" in d["error"]["message"])')" = "indicators True"
check "API: unknown department → 422" test "$(put_with planner 'd["lead"]="没有这个科"')" = 422
check "… field lead" test "$(py 'd["error"]["field"]+" "+str("牵头单位" in d["error"]["message"])')" = "lead True"
check "API: unknown co-department → 422" test "$(put_with planner 'd["co_list"]=[{"code":"nope"}]')" = 422
check "… field co" test "$(py 'd["error"]["field"]')" = co
check "API: deadline outside the plan → 422" test "$(put_with planner 'd["deadline"]="2031-12-31"')" = 422
check "… field deadline, the period named" test "$(py 'd["error"]["field"]+" "+str("超出规划期 2021—2025年" in d["error"]["message"])')" = "deadline True"
check "API: deadline and finish changed to two dates → 422" test "$(put_with planner 'd["deadline"]="2025-09-30"; d["finish"]="2025-10-31"')" = 422
check "… field finish" test "$(py 'd["error"]["field"]')" = finish
check "API: a milestone date outside the plan → 422" test "$(put_with planner 'd["milestones"][1]["due"]="2026-03-31"')" = 422
check "… field milestones[1].due" test "$(py 'd["error"]["field"]')" = "milestones[1].due"
check "API: a body of the wrong shape → 400" test "$(put_with planner 'd["co_list"]=5')" = 400
check "API: not JSON → 415" test "$(api_req planner PUT /api/v1/tasks/XM90 --data-binary 'title=x')" = 415
api_req planner GET /api/v1/tasks/XM90 >/dev/null
check "nothing changed (the API's JSON as before)" same
# shellcheck disable=SC2086
code=$(post "$T/pl.jar" /tasks/XM90/edit lead=没有这个科 $XM deadline=2025-11-30 ms_n=2 \
    ms_due_0=2023-06-30 ms_what_0=主体结构完成 ms_due_1=2024-12-31 ms_what_1=竣工验收 action=save)
check "form: unknown department → 422" test "$code" = 422
check "… the field named and marked, the typed value kept" sh -c "grep -q '牵头单位：责任单位“没有这个科”不存在' '$T/post.html' && grep -q 'id=\"te-lead\" name=\"lead\" required aria-invalid=\"true\"' '$T/post.html' && grep -q 'value=\"没有这个科\" selected' '$T/post.html'"
# shellcheck disable=SC2086
code=$(post "$T/pl.jar" /tasks/XM90/edit $XM deadline=2030-12-31 ms_n=2 \
    ms_due_0=2023-06-30 ms_what_0=主体结构完成 ms_due_1=2024-12-31 ms_what_1=竣工验收 action=save)
check "form: deadline outside the plan → 422" test "$code" = 422
check "… named, the typed deadline kept" sh -c "grep -q '完成时限：“2030-12-31”超出规划期' '$T/post.html' && grep -q 'value=\"2030-12-31\"' '$T/post.html'"
# shellcheck disable=SC2086
code=$(post "$T/pl.jar" /tasks/XM90/edit $XM ind=NOPE deadline=2025-11-30 ms_n=2 \
    ms_due_0=2023-06-30 ms_what_0=主体结构完成 ms_due_1=2024-12-31 ms_what_1=竣工验收 action=save)
check "form: unknown indicator → 422" sh -c "[ '$code' = 422 ] && grep -q '关联指标：规划中没有指标“NOPE”' '$T/post.html'"
code=$(post "$T/pl.jar" /tasks/XM90/edit title=x lead=ylfw action=save)
check "form without its milestone rows (malformed) → 400" test "$code" = 400
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/pl.jar" --data-urlencode title=x --data-urlencode ms_n=0 "$B/tasks/XM90/edit")
check "form without the CSRF token → 403" test "$code" = 403
api_req planner GET /api/v1/tasks/XM90 >/dev/null
check "still nothing changed" same
check "… the log still two rows" test "$(py 'len(d["history"])')" = 2

# ---- a department's member: milestones yes, definition no ---------------------------------------------------
check "dept user: the project page offers 登记节点完成情况" sh -c "test \"\$(curl -s -o '$T/yx.html' -w '%{http_code}' -b '$T/yl.jar' '$B/tasks/XM90')\" = 200 && grep -q 'href=\"/tasks/XM90/edit\">登记节点完成情况' '$T/yx.html'"
check "dept user: /tasks offers no 新增" sh -c "test \"\$(curl -s -o '$T/yl.html' -w '%{http_code}' -b '$T/yl.jar' '$B/tasks')\" = 200 && ! grep -q 'href=\"/tasks/new\"' '$T/yl.html'"
check "dept user: /tasks/new → 403" test "$(page /tasks/new "$T/yl.jar")" = 403
check "dept user: API deadline change → 403" test "$(put_with yl1 'd["deadline"]="2025-09-30"')" = 403
check "… forbidden" test "$(py 'd["error"]["code"]')" = forbidden
check "dept user: API title change → 403" test "$(put_with yl1 'd["title"]="改名"')" = 403
check "dept user: API new task → 403" test "$(api_req yl1 PUT /api/v1/tasks/RW91 -H "$JSON" --data-binary '{"title":"x","lead":"ylfw"}')" = 403
check "dept user: the edit form → 200, milestones only" test "$(page /tasks/XM90/edit "$T/yl.jar")" = 200
check "… no input for the title" sh -c "! grep -q 'id=\"te-title\"' '$T/page.html' && grep -q 'name=\"ms_met_0\"' '$T/page.html'"
CSRF=$(csrf_of "$T/page.html")
# shellcheck disable=SC2086
code=$(post "$T/yl.jar" /tasks/XM90/edit title=改个名字 $XM deadline=2025-11-30 ms_n=2 \
    ms_due_0=2023-06-30 ms_what_0=主体结构完成 ms_due_1=2024-12-31 ms_what_1=竣工验收 action=save)
check "dept user: form changing the title → 403" test "$code" = 403
api_req planner GET /api/v1/tasks/XM90 >/dev/null
check "nothing changed" same
# shellcheck disable=SC2086
code=$(post "$T/yl.jar" /tasks/XM90/edit $XM deadline=2025-11-30 ms_n=2 \
    ms_due_0=2023-06-30 ms_what_0=主体结构完成 ms_met_0=1 ms_on_0=2023-07-05 ms_due_1=2024-12-31 ms_what_1=竣工验收 action=save)
check "dept user: form marking milestone 1 met → 303" test "$code" = 303
check "dept user: API marking milestone 2 met → 200" test "$(put_with yl1 'd["milestones"][0].update(met=True, met_on="2023-07-05"); d["milestones"][1].update(met=True, met_on="2024-12-20")')" = 200
check "… both met, on their dates" test "$(py '[(m["met"], m["met_on"]) for m in d["milestones"]]')" = "[(True, '2023-07-05'), (True, '2024-12-20')]"
check "… the definition unchanged" test "$(py '(d["title"], d["deadline"], d["lead"])')" = "('示例老年助餐中心建设项目', '2025-11-30', 'ylfw')"
check "… the log: yl1's two milestone edits" python3 -c 'import json,sys
h=json.load(open(sys.argv[1]))["history"]
assert [(e["action"], e["who"]) for e in h][2:]==[("task_edit","yl1"),("task_edit","yl1")], h
assert "第 1 个节点：未完成 → 已完成 2023-07-05" in h[2]["detail"] and "第 2 个节点：未完成 → 已完成 2024-12-20" in h[3]["detail"], h' "$T/body"
check "the same body again → 200" test "$(api_req yl1 PUT /api/v1/tasks/XM90 -H "$JSON" --data-binary "@$T/put.json")" = 200
check "… nothing written" test "$(py 'len(d["history"])')" = 4

# ---- a town's reporter reads only ---------------------------------------------------------------------------------
check "reporter: its town's project page → 200, no 编辑" sh -c "test \"\$(curl -s -o '$T/rx.html' -w '%{http_code}' -b '$T/rp.jar' '$B/tasks/XM03')\" = 200 && ! grep -q '/tasks/XM03/edit' '$T/rx.html'"
check "reporter: the edit form → 403" test "$(page /tasks/XM03/edit "$T/rp.jar")" = 403
api_req planner GET /api/v1/tasks/XM03 >/dev/null
cp "$T/body" "$T/xm03.json"
check "reporter: API PUT → 403" test "$(api_req reporter PUT /api/v1/tasks/XM03 -H "$JSON" --data-binary "@$T/xm03.json")" = 403
CSRF=$(csrf_of "$T/rx.html")
code=$(post "$T/rp.jar" /tasks/XM03/edit title=x lead=ylfw ms_n=0 action=save)
check "reporter: form POST → 403" test "$code" = 403
api_req planner GET /api/v1/tasks/XM03 >/dev/null
check "XM03 unchanged" python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))==json.load(open(sys.argv[2]))' "$T/xm03.json" "$T/body"

# ---- the API adds a task -------------------------------------------------------------------------------------------
check "planner: PUT a new task → 201" test "$(api_req planner PUT /api/v1/tasks/RW90 -H "$JSON" --data-binary '{"type":"task","title":"示例任务：社区养老驿站评估","lead":"养老服务科","co":"区卫生健康委、区财政局","indicators":"I03","deadline":"2024年底"}')" = 201
check "… as GET answers it" test "$(py '(d["code"], d["type"], d["lead"], [c["code"] for c in d["co_list"]], d["indicator_list"], d["deadline"], d["history"][0]["action"])')" = "('RW90', 'task', 'ylfw', ['wjw', 'czj'], ['I03'], '2024-12-31', 'task_add')"
check "… listed" test "$(api_req planner GET /api/v1/tasks >/dev/null; py '"RW90" in [t["code"] for t in d["tasks"]]')" = True
check "a bad code → 422" test "$(api_req planner PUT '/api/v1/tasks/a%20b' -H "$JSON" --data-binary '{"title":"x","lead":"ylfw"}')" = 422
check "… field code" test "$(py 'd["error"]["field"]')" = code
check "no title → 422" test "$(api_req planner PUT /api/v1/tasks/RW92 -H "$JSON" --data-binary '{"lead":"ylfw"}')" = 422
check "… field title" test "$(py 'd["error"]["field"]')" = title
check "… nothing added" test "$(api_req planner GET /api/v1/tasks/RW92)" = 404
page /tasks/new "$T/pl.jar" >/dev/null
CSRF=$(csrf_of "$T/page.html")
code=$(post "$T/pl.jar" /tasks/new code=RW90 type=task title=重复 lead=ylfw ms_n=0 action=save)
check "form: a code taken → 422, said" sh -c "[ '$code' = 422 ] && grep -q '编号：“RW90”已被另一个任务或项目使用' '$T/post.html'"

kill "$SRV"
wait "$SRV" 2>/dev/null
SRV=
check "no sanitizer report from the server" sh -c "! grep -q 'Sanitizer' '$T/serve.err'"
api_contract
finish
