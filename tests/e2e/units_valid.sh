#!/bin/sh
# Units valid over time (DESIGN "org unit", issue 12): a village imported
# with valid_to 2021 counts in 2021's community shares of its town and
# not in 2023's, even where it still reported a figure for 2023; the
# import keeps the groups and years; bad years are refused naming the line.
set -u
. "$(dirname "$0")/../lib.sh"

DB=$(test_db demo)
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
for y in 2021 2023; do
    "$PLANMON" status --db "$DB" --year $y --unit 110115009 --format json >"$T/before$y.json"
done

# The stored tree as a units file, plus one village of 黄村镇 closed after 2021.
python3 - "$DB" >"$T/units.csv" <<'PY'
import csv, dbrows, sys
con = dbrows.connect(sys.argv[1])
w = csv.writer(sys.stdout, lineterminator='\n')
w.writerow(['code', 'name', 'parent', 'level', 'group', 'valid_from', 'valid_to'])
for row in con.execute('SELECT u.code, u.name, coalesce(p.code, \'\'), u.level, coalesce(u.grp, \'\'), '
                       '\'\', \'\' FROM org_unit u LEFT JOIN org_unit p ON p.id = u.parent_id ORDER BY u.ord'):
    w.writerow(row)
w.writerow(['110115009901', '黄村撤并村', '110115009', 2, '农村社区', '', 2021])
PY
check "units import with group, valid_from, valid_to" "$PLANMON" units import --db "$DB" "$T/units.csv"
check "the import keeps the group and the last year" python3 - "$DB" <<'PY'
import dbrows, sys
con = dbrows.connect(sys.argv[1])
assert con.execute("SELECT grp, valid_from, valid_to FROM org_unit WHERE code = '110115009901'").fetchone() == ('农村社区', None, 2021)
assert con.execute("SELECT count(*) FROM org_unit WHERE level = 1 AND grp = '镇'").fetchone() == (14,)
PY
printf 'unit,year,item,value\n110115009901,2021,charity_station,1\n110115009901,2023,charity_station,1\n' >"$T/v.csv"
check "its figures import" "$PLANMON" import --db "$DB" "$T/v.csv"
for y in 2021 2023; do
    "$PLANMON" status --db "$DB" --year $y --unit 110115009 --format json >"$T/after$y.json"
done

check "No. 28 of 黄村镇: the closed village counts in 2021, not in 2023" python3 - "$DB" "$T" <<'PY'
import json, dbrows, sys
con, out = dbrows.connect(sys.argv[1]), sys.argv[2]
town, = con.execute("SELECT id FROM org_unit WHERE code = '110115009'").fetchone()
def no28(name):
    return {i['no']: i for i in json.load(open(f'{out}/{name}.json'))['indicators']}[28]['value']
def share(year, extra):
    # The town's villages with a charity station over its villages, from the
    # figures (the latest up to the year: a stock), plus the closed one.
    kids = [k for k, in con.execute('SELECT id FROM org_unit WHERE parent_id = ? AND code != ?',
                                    (town, '110115009901'))]
    have = 0
    for k in kids:
        r = con.execute("SELECT v.value FROM data_value v JOIN element e ON e.id = v.element_id "
                        "WHERE e.code = 'charity_station' AND v.unit_id = ? AND v.year <= ? "
                        "AND v.value IS NOT NULL ORDER BY v.year DESC LIMIT 1", (k, year)).fetchone()
        have += bool(r and r[0] > 0)
    return (have + extra) / (len(kids) + extra) * 100
assert abs(no28('before2021') - share(2021, 0)) < 1e-9, (no28('before2021'), share(2021, 0))
assert abs(no28('after2021') - share(2021, 1)) < 1e-9, (no28('after2021'), share(2021, 1))
assert no28('after2021') != no28('before2021')
assert abs(no28('after2023') - share(2023, 0)) < 1e-9 and no28('after2023') == no28('before2023')
PY

bad() { # name, line, reason, csv text
    printf '%b' "$4" >"$T/$1.csv"
    "$PLANMON" units import --db "$DB" "$T/$1.csv" >"$T/$1.out" 2>"$T/$1.err"
    check "$1: refused (exit 2)" test $? -eq 2
    check "$1: names line $2 and says why" grep -q "第 $2 行.*$3" "$T/$1.err"
}
H='code,name,parent,level,group,valid_from,valid_to\n'
bad bad_year 3 'valid_to' "${H}110115,大兴区,,0,,,\n110115009,黄村镇,110115,1,镇,,二〇二一\n"
bad backwards 3 '撤销年份（2021）早于设立年份（2023）' "${H}110115,大兴区,,0,,,\n110115009,黄村镇,110115,1,镇,2023,2021\n"
finish
