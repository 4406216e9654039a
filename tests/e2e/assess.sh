#!/bin/sh
# planmon assess end to end: sdg conformance through the CLI, pace results,
# and bad input (exit 2, nothing on stdout, file and line on stderr).
set -u
. "$(dirname "$0")/../lib.sh"

out=$T/sdg.csv
"$PLANMON" assess --method sdg tests/data/opensdg-progress-vectors.csv >"$out" 2>"$T/err"
check "sdg exits 0" test $? -eq 0
# Compare the CLI's progress/status/score with the vectors' expected ones.
check "sdg CLI output matches all 374 vectors" python3 - tests/data/opensdg-progress-vectors.csv "$out" <<'PY'
import csv, sys, math
exp = list(csv.DictReader(open(sys.argv[1], newline='')))
got = list(csv.DictReader(open(sys.argv[2], newline='')))
assert len(exp) == len(got) == 374, (len(exp), len(got))
def same(a, b):
    if a == '' or b == '':
        return a == b
    a, b = float(a), float(b)
    return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))
bad = [e['id'] for e, g in zip(exp, got)
       if e['id'] != g['id'] or e['status'] != g['status']
       or not same(e['progress'], g['progress']) or not same(e['score'], g['score'])]
assert not bad, bad[:10]
PY

"$PLANMON" assess --method pace tests/data/assess/pace-basic.csv --format json >"$T/pace.json"
check "pace json exits 0" test $? -eq 0
check "pace json fields" python3 - "$T/pace.json" <<'PY'
import json, sys
rows = {r['id']: r for r in json.load(open(sys.argv[1]))}
b = rows['beds']
assert b['status'] == 'behind' and b['alert'] is True, b
assert abs(b['gap_share'] - 70/150) < 1e-15 and abs(b['pace'] - (70/150)/(3/5)) < 1e-15
assert abs(b['projected'] - 174) < 1e-9 and b['projected_met'] is False
assert abs(b['required_yearly_change'] - 40) < 1e-12
r = rows['revoked']
assert r['status'] == 'behind' and r['alert'] is False and r['base'] is None and r['cumulative'] is True
assert rows['rehab']['status'] == 'regressing' and rows['rehab']['alert'] is True
o = rows['online']
assert o['status'] == 'achieved' and o['alert'] is False and o['required_yearly_change'] is None
e = rows['empty']
assert e['status'] == 'no_data' and e['year'] is None and e['pace'] is None and e['alert'] is False
PY
"$PLANMON" assess --method pace tests/data/assess/pace-basic.csv >"$T/pace.csv"
check "pace csv header" grep -q '^id,base_year,base,target_year,target,target_op,polarity,cumulative,series,binding,year,value,gap_share,pace,status,projected,projected_met,required_yearly_change,alert,maintain,outlook$' "$T/pace.csv"
check "pace csv gives maintain and outlook" grep -q '^beds,.*,behind,174,false,40,true,false,at_risk$' "$T/pace.csv"
check "pace csv keeps input cells verbatim" grep -q '^rehab,2020,30.3,2025,80,>=,,0,2021:29,true,2021,29,' "$T/pace.csv"

# A target the base already met (DESIGN pace step 4) and the outlook.
"$PLANMON" assess --method pace tests/data/assess/pace-maintain.csv --format json >"$T/maintain.json"
check "maintain json exits 0" test $? -eq 0
check "maintain and outlook fields" python3 - "$T/maintain.json" <<'PY'
import json, sys
rows = {r['id']: r for r in json.load(open(sys.argv[1]))}
k = rows['kept']
assert k['status'] == 'achieved' and k['maintain'] is True and k['outlook'] is None, k
assert k['gap_share'] is None and k['pace'] is None, k
l = rows['lost']
assert l['status'] == 'regressing' and l['maintain'] is True and l['alert'] is True, l
assert l['gap_share'] is None and l['pace'] is None and l['outlook'] == 'unlikely', l
a = rows['ahead']
assert a['status'] == 'on_track' and a['maintain'] is False and a['outlook'] == 'likely', a
h = rows['heading_miss']
assert h['status'] == 'on_track' and h['outlook'] == 'unlikely' and h['alert'] is True, h
PY

# Bad input: each must exit 2, print nothing on stdout, and name file and line.
bad() { # name, expected line, csv text
    printf '%b' "$3" >"$T/$1.csv"
    "$PLANMON" assess --method pace "$T/$1.csv" >"$T/$1.out" 2>"$T/$1.err"
    rc=$?
    check "bad $1: exit 2" test "$rc" -eq 2
    check "bad $1: empty stdout" test ! -s "$T/$1.out"
    check "bad $1: names file and line $2" grep -q "$1.csv 第 $2 行" "$T/$1.err"
}
H='id,base_year,base,target_year,target,target_op,polarity,cumulative,series\n'
bad ragged 3 "${H}a,2020,1,2025,2,,,0,\nb,2020,1\n"
bad nonnumeric 2 "${H}a,2020,abc,2025,2,,,0,\n"
bad emptytarget 2 "${H}a,2020,1,2025,,,,0,\n"
bad badseries 3 "${H}a,2020,1,2025,2,,,0,2021:1\nb,2020,1,2025,2,,,0,2021;1\n"
bad badop 2 "${H}a,2020,1,2025,2,approx,,0,\n"
bad utf8 2 "${H}a\377,2020,1,2025,2,,,0,\n"
bad missingcol 1 "id,base_year\na,2020\n"
printf '' >"$T/empty.csv"
"$PLANMON" assess --method pace "$T/empty.csv" >"$T/empty.out" 2>"$T/empty.err"
check "empty file: exit 2" test $? -eq 2
check "empty file: message" grep -q '为空' "$T/empty.err"
# BOM and CRLF are accepted.
printf '\357\273\277id,base_year,base,target_year,target,target_op,polarity,cumulative,series\r\na,2020,1,2025,2,,,0,2021:2\r\n' >"$T/bom.csv"
"$PLANMON" assess --method pace "$T/bom.csv" --format json >"$T/bom.json"
check "BOM+CRLF: exit 0" test $? -eq 0
check "BOM+CRLF: achieved" grep -q '"status": "achieved"' "$T/bom.json"
"$PLANMON" assess --method nope "$T/bom.csv" >/dev/null 2>&1
check "unknown method: exit 2" test $? -eq 2
"$PLANMON" assess --method pace /nonexistent/file.csv >/dev/null 2>"$T/nofile.err"
check "missing file: exit 2" test $? -eq 2
check "missing file: named" grep -q '/nonexistent/file.csv' "$T/nofile.err"
finish
