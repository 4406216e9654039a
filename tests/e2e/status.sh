#!/bin/sh
# planmon init → units import → targets import → status, demo → status, and
# bad input: each refusal exits 2 with nothing on stdout, names the file
# (and the line, where there is one) on stderr, and leaves the database as
# it was (a full dump and PRAGMA integrity_check through python3's sqlite3 —
# on PostgreSQL pg_dump and planmon check — and status output, before and after).
set -u
. "$(dirname "$0")/../lib.sh"

D=tests/data/units
DB=$(test_db plan)

# A logical dump of a database (every table, row by row) after checking
# its integrity; fails if the check does not say ok. On PostgreSQL the rows
# of pg_dump, sorted (a table's rows come in the order they lie on disk),
# without the sequences' positions (PostgreSQL does not roll a sequence
# back with the transaction that moved it, so a refused import moves them
# without changing any data) and the random key pg_dump puts around a dump.
dump() {
    if on_postgresql; then
        "$PLANMON" check --db "$1" >/dev/null 2>&1 || { echo "planmon check failed"; return 1; }
        db_dump "$1" 2>/dev/null | grep -v -e 'pg_catalog.setval' -e '^\\restrict ' -e '^\\unrestrict ' | sort
        return
    fi
    python3 - "$1" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
assert con.execute('PRAGMA integrity_check').fetchall() == [('ok',)]
for line in con.iterdump():
    print(line)
PY
}

# ---- init → units → targets → status ------------------------------------------
"$PLANMON" init --db "$DB" >"$T/init.out" 2>"$T/init.err"
check "init exits 0" test $? -eq 0
check "init names the next step" grep -q 'units import' "$T/init.out"

"$PLANMON" status --db "$DB" >"$T/nounits.out" 2>"$T/nounits.err"
check "status before any units: exit 2" test $? -eq 2
check "status before any units: empty stdout" test ! -s "$T/nounits.out"
check "status before any units: says so" grep -q '还没有组织机构' "$T/nounits.err"

"$PLANMON" units import --db "$DB" "$D/units.csv" >"$T/units.out" 2>&1
check "units import exits 0" test $? -eq 0
check "units import counts 9" grep -q '已导入 9 个组织机构' "$T/units.out"
"$PLANMON" targets import --db "$DB" "$D/targets.csv" >"$T/targets.out" 2>&1
check "targets import exits 0" test $? -eq 0
check "targets import counts 4" grep -q '已导入 4 条分解目标' "$T/targets.out"

"$PLANMON" status --db "$DB" >"$T/st.txt" 2>"$T/st.err"
check "status exits 0" test $? -eq 0
check "status table: district heading" grep -q '^大兴区（110115）  2020年' "$T/st.txt"
check "status table: 32 rows" test "$(grep -c '^ *[0-9][0-9]*  ' "$T/st.txt")" -eq 32
"$PLANMON" status --db "$DB" --format json >"$T/st.json"
check "status json: district, 32 indicators, nothing reported yet" python3 - "$T/st.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d['unit'] == '110115' and d['unit_level'] == 0 and d['year'] == 2020, d
ind = d['indicators']
assert len(ind) == 32 and [i['no'] for i in ind] == list(range(1, 33))
assert all(i['status'] == 'no_data' and i['status_label'] == '暂无数据' for i in ind)
c = d['completeness']
assert c['children'] == 3 and c['children_reported'] == 0 and c['items_reported'] == 0, c
PY
"$PLANMON" status --db "$DB" --unit 110115002 --format json >"$T/town.json"
check "status --unit: the town's own targets are its goalposts" python3 - "$T/town.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d['unit'] == '110115002' and d['unit_name'] == '黄村镇' and d['unit_level'] == 1, d
ind = {i['no']: i for i in d['indicators']}
assert ind[6]['judged'] is True and ind[6]['judged_baseline'] == 20 and ind[6]['judged_target'] == 25
assert ind[3]['judged_target'] == 6.5 and ind[3]['judged_baseline'] is None
# A count without a share of its own is not judged for a town.
assert ind[5]['judged'] is False, ind[5]
assert d['completeness']['children'] == 3
PY
"$PLANMON" status --db "$DB" --unit 110115001001 --format json >"$T/comm.json"
check "status --unit of a community: exit 0" test $? -eq 0
check "status --unit of a community: no children" grep -q '"children": 0' "$T/comm.json"

