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

# A file may name only the units it adds under existing ones (issue 14
# item 6): two new communities of 黄村镇, nothing else in the file.
units_dump() { db_sql "$DB" "SELECT u.code, u.name, coalesce(p.code, ''), u.level FROM org_unit u LEFT JOIN org_unit p ON p.id = u.parent_id ORDER BY u.code"; }
units_dump >"$T/units-before"
printf 'code,name,parent,level\n110115009902,黄村新建社区甲,110115009,社区\n110115009903,黄村新建社区乙,110115009,社区\n' >"$T/add.csv"
"$PLANMON" units import --db "$DB" "$T/add.csv" >"$T/add.out" 2>"$T/add.err"
check "children under existing units import alone ($(head -c 200 "$T/add.err"))" test $? -eq 0
check "… the message counts 2 new, 0 existing" grep -q '新增 2 个，已有 0 个' "$T/add.out"
units_dump >"$T/units-after"
check "… the stored units are as they were, the two new ones under 黄村镇 added" python3 - "$T/units-before" "$T/units-after" <<'PY'
import sys
before = set(open(sys.argv[1], encoding="utf-8").read().splitlines())
after = set(open(sys.argv[2], encoding="utf-8").read().splitlines())
added = after - before
assert before <= after, before - after
assert len(added) == 2, added
assert all(l.split("|")[2] == "110115009" and l.split("|")[3] == "2" for l in added), added
PY

# Every error of a file at once, in line order, and nothing written: an
# empty name (line 2), an unknown parent (3), a level that is none (4), a
# repeated code (5), a child at its parent's level (6, an existing town).
printf 'code,name,parent,level\n110115009904,,110115009,社区\n110115009905,甲社区,999999,社区\n110115009906,乙社区,110115009,小区\n110115009904,丙社区,110115009,社区\n110115009907,丁镇,110115001,街道\n' >"$T/many.csv"
"$PLANMON" units import --db "$DB" "$T/many.csv" >"$T/many.out" 2>"$T/many.err"
check "a file with five errors is refused (exit 2)" test $? -eq 2
check "… each of the five lines named, in line order" python3 - "$T/many.err" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
lines = [int(m) for m in re.findall(r"many\.csv 第 (\d+) 行：", text)]
assert lines == [2, 3, 4, 5, 6], lines
for why in ["名称为空", "上级机构“999999”不存在", "“小区”无法识别", "重复（第 2 行已有）", "级别应低于其上级“110115001”"]:
    assert why in text, why
assert "共 5 处错误" in text and "未作任何改动" in text, text
PY
units_dump >"$T/units-refused"
check "… the database is unchanged" cmp -s "$T/units-after" "$T/units-refused"
finish
