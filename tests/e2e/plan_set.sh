#!/bin/sh
# Several plans in one database (DESIGN "plan set", issue 11): the demo's
# 十四五 (default) and 十五五 (示例) plans; init --plan FILE adds a real
# plan-table beside them and refuses the same plan twice with nothing
# written; --plan CODE on status, template, import, report, rules, export;
# plan use changes the default; a continuing indicator's 十五五 baseline is
# the 十四五 final figure, recomputed here from the imported figures; a
# qualitative indicator reads 人工评价 and carries the planner's judgment,
# with its history.
set -u
. "$(dirname "$0")/../lib.sh"

DB=$(test_db demo)
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"

"$PLANMON" plan list --db "$DB" --format json >"$T/plans.json"
check "demo: two plans, 14th the default" python3 - "$T/plans.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
assert [x['code'] for x in p] == ['14th', '15th'], p
assert p[0]['default'] and not p[1]['default'], p
assert p[0]['indicators'] == 32 and p[0]['period'] == '2021—2025年', p
assert '示例' in p[1]['title'] and p[1]['period_name'] == '十五五', p
PY

"$PLANMON" status --db "$DB" --format json >"$T/s14.json"
"$PLANMON" status --db "$DB" --plan 15th --format json >"$T/s15.json"
"$PLANMON" status --db "$DB" --plan 十五五 --format json >"$T/s15b.json"
check "status: default plan has 32 indicators, 15th 17, by period name the same" python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
a, b, c = (json.load(open(f'{t}/{n}.json')) for n in ('s14', 's15', 's15b'))
assert len(a['indicators']) == 32 and a['year'] == 2023, a['year']
assert len(b['indicators']) == 17 and b['year'] == 2026, b['year']
assert b == c
q = [i for i in b['indicators'] if i['qualitative']]
assert len(q) == 2 and all(i['status'] == 'manual' and i['status_label'] == '人工评价' for i in q), q
assert q[0]['judgment']['verdict_label'] == '基本实现' and q[1]['judgment'] is None, q
assert q[0]['target_text'] == '显著提升'
cont = [i for i in b['indicators'] if i.get('continues')]
assert len(cont) == 14 and cont[0]['continues'] == {'plan': '14th', 'indicator': 'I01'}, cont[0]
PY

"$PLANMON" status --db "$DB" --plan 16th >/dev/null 2>"$T/err"
check "unknown plan: exit 2" test $? -eq 2
check "unknown plan: names the plans there are" grep -q '没有规划“16th”；现有规划：14th' "$T/err"

# ---- a real plan added beside them --------------------------------------------------------
cp "$(dirname "$0")/../data/plans/real/r01-nmg-disability14-word.txt" "$T/nmg.txt"
"$PLANMON" init --db "$DB" --plan "$T/nmg.txt" --title "内蒙古残疾人事业十四五规划" --code nmg >"$T/out" 2>"$T/err"
check "init --plan on an existing database adds the plan" test $? -eq 0
check "init --plan: says so, with the code" grep -q '已在数据库 .* 中加入规划“内蒙古残疾人事业十四五规划”（代码 nmg' "$T/out"
# The plan tables as stored, in the database's own client's text.
plan_rows() {
    for t in plan indicator element plan_element; do
        db_sql "$DB" "SELECT '$t', * FROM $t ORDER BY 2, 3"
    done
}
plan_rows >"$T/before"
"$PLANMON" init --db "$DB" --plan "$T/nmg.txt" --title "内蒙古残疾人事业十四五规划" >"$T/out" 2>"$T/err"
check "the same plan twice: exit 2" test $? -eq 2
check "the same plan twice: a clear Chinese reason" grep -q '数据库中已有规划“内蒙古残疾人事业十四五规划”（2021—2025年，代码 nmg），不能重复载入' "$T/err"
plan_rows >"$T/after"
check "the same plan twice: nothing written" cmp -s "$T/before" "$T/after"
check "…and the plan tables were read" test "$(grep -c '^indicator|' "$T/after")" -gt 32
"$PLANMON" status --db "$DB" --format json >"$T/s14b.json"
check "adding a plan leaves the default alone" cmp -s "$T/s14.json" "$T/s14b.json"

# template → import → status → report for the added plan, at once.
"$PLANMON" plan parse "$T/nmg.txt" --format json >"$T/nmg.json" 2>/dev/null
"$PLANMON" template --db "$DB" --plan nmg --unit 110115 --year 2022 -o "$T/nmg.xlsx" >/dev/null 2>"$T/err"
check "template for the added plan" test -s "$T/nmg.xlsx"
python3 - "$T/nmg.json" >"$T/nmg-values.csv" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
print('unit,year,item,value')
for i in p['indicators']:
    if not i['qualitative'] and i['target'] is not None:
        # The table gives no baseline: the first figure is the base (DESIGN rule 1).
        print(f"110115,2021,{i['no']},{i['target'] * 0.8}")
        print(f"110115,2022,{i['no']},{i['target'] * 0.9}")
PY
"$PLANMON" import --db "$DB" --plan nmg "$T/nmg-values.csv" >"$T/out" 2>"$T/err"
check "import by 序号 into the added plan" test $? -eq 0
"$PLANMON" status --db "$DB" --plan nmg --year 2022 --format json >"$T/snmg.json"
check "status of the added plan: every imported figure judged" python3 - "$T/nmg.json" "$T/snmg.json" <<'PY'
import json, sys
p, s = (json.load(open(a)) for a in sys.argv[1:3])
want = {i['no']: i['target'] * 0.9 for i in p['indicators']
        if not i['qualitative'] and i['target'] is not None}
