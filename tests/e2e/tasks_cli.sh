#!/bin/sh
# Departments, the 分解落实表, key tasks, projects, updates and narratives by
# the command line: imports from CSV and XLSX land whole; a table naming an
# unknown indicator, department or linked indicator, or a deadline outside
# the plan period, is refused with file, line and column and leaves the
# database as it was (checked with the database's own client); task states and project
# judgments follow the updates and milestones; reviews and narratives keep
# their history.
. "$(dirname "$0")/../lib.sh"
MKXLSX="python3 $(dirname "$0")/mkxlsx.py"
DB=$(test_db t)
P=$PLANMON
PLANMON_PASSWORD=tasks-pass-1 "$P" init --db "$DB" >/dev/null 2>&1
"$P" units import --db "$DB" "$(dirname "$0")/../../examples/units.csv" >/dev/null 2>&1
count() { db_sql "$DB" "$1"; }

cat >"$T/depts.csv" <<'CSV'
代码,名称,类别,联系人
yl,养老服务科,科室,张三 81296000
jz,社会救助科,科室,
wjw,区卫生健康委,委办局,
CSV
check "dept import" "$P" dept import --db "$DB" "$T/depts.csv"
check "three departments" test "$(count 'select count(*) from dept')" = 3
"$P" dept list --db "$DB" --format csv >"$T/depts.out"
check "dept list names the kind" grep -q "委办局" "$T/depts.out"
printf '代码,名称,类别\nyl,养老服务科,处室\n' >"$T/bad_kind.csv"
"$P" dept import --db "$DB" "$T/bad_kind.csv" 2>"$T/err"; rc=$?
check "unknown kind: exit 2" test "$rc" = 2
check "unknown kind: names file, line, column" grep -q "bad_kind.csv 第 2 行：列“类别”" "$T/err"

cat >"$T/assign.csv" <<'CSV'
序号,类型,指标/任务/项目,牵头单位,配合单位,完成时限,关联指标
1,指标,8,养老服务科,区卫生健康委,2025年底,
2,重点任务,完善养老服务体系,yl,社会救助科、黄村镇,2025-12-31,8、I09
3,重大项目,区养老服务指导中心,yl,,2024年6月,I08
CSV
check "分解落实表 import (CSV)" "$P" task import --db "$DB" "$T/assign.csv"
check "indicator assignment stored" test "$(count "select count(*) from assignment where item_kind='indicator' and item_code='I08'")" = 1
check "task and project created" test "$(count 'select count(*) from task')" = 2
check "task's co-parties: a department and a town" test "$(count "select count(*) from assignment_party where item_code='RW01' and lead=0")" = 2

# Refusals: each names file, line and column, and writes nothing.
before=$(count 'select count(*) from work_log')
refuse() { # name sed-expression expected-text
    sed "$2" "$T/assign.csv" >"$T/$1.csv"
    "$P" task import --db "$DB" "$T/$1.csv" 2>"$T/err"; rc=$?
    check "$1: exit 2" test "$rc" = 2
    check "$1: message" grep -q "$3" "$T/err"
    check "$1: nothing written" test "$(count 'select count(*) from work_log')" = "$before"
}
refuse unknown_indicator 's/^1,指标,8/1,指标,不存在的指标/' '第 2 行：列“指标/任务/项目”：规划中没有指标“不存在的指标”'
refuse unknown_dept 's/社会救助科、黄村镇/社会救助科、区民政局/' '第 3 行：列“配合单位”：责任单位“区民政局”不存在'
refuse late_deadline 's/2025年底/2030-12-31/' '第 2 行：列“完成时限”：“2030-12-31”超出规划期 2021—2025年'
refuse early_deadline 's/2024年6月/2020-06-30/' '第 4 行：列“完成时限”：“2020-06-30”超出规划期'
refuse bad_date 's/2024年6月/明年/' '第 4 行：列“完成时限”：“明年”不是日期'
refuse unknown_linked 's/8、I09/8、I99/' '第 3 行：列“关联指标”：规划中没有指标“I99”'
refuse untyped_task 's/^2,重点任务,完善养老服务体系/2,,健全救助体系/' '第 3 行：列“指标/任务/项目”：“健全救助体系”不是规划中的指标'

