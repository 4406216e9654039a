#!/bin/sh
# End to end with real published plans (issue 11 "Done when"): four real
# indicator tables go into one new database the way a bureau would bring
# them — init --plan, units, template, import of figures written here by
# hand, status, report — and a real 十五五 plan continues its district's real
# 十四五 plan, its baseline being the 十四五 final figure entered here.
# Plans: a county's 十四五 education table (tests/data/plans/real/r06), the
# 十四五 community-service 专栏 (r03), and Putuo district's greening 十四五
# results table and 十五五 plan (../shared/plans-dev d07 and d01, found as
# plans_dev.sh finds them). Every expected judgment below was worked out by
# hand from DESIGN's pace rule; the comments show the arithmetic.
set -u
. "$(dirname "$0")/../lib.sh"

root=$(cd "$(dirname "$0")/../.." && pwd)
REAL=$root/tests/data/plans/real
dev=${PLANS_DEV:-$root/../shared/plans-dev}
if [ ! -f "$dev/check.py" ] && [ -z "${PLANS_DEV:-}" ]; then
    common=$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null) &&
        dev=$(dirname "$common")/../shared/plans-dev
fi
check "plans-dev folder found (set PLANS_DEV)" test -f "$dev/d01-putuo-green15-word.txt"

DB=$(test_db real)
"$PLANMON" init --db "$DB" --plan "$dev/d07-putuo-green14-tsv.txt" --title "普陀区绿化建设“十四五”规划" \
    --code green14 >"$T/out" 2>"$T/err"
check "init a new database with a real 十四五 plan" test $? -eq 0
check "init: its 29 indicators" grep -q '29 项指标' "$T/out"
"$PLANMON" init --db "$DB" --plan "$dev/d01-putuo-green15-word.txt" \
    --title "普陀区绿化建设和市容景观提升“十五五”规划" --code green15 >"$T/out" 2>&1
check "add the district's real 十五五 plan" sh -c "test $? -eq 0 && grep -q '规划期 2026—2030年，基期 2025 年' '$T/out'"
"$PLANMON" init --db "$DB" --plan "$REAL/r06-county-education14-cells.txt" \
    --title "县“十四五”教育事业发展规划" --code edu14 >"$T/out" 2>&1
check "add a real 十四五 education plan" sh -c "test $? -eq 0 && grep -q '14 项指标' '$T/out'"
"$PLANMON" init --db "$DB" --plan "$REAL/r03-community-service14-word.txt" \
    --title "“十四五”城乡社区服务体系建设规划" --code comm14 >"$T/out" 2>&1
check "add a real 十四五 community-service plan" sh -c "test $? -eq 0 && grep -q '8 项指标' '$T/out'"
printf 'code,name,parent,level\n310107,普陀区,,0\n' >"$T/units.csv"
"$PLANMON" units import --db "$DB" "$T/units.csv" >/dev/null 2>&1
check "units imported" test $? -eq 0

"$PLANMON" plan list --db "$DB" --format json >"$T/plans.json"
check "four plans, the first one the default" python3 - "$T/plans.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
assert [(x['code'], x['indicators'], x['default']) for x in p] == [
    ('green14', 29, True), ('green15', 14, False), ('edu14', 14, False), ('comm14', 8, False)], p
PY

# ---- templates: each lists its own plan's items ----------------------------------------------
for plan in edu14:2023 comm14:2022 green15:2026; do
    "$PLANMON" template --db "$DB" --plan "${plan%:*}" --unit 310107 --year "${plan#*:}" -o "$T/${plan%:*}.xlsx" \
        >/dev/null 2>&1
done
check "templates list their plan's indicators" python3 - "$T" <<'PY'
import sys, zipfile
t = sys.argv[1]
def strings(p):
    return zipfile.ZipFile(f'{t}/{p}.xlsx').read('xl/sharedStrings.xml').decode()
e, c, g = strings('edu14'), strings('comm14'), strings('green15')
assert '普惠性幼儿园覆盖率' in e and '社工师' not in e
assert '每万城镇常住人口拥有社区工作者' in c and '普惠性幼儿园覆盖率' not in c
assert '绿化覆盖率' in g and '普惠性幼儿园覆盖率' not in g
PY

# ---- figures written by hand, by 序号 ----------------------------------------------------------
cat >"$T/edu.csv" <<'EOF'
unit,year,item,value
310107,2023,1,99.3
310107,2023,2,99.6
310107,2023,4,11.95
310107,2023,6,88.0
310107,2023,14,13.0
EOF
"$PLANMON" import --db "$DB" --plan edu14 "$T/edu.csv" >/dev/null 2>"$T/err"
check "import into the education plan" test $? -eq 0
"$PLANMON" status --db "$DB" --plan edu14 --year 2023 --format json >"$T/edu.json"
check "education plan judged as worked out by hand" python3 - "$T/edu.json" <<'PY'
import json, sys
s = {i['no']: i for i in json.load(open(sys.argv[1]))['indicators']}
def is_(no, status, label, pace=None):
    i = s[no]
    assert (i['status'], i['status_label']) == (status, label), (no, i['status'], i['status_label'])
    if pace is not None:
        assert abs(i['pace'] - pace) < 1e-3, (no, i['pace'], pace)