# Importing the same file again changes nothing.
dump "$DB" >"$T/before.dump"
check "dump before" test -s "$T/before.dump"
"$PLANMON" status --db "$DB" --format json >"$T/before.json"
"$PLANMON" units import --db "$DB" "$D/units.csv" >/dev/null 2>&1
check "units import again: exit 0" test $? -eq 0
dump "$DB" >"$T/again.dump"
check "units import again: same units" cmp -s "$T/before.dump" "$T/again.dump"

# ---- bad org-unit files: exit 2, file and line, database unchanged ----------------
unchanged() { # what
    dump "$DB" >"$T/after.dump"
    check "$1: database unchanged" cmp -s "$T/before.dump" "$T/after.dump"
    "$PLANMON" status --db "$DB" --format json >"$T/after.json"
    check "$1: status unchanged" cmp -s "$T/before.json" "$T/after.json"
}
refused() { # command words..., then: name, line (0: none), reason, file
    _name=$1 _line=$2 _why=$3 _file=$4
    shift 4
    "$PLANMON" "$@" --db "$DB" "$_file" >"$T/$_name.out" 2>"$T/$_name.err"
    _rc=$?
    check "$_name: exit 2" test "$_rc" -eq 2
    check "$_name: empty stdout" test ! -s "$T/$_name.out"
    if [ "$_line" -gt 0 ]; then
        check "$_name: names file and line $_line" grep -q "$(basename "$_file") 第 $_line 行" "$T/$_name.err"
    else
        check "$_name: names the file" grep -q "$(basename "$_file")" "$T/$_name.err"
    fi
    check "$_name: says why ($_why)" grep -q "$_why" "$T/$_name.err"
    unchanged "$_name"
}
bad_units() { # name, line, reason, csv text
    printf '%b' "$4" >"$T/$1.csv"
    refused "$1" "$2" "$3" "$T/$1.csv" units import
}
H='code,name,parent,level\n'
bad_units unknown_parent 4 '上级机构“T9”不存在' "${H}110115,大兴区,,0\nT1,甲镇,110115,1\nC1,一村,T9,2\n"
bad_units cycle 3 '构成循环' "${H}110115,大兴区,,0\nA,甲镇,B,1\nB,乙村,A,2\n"
bad_units duplicate 4 '代码“T1”重复（第 3 行已有）' "${H}110115,大兴区,,0\nT1,甲镇,110115,1\nT1,乙镇,110115,1\n"
bad_units two_roots 4 '只能有一个根机构' "${H}110115,大兴区,,0\nT1,甲镇,110115,1\nE,另一区,,0\n"
bad_units bad_level 3 '列“level”的值“省”无法识别' "${H}110115,大兴区,,0\nT1,甲镇,110115,省\n"
bad_units level_order 4 '级别应低于其上级' "${H}110115,大兴区,,0\nT1,甲镇,110115,1\nC1,一村,T1,1\n"
bad_units ragged 3 '行不整齐' "${H}110115,大兴区,,0\nT1,甲镇,110115\n"
bad_units bad_utf8 3 'UTF-8' "${H}110115,大兴区,,0\nT1,甲\377镇,110115,1\n"
bad_units no_rows 1 '没有组织机构' "${H}"
bad_units missing_column 1 '表头缺少列“level”' "code,name,parent\n110115,大兴区,\n"
bad_units empty 0 '文件为空' ""
# Good on its own, but a second root next to the stored district: the
# store refuses it inside the transaction and nothing of it stays.
printf '%b' "${H}X,新区,,0\nX1,新镇,X,1\n" >"$T/second_root.csv"
refused second_root 0 '只能有一个根' "$T/second_root.csv" units import
check "second_root: says the database was left alone" grep -q "数据库 .*plan.* 未作任何改动" "$T/second_root.err"
refused missing_file 0 '无法打开' "$T/no-such.csv" units import