# The same table as XLSX, with a new task: read the same way.
printf '序号,类型,编号,指标/任务/项目,牵头单位,配合单位,完成时限\n1,重点任务,RW09,健全社会救助体系,jz,,2025-06-30\n' |
    $MKXLSX "$T/assign.xlsx" 分解落实表
check "分解落实表 import (XLSX)" "$P" task import --db "$DB" "$T/assign.xlsx"
check "XLSX task stored with its code" test "$(count "select title from task where code='RW09'")" = "健全社会救助体系"
printf '序号,类型,指标/任务/项目,牵头单位\n1,指标,99,jz\n' | $MKXLSX "$T/bad.xlsx" 分解落实表
"$P" task import --db "$DB" "$T/bad.xlsx" 2>"$T/err"; rc=$?
check "XLSX refusal: exit 2" test "$rc" = 2
check "XLSX refusal names sheet and row" grep -q "工作表“分解落实表”第 2 行，列“指标/任务/项目”" "$T/err"

# Updates, review, judgment.
check "update 1" "$P" task update RW01 --db "$DB" --period 2023年上半年 --state 按计划推进 --percent 40 --as admin
check "update 2" "$P" task update RW01 --db "$DB" --period 2023H2 --state 滞后 --as admin
"$P" task update RW01 --db "$DB" --period 2023H3 --state 滞后 2>"$T/err"; rc=$?
check "bad period: exit 2" test "$rc" = 2
"$P" task update RW01 --db "$DB" --period 2023 --state 滞后 --percent 140 2>"$T/err"; rc=$?
check "percent over 100: exit 2" test "$rc" = 2
"$P" task list --db "$DB" --as-of 2023-12-31 --format csv >"$T/list.csv"
check "lagging update → 进度滞后" grep -q "^RW01,.*进度滞后" "$T/list.csv"
"$P" task return 2 --db "$DB" --reason 数据不全 --as admin >/dev/null
"$P" task list --db "$DB" --as-of 2023-12-31 --format csv >"$T/list.csv"
check "a returned update no longer counts → 按进度推进" grep -q "^RW01,.*按进度推进" "$T/list.csv"
"$P" task list --db "$DB" --as-of 2026-01-01 --format csv >"$T/list.csv"
check "past the deadline, not done → 逾期未完成" grep -q "^RW01,.*逾期未完成" "$T/list.csv"
"$P" task approve 2 --db "$DB" 2>/dev/null; rc=$?
check "a returned update cannot be approved" test "$rc" = 2
check "updates are append-only" db_refuses "$DB" "update task_update set text='x'"
"$P" task show RW01 --db "$DB" --format json >"$T/show.json"
check "show: updates and history" python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
assert len(d['updates'])==2 and d['updates'][1]['review']=='returned' and d['updates'][1]['reason']=='数据不全'
assert [h['action'] for h in d['history']]==['task_add','update_add','update_add','update_return']" "$T/show.json"

# Projects: milestones drive the judgment.
cat >"$T/projects.csv" <<'CSV'
项目名称,牵头单位,开工时间,完工时间,计划投资（万元）,已完成投资（万元）,建设节点,关联指标
区养老服务指导中心,养老服务科,2022-03-01,2024-06-30,1200,800,2022-12-31 立项（已完成）；2023-06-30 主体结构完成,I08
CSV
check "重大项目表 import" "$P" project import --db "$DB" "$T/projects.csv"
"$P" task update XM01 --db "$DB" --period 2023H1 --state 按计划推进 >/dev/null
"$P" project list --db "$DB" --as-of 2023-06-30 --format csv >"$T/p.csv"
check "milestone due that day: on schedule" grep -q "^XM01,.*按进度推进" "$T/p.csv"
"$P" project list --db "$DB" --as-of 2023-12-31 --format csv >"$T/p.csv"
check "milestone past and not met → 进度滞后" grep -q "^XM01,.*,进度滞后,.*,1$" "$T/p.csv"
check "milestone met" "$P" project milestone XM01 2 --on 2023-07-10 --db "$DB"
"$P" project list --db "$DB" --as-of 2023-12-31 --format csv >"$T/p.csv"
check "met milestone → 按进度推进" grep -q "^XM01,.*,按进度推进,.*,0$" "$T/p.csv"
"$P" project list --db "$DB" --as-of 2024-07-01 --format csv >"$T/p.csv"
check "past the finish date → 逾期未完成" grep -q "^XM01,.*逾期未完成" "$T/p.csv"
sed 's/2022-03-01/2025-03-01/' "$T/projects.csv" >"$T/p_bad.csv"
"$P" project import --db "$DB" "$T/p_bad.csv" 2>"$T/err"; rc=$?
check "start after finish: refused" test "$rc" = 2