# 1: base 99 already met the target >=99, and 99.3 still does: kept, not "early"
is_(1, 'achieved', '保持达标')
# 2: base 100 already met target 100; 99.6 no longer does
is_(2, 'regressing', '未能保持')
assert s[2]['alert'] is True  # binding (约束性)
# 4: (11.95-11.4)/(12.3-11.4) = 0.6111 over tau (2023-2020)/5 = 0.6 -> 1.0185
is_(4, 'on_track', '符合预期', 1.0185)
# 6: (88-86.44)/(90-86.44) = 0.4382 / 0.6 -> 0.7303
is_(6, 'behind', '进度偏慢', 0.7303)
assert s[6]['alert'] is False  # 预期性
# 14: (13-12.59)/(20-12.59) = 0.0553 / 0.6 -> 0.0922
is_(14, 'lagging', '明显滞后', 0.0922)
# 8 holds its figures in its two 其中 parts (小学, 初中); nothing entered
is_(8, 'no_data', '暂无数据')
PY

cat >"$T/comm.csv" <<'EOF'
unit,year,item,value
310107,2021,3,8
310107,2022,3,9
310107,2022,7,15.5
310107,2022,8,2.4
EOF
"$PLANMON" import --db "$DB" --plan comm14 "$T/comm.csv" >/dev/null 2>"$T/err"
check "import into the community-service plan" test $? -eq 0
"$PLANMON" status --db "$DB" --plan comm14 --year 2022 --format json >"$T/comm.json"
check "community-service plan judged as worked out by hand" python3 - "$T/comm.json" <<'PY'
import json, sys
s = {i['no']: i for i in json.load(open(sys.argv[1]))['indicators']}
# 3: no baseline in the table: the first figure (8 in 2021) is the base;
# (9-8)/(10-8) = 0.5 over (2022-2021)/(2025-2021) = 0.25 -> 2.0
i = s[3]
assert (i['status'], i['status_label'], i['judged_base_year']) == ('on_track', '快于预期', 2021), i
assert abs(i['pace'] - 2.0) < 1e-6, i['pace']
# 7: (15.5-14.3)/(18-14.3) = 0.3243 over 0.4 -> 0.8108
assert (s[7]['status'], s[7]['status_label']) == ('behind', '进度偏慢') and abs(s[7]['pace'] - 0.8108) < 1e-3, s[7]
# 8: 2.5 -> 2.4 against >=3: backwards; 约束性 -> alert
assert (s[8]['status'], s[8]['status_label'], s[8]['alert']) == ('regressing', '逆向变化', True), s[8]
PY

for plan in edu14:2023 comm14:2022; do
    "$PLANMON" report --db "$DB" --plan "${plan%:*}" --year "${plan#*:}" --format md >"$T/${plan%:*}.md" 2>"$T/err"
done
check "report of the education plan" sh -c "grep -q '县“十四五”教育事业发展规划' '$T/edu14.md' &&
    grep -q '普惠性幼儿园覆盖率' '$T/edu14.md' && grep -q '进度偏慢' '$T/edu14.md'"
check "report of the community-service plan" sh -c "grep -q '城乡社区服务体系建设规划' '$T/comm14.md' &&
    grep -q '社工师' '$T/comm14.md' && grep -q '逆向变化' '$T/comm14.md'"

# ---- the real 十五五 plan continues the real 十四五 plan ---------------------------------------
# 十五五 No. 2 绿化覆盖率 (table: “十四五”现状 31.46, target 31.5) continues 十四五 No. 2 (target 30.55).
"$PLANMON" plan continue --db "$DB" --plan green15 2 green14:2 >"$T/out" 2>&1
check "plan continue: 十五五 No. 2 continues 十四五 No. 2" test $? -eq 0
# The district's own final figure for 2025 (31.42, not the table's 31.46) and a first 十五五 year.
printf 'unit,year,item,value\n310107,2024,2,31.2\n310107,2025,2,31.42\n' >"$T/g14.csv"
printf 'unit,year,item,value\n310107,2026,2,31.45\n' >"$T/g15.csv"
"$PLANMON" import --db "$DB" --plan green14 "$T/g14.csv" >/dev/null 2>&1 &&
    "$PLANMON" import --db "$DB" --plan green15 "$T/g15.csv" >/dev/null 2>&1
check "十四五 final and 十五五 first figures imported" test $? -eq 0
"$PLANMON" status --db "$DB" --year 2025 --format json >"$T/g14.json"
"$PLANMON" status --db "$DB" --plan green15 --year 2026 --format json >"$T/g15.json"
check "the 十五五 baseline is the 十四五 final figure, and the judgment rests on it" python3 - "$T/g14.json" "$T/g15.json" <<'PY'
import json, sys
a, b = ({i['no']: i for i in json.load(open(p))['indicators']} for p in sys.argv[1:3])
# 十四五 (a results table without a base column): the first figure, 31.2 in 2024, is the base and
# already met the target 30.55; 31.42 in 2025 still does
assert (a[2]['status'], a[2]['status_label'], a[2]['value']) == ('achieved', '保持达标', 31.42), a[2]
c = b[2]
assert c['continues'] == {'plan': 'green14', 'indicator': 'I02'}, c
assert c['judged_baseline'] == 31.42 and c['judged_base_year'] == 2025, c
# (31.45-31.42)/(31.5-31.42) = 0.375 over (2026-2025)/5 = 0.2 -> 1.875: faster than planned.
# (With the table's 31.46 it would have gone backwards.)
assert (c['status'], c['status_label']) == ('on_track', '快于预期') and abs(c['pace'] - 1.875) < 1e-6, c
PY
"$PLANMON" report --db "$DB" --plan green15 --year 2026 --format md >"$T/g15.md" 2>"$T/err"
check "report of the 十五五 plan" sh -c "grep -q '市容景观提升“十五五”规划' '$T/g15.md' && grep -q '快于预期' '$T/g15.md'"

"$PLANMON" check --db "$DB" >/dev/null 2>&1
check "database checks clean" test $? -eq 0
finish