# ---- bad target files ------------------------------------------------------------
bad_targets() { # name, line, reason, csv text
    printf '%b' "$4" >"$T/$1.csv"
    refused "$1" "$2" "$3" "$T/$1.csv" targets import
}
H='unit,item,baseline,target\n'
bad_targets t_unknown_unit 3 '组织机构“NOPE”不存在' "${H}110115001,6,10,12\nNOPE,6,1,2\n"
bad_targets t_unknown_item 3 '规划中没有指标“99”' "${H}110115001,6,10,12\n110115002,99,1,2\n"
bad_targets t_non_numeric 2 '列“target”的值“abc”不是数字' "${H}110115001,6,10,abc\n"
bad_targets t_bad_baseline 2 '列“baseline”的值“x”不是数字' "${H}110115001,6,x,12\n"
bad_targets t_empty_target 2 '不能为空' "${H}110115001,6,10,\n"
bad_targets t_duplicate 3 '目标重复' "${H}110115001,6,10,12\n110115001,I06,1,2\n"
bad_targets t_ragged 2 '行不整齐' "${H}110115001,6,10\n"
bad_targets t_bad_utf8 2 'UTF-8' "${H}110115001,6,10,1\377\n"
# A header alone used to import "0 targets" and wipe every stored one.
bad_targets t_header_only 1 '没有分解目标' "${H}"
bad_targets t_empty 0 '文件为空' ""

# ---- status refusals ---------------------------------------------------------------
status_refused() { # what, reason, args...
    _what=$1 _why=$2
    shift 2
    "$PLANMON" status "$@" >"$T/sr.out" 2>"$T/sr.err"
    _rc=$?
    check "status $_what: exit 2" test "$_rc" -eq 2
    check "status $_what: empty stdout" test ! -s "$T/sr.out"
    check "status $_what: says why" grep -q "$_why" "$T/sr.err"
}
status_refused "unknown --unit" '组织机构“NOPE”不存在' --db "$DB" --unit NOPE
status_refused "--year 2019" '不在规划期 2020–2025' --db "$DB" --year 2019
status_refused "--year 2026" '不在规划期' --db "$DB" --year 2026
status_refused "--year abc" '年份“abc”无效' --db "$DB" --year abc
status_refused "--format xml" '不支持的输出格式' --db "$DB" --format xml
status_refused "--method nope" '不支持的评估方法' --db "$DB" --method nope
if on_postgresql; then
    # The database the DBA made, without planmon's schema: PostgreSQL's missing file.
    NONE=$(test_db none)
    status_refused "empty database" '数据库 .*none.* 不存在（先运行 planmon init' --db "$NONE"
    check "status on an empty database creates nothing" db_gone "$NONE"
    status_refused "no such database on the server" '没有这个数据库' --db "$(test_db_url nosuch)"
else
    status_refused "missing --db file" "$T/none.db.*不存在" --db "$T/none.db"
    check "status on a missing file creates nothing" test ! -e "$T/none.db"
fi
unchanged "after the status refusals"

# init on an existing file: exit 2, the file untouched (on PostgreSQL
# unchanged() below is that check).
on_postgresql || cp "$DB" "$T/copy.db"
"$PLANMON" init --db "$DB" >"$T/reinit.out" 2>"$T/reinit.err"
check "init on an existing file: exit 2" test $? -eq 2
check "init on an existing file: empty stdout" test ! -s "$T/reinit.out"
check "init on an existing file: says so" grep -q '已存在' "$T/reinit.err"
on_postgresql || check "init on an existing file: file untouched" cmp -s "$DB" "$T/copy.db"
unchanged "init on an existing file"

# ---- demo → status -------------------------------------------------------------------
DEMO=$(test_db demo)
"$PLANMON" demo --db "$DEMO" >"$T/demo.out" 2>"$T/demo.err"
check "demo exits 0" test $? -eq 0
check "demo says its figures are synthetic" grep -q '示例数据' "$T/demo.out"
"$PLANMON" demo --db "$DEMO" >/dev/null 2>"$T/demo2.err"
check "demo on an existing file without --force: exit 2" test $? -eq 2
# --force replaces whatever is there (the store destroys it first), even a
# file that is no database (PostgreSQL: a schema planmon that is no planmon
# database).
if on_postgresql; then
    FORCED=$(test_db forced)
    db_sql "$FORCED" "CREATE SCHEMA planmon; CREATE TABLE planmon.junk(x text); INSERT INTO planmon.junk VALUES ('not a database')"
else
    FORCED=$T/forced.db
    echo "not a database" >"$FORCED"
    : >"$FORCED-wal"
fi
"$PLANMON" demo --db "$FORCED" --force >/dev/null 2>"$T/forced.err"
check "demo --force over a junk file: exit 0" test $? -eq 0
check "demo --force over a junk file: a database again" sh -c '"$1" status --db "$2" >/dev/null' sh "$PLANMON" "$FORCED"
on_postgresql || rm -f "$FORCED" "$FORCED-wal" "$FORCED-shm"