got = {i['no']: i['value'] for i in s['indicators']}
assert want and all(abs(got[n] - v) < 1e-9 for n, v in want.items()), (want, got)
assert all(i['judged_base_year'] == 2021 for i in s['indicators'] if i['no'] in want)
assert all(i['code'].startswith('nmg.') for i in s['indicators'])
PY
"$PLANMON" report --db "$DB" --plan nmg --year 2022 --format md >"$T/nmg.md" 2>"$T/err"
check "report of the added plan" grep -q '内蒙古残疾人事业十四五规划' "$T/nmg.md"
"$PLANMON" rules --db "$DB" --plan 14th --format json >"$T/r14.json"
"$PLANMON" rules --db "$DB" --plan nmg --format json >"$T/rnmg.json"
check "rules belong to their plan" python3 -c "
import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); assert len(a) > 0 and b == [], (len(a), b)" "$T/r14.json" "$T/rnmg.json"

# ---- the default ----------------------------------------------------------------------------
"$PLANMON" plan use --db "$DB" 15th >"$T/out" 2>&1
check "plan use: exit 0" test $? -eq 0
"$PLANMON" status --db "$DB" --format json >"$T/sdef.json"
check "plan use: status without --plan is 15th's" python3 -c "
import json,sys; assert len(json.load(open(sys.argv[1]))['indicators']) == 17" "$T/sdef.json"
"$PLANMON" plan use --db "$DB" 14th >/dev/null 2>&1

# ---- a continuing indicator: the 十四五 final figure becomes the baseline ---------------------
# 十四五 No. 2 (I02) is entered at the district; 十五五 No. 2 continues it.
printf 'unit,year,item,value\n110115,2024,I02,170\n110115,2025,I02,187\n' >"$T/final.csv"
"$PLANMON" import --db "$DB" "$T/final.csv" >/dev/null 2>"$T/err"
check "十四五 final figures imported" test $? -eq 0
"$PLANMON" status --db "$DB" --plan 15th --format json >"$T/s15c.json"
"$PLANMON" status --db "$DB" --year 2025 --format json >"$T/s14f.json"
check "the 十五五 baseline is the 十四五 final figure" python3 - "$T/s14f.json" "$T/s15c.json" <<'PY'
import json, sys
a, b = (json.load(open(x)) for x in sys.argv[1:3])
final = next(i for i in a['indicators'] if i['code'] == 'I02')
assert final['year'] == 2025 and final['value'] == 187, final
cont = next(i for i in b['indicators'] if i['no'] == 2)
assert cont['continues']['indicator'] == 'I02'
assert cont['baseline'] == 187 and cont['judged_baseline'] == 187, cont
PY
"$PLANMON" plan continue --db "$DB" --plan 15th 16 14th:2 >"$T/out" 2>&1
check "plan continue by 序号: exit 0" test $? -eq 0
check "plan continue: says which" grep -q '规划 15th 的指标 15th.I16 接续规划 14th 的指标 I02' "$T/out"
"$PLANMON" plan continue --db "$DB" --plan 14th 2 15th:2 >"$T/out" 2>&1
check "continuing a later plan: refused" sh -c "test $? -eq 2 && grep -q '只能接续更早的规划' '$T/out'"

# ---- qualitative indicators judged by hand --------------------------------------------------
"$PLANMON" judge --db "$DB" --plan 15th 12 已实现 --year 2026 --note "与全市同步推进" --as planner >"$T/out" 2>&1
check "judge: exit 0" test $? -eq 0
"$PLANMON" judge --db "$DB" --plan 15th 12 未实现 --year 2027 --as planner >/dev/null 2>&1
"$PLANMON" judge --db "$DB" --plan 15th 2 已实现 --year 2026 >"$T/out" 2>&1
check "judge a numeric indicator: refused" sh -c "test $? -eq 2 && grep -q '不能人工评价' '$T/out'"
"$PLANMON" judge --db "$DB" --plan 15th 12 很好 --year 2026 >"$T/out" 2>&1
check "judge with an unknown verdict: exit 2" sh -c "test $? -eq 2 && grep -q '已实现、基本实现 或 未实现' '$T/out'"
"$PLANMON" judgments --db "$DB" --plan 15th --item 12 --format json >"$T/j.json"
check "judgments: the history, oldest first" python3 -c "
import json,sys; j=json.load(open(sys.argv[1]))
assert [x['verdict_label'] for x in j] == ['已实现', '未实现'] and j[0]['note'] == '与全市同步推进' and j[0]['who'] == 'planner', j" "$T/j.json"
"$PLANMON" status --db "$DB" --plan 15th --year 2026 --format json >"$T/s26.json"
check "status 2026: the judgment of 2026 in force" python3 -c "
import json,sys; s=json.load(open(sys.argv[1])); i=next(x for x in s['indicators'] if x['no']==12)
assert i['status'] == 'manual' and i['judgment']['verdict'] == 'achieved', i" "$T/s26.json"
"$PLANMON" report --db "$DB" --plan 15th --year 2026 --format md >"$T/r15.md" 2>"$T/err"
check "report of 15th: the judgments by hand" sh -c "grep -q '人工评价' '$T/r15.md' && grep -q '城乡社区治理水平' '$T/r15.md'"

"$PLANMON" check --db "$DB" >/dev/null 2>&1
check "database checks clean" test $? -eq 0
finish
