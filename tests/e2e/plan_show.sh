#!/bin/sh
# The main job (no arguments) and `plan show`: the built-in plan, read from
# the embedded table text plus its overlay.
set -u
. "$(dirname "$0")/../lib.sh"

"$PLANMON" >"$T/default.txt" 2>"$T/err"
check "default run exits 0" test $? -eq 0
check "default run shows the title" grep -q '大兴区民政事业发展“十四五”规划' "$T/default.txt"
check "default run shows 32 indicator rows" test "$(grep -cE '^ +[0-9]+  ' "$T/default.txt")" -eq 32
check "default run shows four goals" test "$(grep -cE '^（[一二三四]）' "$T/default.txt")" -eq 4
check "default run counts binding ones" grep -q '约束性 12 项' "$T/default.txt"

"$PLANMON" plan show --format json >"$T/plan.json"
check "plan show json" python3 - "$T/plan.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
assert p['title'] == '大兴区民政事业发展“十四五”规划'
assert p['base_year'] == 2020 and p['target_year'] == 2025
assert [g['domain'] for g in p['goals']] == ['基本民生保障', '基层社会治理', '基本社会服务', '基础保障']
ind = p['indicators']
assert len(ind) == 32
assert [i['no'] for i in ind if i['binding']] == [2, 5, 6, 8, 11, 12, 13, 14, 15, 25, 27, 28]
n17 = ind[16]
assert n17['cumulative'] is True and n17['baseline'] is None and n17['unit'] == '个'
assert ind[8]['baseline'] == 30.3 and ind[8]['target_op'] == '>='
PY
"$PLANMON" plan show --format csv >"$T/plan.csv"
check "plan show csv has 33 lines" test "$(wc -l <"$T/plan.csv")" -eq 33
"$PLANMON" plan show --format xml >"$T/out" 2>&1
check "unknown format exits 2" test $? -eq 2
"$PLANMON" no-such-command >"$T/out" 2>&1
check "unknown command exits 2" test $? -eq 2
"$PLANMON" help >"$T/help.txt"
check "help lists assess" grep -q 'planmon assess' "$T/help.txt"
finish