# A database of a newer schema, another program's, or no database at all
# is bad input on every backend: exit 2 with the reason, the data untouched
# (PostgreSQL's side of it is in pg.sh too).
NEWER=$(db_clone "$DEMO" newer)
if on_postgresql; then
    db_sql "$NEWER" "UPDATE meta SET value = '99' WHERE key = 'schema_version'" >/dev/null
else
    db_sql "$NEWER" "PRAGMA user_version = 99"
fi
for cmd in status init serve; do
    case $cmd in serve) extra="--listen 127.0.0.1:0" ;; *) extra="" ;; esac
    "$PLANMON" $cmd --db "$NEWER" $extra >/dev/null 2>"$T/newer-$cmd.err"
    check "newer schema: $cmd refuses it with exit 2" test $? -eq 2
    check "… saying the database is newer (第 99 版)" grep -q '数据库版本较新（第 99 版）' "$T/newer-$cmd.err"
done
on_postgresql || check "newer schema: the file still says version 99" test "$(db_sql "$NEWER" 'PRAGMA user_version')" = 99
if ! on_postgresql; then
    sqlite3 "$T/other.db" "CREATE TABLE notes(x TEXT); INSERT INTO notes VALUES ('another program')"
    "$PLANMON" status --db "$T/other.db" >/dev/null 2>"$T/other.err"
    check "another program's SQLite file: exit 2" test $? -eq 2
    check "… saying it is not planmon's" grep -q '不是 planmon 数据库' "$T/other.err"
    printf 'not a database at all, just some text that is long enough to fill a header.\n%.0s' 1 2 3 >"$T/text.db"
    "$PLANMON" status --db "$T/text.db" >/dev/null 2>"$T/text.err"
    check "a text file as the database: exit 2" test $? -eq 2
    check "… saying it is no SQLite file" grep -q '不是 SQLite 数据库文件' "$T/text.err"
fi

"$PLANMON" status --db "$DEMO" >"$T/demo.txt"
check "demo status table: exit 0" test $? -eq 0
check "demo status table: district, 2023" grep -q '^大兴区（110115）  2023年' "$T/demo.txt"
check "demo status table: summary line" grep -q '^共 32 项指标' "$T/demo.txt"
check "demo status table: an alert" grep -q '⚠ 预警' "$T/demo.txt"

"$PLANMON" status --db "$DEMO" --format json >"$T/demo.json"
check "demo status json: every status, a regressing binding alert" python3 - "$T/demo.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d['unit'] == '110115' and d['year'] == 2023 and d['method'] == 'pace', d
ind = d['indicators']
assert len(ind) == 32, len(ind)
labels = {'achieved': {'提前完成', '保持达标'}, 'on_track': {'符合预期', '快于预期'}, 'behind': {'进度偏慢'},
          'lagging': {'明显滞后'}, 'regressing': {'逆向变化', '未能保持'}, 'no_data': {'暂无数据'},
          'missed': {'未完成'}}
for i in ind:
    assert i['status'] in labels and i['status_label'] in labels[i['status']], i
    # 保持达标 / 未能保持 exactly when the baseline already met the target.
    assert (i['status_label'] in ('保持达标', '未能保持')) == (i['status'] in ('achieved', 'regressing') and i['maintain']), i
    for k in ('no', 'name', 'unit', 'baseline', 'target', 'target_op', 'binding', 'year', 'value',
              'gap_share', 'pace', 'projected', 'projected_met', 'required_yearly_change', 'alert',
              'maintain', 'outlook'):
        assert k in i, (k, i['no'])
    assert i['alert'] == (i['binding'] and (i['status'] in ('behind', 'lagging', 'regressing', 'missed')
                                            or i['outlook'] == 'unlikely')), i
    assert (i['outlook'] is None) == (i['status'] in ('achieved', 'missed', 'no_data')), i
    if i['maintain']:
        assert i['gap_share'] is None and i['pace'] is None, i
    if i['status'] == 'no_data':
        assert i['value'] is None and i['year'] is None
    else:
        assert i['year'] <= 2023 and i['value'] is not None
seen = {i['status'] for i in ind}
need = {'achieved', 'on_track', 'behind', 'lagging', 'regressing', 'no_data'}
assert need <= seen, need - seen
assert any(i['binding'] and i['status'] == 'regressing' and i['alert'] for i in ind)
c = d['completeness']
assert c['children'] == 22 and c['children_reported'] == 22, c
PY