# Narratives: history kept, export reads back in.
check "narrative set" "$P" narrative set --db "$DB" --year 2023 --scope section --target 存在问题及原因 --kind problems 床位利用率不高
check "narrative revised" "$P" narrative set --db "$DB" --year 2023 --scope section --target problems --kind 存在问题及原因 --accept "床位利用率不高，原因是……"
check "two history rows" test "$(count 'select count(*) from narrative_history')" = 2
"$P" narrative export --db "$DB" -o "$T/n.csv"
check "export reads back" "$P" narrative import --db "$DB" "$T/n.csv"
sed 's/床位利用率不高/只检查不写入/' "$T/n.csv" >"$T/n_dry.csv"
check "narrative import --dry-run: checked" "$P" narrative import --dry-run --db "$DB" "$T/n_dry.csv"
check "…and nothing written" test "$(count "select count(*) from narrative where text like '%只检查%'")" = 0
printf '年份,范围,对象,类别,内容\n2023,指标,I77,主要成效,x\n' >"$T/n_bad.csv"
"$P" narrative import --db "$DB" "$T/n_bad.csv" 2>"$T/err"; rc=$?
check "narrative on an unknown indicator: refused" test "$rc" = 2
check "…naming the column" grep -q "列“对象”：指标“I77”不存在" "$T/err"

# A user's department.
PLANMON_PASSWORD=dept-pass-1 "$P" user add yl1 --role reporter --db "$DB" >/dev/null 2>&1
check "user dept" "$P" user dept yl1 养老服务科 --db "$DB"
check "stored" test "$(count "select dept_code from users where name='yl1'")" = yl
check "database clean" "$P" check --db "$DB"

# The demo: 20+ tasks and 5+ projects (示例) in which every update state and
# every task and project judgment appears on 2023-12-31.
DEMO=$(test_db demo)
PLANMON_DEMO_PASSWORD=demo-pass-1 "$P" demo --db "$DEMO" >/dev/null 2>&1
"$P" task list --db "$DEMO" --format json >"$T/demo.json"
check "demo: tasks, projects, states and judgments" python3 -c "
import json,sys; d=json.load(open(sys.argv[1]))
tasks=[t for t in d if t['type']=='task']; projects=[t for t in d if t['type']=='project']
assert len(tasks)>=20 and len(projects)>=5, (len(tasks), len(projects))
assert all(t['as_of']=='2023-12-31' for t in d)
judg={'not_started','on_schedule','lagging','overdue','done','cancelled'}
assert {t['judgment'] for t in tasks}==judg, {t['judgment'] for t in tasks}
assert {t['judgment'] for t in projects}=={'not_started','on_schedule','lagging','overdue','done'}
assert {t['latest_state'] for t in d}-{None}=={'not_started','on_plan','lagging','done','cancelled'}" "$T/demo.json"
check "demo: a returned and a submitted update" test "$(db_sql "$DEMO" 'select count(distinct review) from task_update')" = 3
check "demo: departments marked 示例" test "$(db_sql "$DEMO" "select count(*) from dept where contact like '示例%'")" -ge 5
check "demo: clean" "$P" check --db "$DEMO"
finish