"$PLANMON" status --db "$DEMO" --unit 110115009 --format json >"$T/demo-town.json"
check "demo status --unit of a town" python3 - "$T/demo-town.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d['unit'] == '110115009' and d['unit_name'] == '黄村镇' and d['unit_level'] == 1, d
ind = d['indicators']
assert len(ind) == 32
# Counts without a share of their own show the town's part of the district.
shown = [i for i in ind if not i['judged']]
assert shown and all(i['status'] is None or i['status'] == 'no_data' or i['share_of_root'] is not None
                     for i in shown), shown[0]
assert any(i['share_of_root'] is not None and 0 <= i['share_of_root'] <= 1 for i in shown)
# No. 6 has a share set by the demo: judged against it.
six = next(i for i in ind if i['no'] == 6)
assert six['judged'] and six['judged_target'] is not None, six
PY

"$PLANMON" status --db "$DEMO" --year 2021 --format json >"$T/demo-2021.json"
check "demo status --year 2021" python3 - "$T/demo-2021.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d['year'] == 2021
assert all(i['year'] is None or i['year'] <= 2021 for i in d['indicators'])
assert any(i['year'] == 2021 for i in d['indicators'])
PY

"$PLANMON" status --db "$DEMO" --method sdg --format json >"$T/demo-sdg.json"
check "demo status --method sdg" python3 - "$T/demo-sdg.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d['method'] == 'sdg' and len(d['indicators']) == 32
sdg = {'target_achieved', 'substantial_progress', 'moderate_progress', 'limited_progress',
       'deterioration', 'not_available'}
seen = {i['status'] for i in d['indicators']}
assert seen <= sdg, seen - sdg
assert len(seen) >= 4, seen
assert all('progress' in i and 'score' in i and i['status_label'] for i in d['indicators'])
for i in d['indicators']:
    if i['status'] == 'target_achieved':
        assert i['score'] == 5
PY

"$PLANMON" status --db "$DEMO" --format csv >"$T/demo.csv"
check "demo status csv: 33 lines" test "$(wc -l <"$T/demo.csv")" -eq 33
check "demo status csv: parses, one row per indicator, no column named twice" python3 - "$T/demo.csv" <<'PY'
import csv, sys
head = next(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
assert len(head) == len(set(head)), sorted(h for h in head if head.count(h) > 1)
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
assert len(rows) == 32
assert all(r['status'] and r['status_label'] for r in rows)
assert all(r['report_unit'] == '110115' and r['report_year'] == '2023' for r in rows)
assert [int(r['no']) for r in rows] == list(range(1, 33))
assert {r['unit'] for r in rows} >= {'%', '张'}
PY
# ---- who answers for each indicator: the 分解落实表 in the status document ------------------------
# A 分解落实表 over every indicator of a copy of the demo (it replaces the demo's own
# assignments); the expected lead, co-parties and deadline are read from this file by python,
# with the demo's department names as the bureau publishes them, not from planmon.
DUTY=$(db_clone "$DEMO" duty)
python3 - "$T/duty.csv" <<'PY'
import sys
depts = ['shjz', 'ylfw', 'sqjs', 'shzz', 'swsf', 'cszx']
names = {'wjw': '区卫生健康委', 'czj': '区财政局', 'zjw': '区住房城乡建设委'}
with open(sys.argv[1], 'w', encoding='utf-8') as f:
    f.write('序号,类型,指标/任务/项目,牵头单位,配合单位,完成时限\n')
    for no in range(1, 33):
        lead = depts[no % len(depts)]
        co = ['', '区财政局', '区卫生健康委、黄村镇', 'czj、zjw'][no % 4]
        when = ['2025-12-31', '2024年6月', '2023年底', ''][no % 4]
        f.write(f'{no},指标,{no},{lead},{co},{when}\n')
PY
"$PLANMON" task import --db "$DUTY" "$T/duty.csv" >/dev/null 2>"$T/duty.err"
check "分解落实表 over every indicator: imported" test $? -eq 0
"$PLANMON" status --db "$DUTY" --format json >"$T/duty.json"
"$PLANMON" status --db "$DUTY" --format csv >"$T/duty-status.csv"
"$PLANMON" status --db "$DUTY" >"$T/duty.txt"
cat >"$T/duty_expect.py" <<'PY'
import calendar, csv, re
# The demo's departments and the town a co-party names, as published (DESIGN's demo).
CODE = {'社会救助科': 'shjz', '养老服务科': 'ylfw', '基层政权和社区建设科': 'sqjs', '社会组织管理科': 'shzz',
        '社会事务和儿童福利科': 'swsf', '慈善社工科': 'cszx', '区卫生健康委': 'wjw', '区财政局': 'czj',
        '区住房城乡建设委': 'zjw', '黄村镇': '110115009'}
NAME = {v: k for k, v in CODE.items()}
def deadline(s):
    m = re.fullmatch(r'(\d{4})年底', s)
    if m:
        return m.group(1) + '-12-31'
    m = re.fullmatch(r'(\d{4})年(\d{1,2})月', s)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        return f'{y}-{mo:02d}-{calendar.monthrange(y, mo)[1]:02d}'
    return s or None
def expected(path):
    out = {}
    for r in csv.DictReader(open(path, encoding='utf-8')):
        co = [CODE.get(c, c) for c in re.split('、', r['配合单位']) if c]
        lead = CODE.get(r['牵头单位'], r['牵头单位'])
        out[int(r['指标/任务/项目'])] = {'lead': lead, 'lead_name': NAME[lead], 'co': co,
                                         'co_names': [NAME[c] for c in co], 'deadline': deadline(r['完成时限'])}
    return out
PY
check "status json: every indicator's lead, lead_name, co, deadline as the 分解落实表 says" \
    python3 - "$T/duty.json" "$T/duty.csv" "$T" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[3])
from duty_expect import expected
want = expected(sys.argv[2])
ind = json.load(open(sys.argv[1]))['indicators']
assert len(ind) == 32
for i in ind:
    w = want[i['no']]
    got = {k: i[k] for k in w}
    assert got == w, (i['no'], got, w)
    assert i['lead_type'] == 'dept', i
PY
check "status csv: the same, co-parties joined with ;" python3 - "$T/duty-status.csv" "$T/duty.csv" "$T" <<'PY'
import csv, sys
sys.path.insert(0, sys.argv[3])
from duty_expect import expected
want = expected(sys.argv[2])
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
assert len(rows) == 32
for r in rows:
    w = want[int(r['no'])]
    assert r['lead'] == w['lead'] and r['lead_name'] == w['lead_name'], r
    assert r['co'] == ';'.join(w['co']) and r['co_names'] == ';'.join(w['co_names']), r
    assert r['deadline'] == (w['deadline'] or ''), r
PY
check "status table: every alert names its lead from the 分解落实表" python3 - "$T/duty.txt" "$T/duty.json" "$T/duty.csv" "$T" <<'PY'
import json, sys
sys.path.insert(0, sys.argv[4])
from duty_expect import expected
want = expected(sys.argv[3])
text = open(sys.argv[1], encoding='utf-8').read()
alerts = [i for i in json.load(open(sys.argv[2]))['indicators'] if i['alert']]
assert alerts
for i in alerts:
    w = want[i['no']]
    line = f"  ⚠ {i['no']}. {i['name']}：牵头单位 {w['lead_name']}"
    if w['co_names']:
        line += '，配合单位 ' + '、'.join(w['co_names'])
    assert line + '\n' in text, line
PY
# Indicators with no assignment (the demo's taken away by the database's own client): null and
# empty, never a guess; each of the demo's alerts says no lead is named yet.
NODUTY=$(db_clone "$DEMO" noduty)
db_sql "$NODUTY" "DELETE FROM assignment_party WHERE item_kind = 'indicator'; DELETE FROM assignment WHERE item_kind = 'indicator'"
"$PLANMON" status --db "$NODUTY" --format json >"$T/noduty.json"
check "no assignment: lead null, co empty, deadline null" python3 - "$T/noduty.json" <<'PY'
import json, sys
ind = json.load(open(sys.argv[1]))['indicators']
assert len(ind) == 32 and all(i['lead'] is None and i['lead_name'] is None and i['co'] == [] and i['deadline'] is None
                              for i in ind), ind[0]
PY
"$PLANMON" status --db "$NODUTY" >"$T/noduty.txt"
NALERT=$(python3 -c 'import json,sys; print(sum(i["alert"] for i in json.load(open(sys.argv[1]))["indicators"]))' "$T/noduty.json")
check "no assignment: the demo has alerts" test "$NALERT" -gt 0
check "no assignment: each alert says no lead is named" test "$(grep -c '^  ⚠ [0-9]*\. .*：尚未明确牵头单位$' "$T/noduty.txt")" = "$NALERT"
finish
