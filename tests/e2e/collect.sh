#!/bin/sh
# Collection end to end: template → fill → import → submit → approve →
# locked → reopen; CSV round trip, GB18030, dry run, the error report, and
# hostile files. After every refusal the database must be as it was.
set -u
. "$(dirname "$0")/../lib.sh"

DB=$(test_db c)
TOWN=110115009
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
# --as names a user of the database: the town's reporter and the district's reviewer.
PLANMON_PASSWORD=collect-pass-2025 "$PLANMON" user add 黄村填报员 --role reporter --unit $TOWN --db "$DB" >/dev/null 2>&1 &&
    PLANMON_PASSWORD=collect-pass-2025 "$PLANMON" user add 区审核员 --role reviewer --unit 110115 --db "$DB" >/dev/null 2>&1
check "the reporter and reviewer --as names" test $? -eq 0

# The database's figures and history as text: "unchanged" means this is equal.
snapshot() {
    "$PLANMON" check --db "$DB" >/dev/null 2>&1 || echo "planmon check failed"
    for t in data_value value_history; do
        db_sql "$DB" "SELECT '$t', * FROM $t ORDER BY 1, 2, 3, 4"
    done
}
snapshot >"$T/before"

# ---- template → fill → import ----------------------------------------------
"$PLANMON" template --db "$DB" --unit $TOWN --year 2024 -o "$T/t.xlsx" >/dev/null
check "template written" test -s "$T/t.xlsx"
check "template is a zip with the 填报 sheet" python3 - "$T/t.xlsx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert "填报" in z.read("xl/workbook.xml").decode()
assert "<sheetProtection" in z.read("xl/worksheets/sheet1.xml").decode()
PY
# Fill 本年值 (column G) with last year's value (column F), as a person
# copying figures over would; flags stay flags.
fill() { # in out delta
    python3 - "$1" "$2" "$3" <<'PY'
import re, sys, zipfile
src, dst, delta = sys.argv[1], sys.argv[2], float(sys.argv[3])
zin = zipfile.ZipFile(src)
zout = zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED)
for item in zin.infolist():
    data = zin.read(item.filename)
    if item.filename == "xl/worksheets/sheet1.xml":
        x = data.decode()
        last = {m.group(1): float(m.group(2)) for m in re.finditer(r'<c r="F(\d+)"[^>]*><v>([^<]*)</v></c>', x)}
        def put(m):
            row = m.group(1)
            v = last.get(row, 1.0)
            v = v + delta if v > 1 else v
            return '<c r="G%s"%s><v>%s</v></c>' % (row, m.group(2), repr(v).rstrip("0").rstrip("."))
        x = re.sub(r'<c r="G(\d+)"([^>]*)/>', put, x)
        data = x.encode()
    zout.writestr(item.filename, data)
zout.close()
PY
}
fill "$T/t.xlsx" "$T/filled.xlsx" 1
"$PLANMON" import --db "$DB" --as 黄村填报员 "$T/filled.xlsx" >"$T/imp.out" 2>"$T/imp.err"
check "filled template imports" test $? -eq 0
check "import says what it wrote" grep -q '已导入' "$T/imp.out"
"$PLANMON" export --db "$DB" --unit $TOWN --year 2024 --format json >"$T/v.json"
check "imported values are drafts" python3 - "$T/v.json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
assert len(rows) >= 10, len(rows)
assert all(r["state"] == "draft" and r["year"] == 2024 for r in rows), rows[:3]
PY

# ---- review ---------------------------------------------------------------
"$PLANMON" submit --db "$DB" --unit $TOWN --year 2024 --as 黄村填报员 >"$T/s.out"
check "submit" grep -q '已提交' "$T/s.out"
"$PLANMON" approve --db "$DB" --unit $TOWN --year 2024 --as 区审核员 >"$T/a.out"
check "approve" grep -q '已审核通过' "$T/a.out"
fill "$T/t.xlsx" "$T/changed.xlsx" 2
snapshot >"$T/approved"
"$PLANMON" import --db "$DB" "$T/changed.xlsx" >"$T/o" 2>"$T/locked.err"
check "approved values are locked: exit 2" test $? -eq 2
check "locked: message" grep -q '审核锁定' "$T/locked.err"
check "locked: names sheet, row and column" grep -q '工作表“填报” 第 4 行 G 列（本年值）' "$T/locked.err"
snapshot >"$T/after-locked"
check "locked: database unchanged" cmp -s "$T/approved" "$T/after-locked"
"$PLANMON" return --db "$DB" --unit $TOWN --year 2024 --reopen >/dev/null 2>&1
check "reopen without a reason is refused" test $? -eq 2
"$PLANMON" return --db "$DB" --unit $TOWN --year 2024 --reopen --reason "床位数有误，重新核对" --as 区审核员 >"$T/r.out"
check "reopen with a reason" grep -q '已重新打开并退回 ' "$T/r.out"
"$PLANMON" import --db "$DB" --as 黄村填报员 "$T/changed.xlsx" >/dev/null 2>&1
check "reopened values can be changed" test $? -eq 0
"$PLANMON" history --db "$DB" --unit $TOWN --year 2024 --format json >"$T/h.json"
check "history keeps every step" python3 - "$T/h.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))
states = [(r["old_state"], r["new_state"]) for r in h]
for step in [(None, "draft"), ("draft", "submitted"), ("submitted", "approved"), ("approved", "returned"),
             ("returned", "draft")]:
    assert step in states, (step, set(states))
assert any(r["why"] == "床位数有误，重新核对" and r["who"] == "区审核员" for r in h)
assert any(r["who"] == "黄村填报员" for r in h)
PY

# ---- CSV: round trip, encodings, dry run ----------------------------------
"$PLANMON" export --db "$DB" --unit $TOWN --format csv -o "$T/export.csv"
snapshot >"$T/before-rt"
"$PLANMON" import --db "$DB" "$T/export.csv" >"$T/rt.out" 2>&1
check "exported CSV imports back: exit 0" test $? -eq 0
check "exported CSV imports back unchanged" grep -q '写入 0 个数据' "$T/rt.out"
snapshot >"$T/after-rt"
check "round trip: database unchanged" cmp -s "$T/before-rt" "$T/after-rt"

H='unit,year,item,value,comment'
printf '%s\n%s,2024,volunteers,%s,志愿者登记\n' "$H" 110115009001 1234 >"$T/one.csv"
iconv -f UTF-8 -t GB18030 "$T/one.csv" >"$T/gb.csv"
"$PLANMON" import --db "$DB" --dry-run "$T/gb.csv" >"$T/gb.out" 2>&1
check "GB18030 CSV is read" test $? -eq 0
check "dry run says so" grep -q '试运行' "$T/gb.out"
snapshot >"$T/after-dry"
check "dry run writes nothing" cmp -s "$T/after-rt" "$T/after-dry"
printf '\357\273\277' >"$T/bom.csv"
cat "$T/one.csv" >>"$T/bom.csv"
"$PLANMON" import --db "$DB" "$T/bom.csv" >/dev/null 2>&1
check "UTF-8 with BOM is read and written" test $? -eq 0
{ cat "$T/one.csv"; printf '110115009002,2024,volunteers,\273\306\n'; } >"$T/mixed.csv"
"$PLANMON" import --db "$DB" "$T/mixed.csv" >"$T/o" 2>"$T/mixed.err"
check "mixed encodings: exit 2" test $? -eq 2
check "mixed encodings: named" grep -q '混用' "$T/mixed.err"

# ---- every check, reported by file, row and column --------------------------
snapshot >"$T/before-bad"
cat >"$T/bad.csv" <<EOF
$H
NOPE,2024,volunteers,1,
110115009001,2024,nosuchitem,1,
110115009001,2031,volunteers,1,
110115009001,2024,workers,abc,
110115009001,2024,workers_local,-3,
110115009001,2024,pop_resident,2.5,
110115009001,2024,psych_service,7,
110115009001,2024,volunteers,5,
110115009001,2024,volunteers,6,
110115009,2024,volunteers,5,
EOF
"$PLANMON" import --db "$DB" --report "$T/report.csv" "$T/bad.csv" >"$T/bad.out" 2>"$T/bad.err"
check "bad rows: exit 2" test $? -eq 2
check "bad rows: nothing on stdout" test ! -s "$T/bad.out"
for want in '第 2 行 列“unit”：错误：组织机构代码“NOPE”不存在' \
            '第 3 行 列“item”：错误：数据项“nosuchitem”不存在' \
            '第 4 行 列“year”：错误：年份“2031”无效' \
            '第 5 行 列“value”：错误：“abc”不是数字' \
            '第 6 行 列“value”：错误：“本社区居住的社区工作者”是计数，不能为负数' \
            '第 7 行 列“value”：错误：“常住人口”是计数，应为整数' \
            '第 8 行 列“value”：错误：“社区村已覆盖社会心理服务（是=1）”是“是/否”项' \
            '第 10 行 列“item”：错误：与第 9 行重复' \
            '第 11 行 列“unit”：错误：“实名注册志愿者”由社区村填报'; do
    check "report: $want" grep -qF "$want" "$T/bad.err"
done
check "error report CSV for the sender" python3 - "$T/report.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
assert rows[0] == ["文件", "工作表", "行", "列", "级别", "问题"], rows[0]
# nine errors and the warning on line 9 (5 volunteers after 512 last year), in file order
assert [r[2] for r in rows[1:]] == [str(n) for n in range(2, 12)], rows
assert rows[8][4] == "警告（需说明）", rows[8]
PY
snapshot >"$T/after-bad"
check "bad rows: database unchanged" cmp -s "$T/before-bad" "$T/after-bad"

# ---- hostile files ----------------------------------------------------------
python3 - "$T" <<'PY'
import sys, zipfile, io
t = sys.argv[1]
good = open(t + "/filled.xlsx", "rb").read()
open(t + "/truncated.xlsx", "wb").write(good[: len(good) // 2])
# A zip bomb: 300 MB of zeros in one sheet part.
with zipfile.ZipFile(t + "/bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="a" r:id="rId1" xmlns:r="x"/></sheets></workbook>')
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        chunk = b"\0" * (1 << 20)
        for _ in range(300):
            f.write(chunk)
# XML with an external entity.
zin = zipfile.ZipFile(t + "/filled.xlsx")
with zipfile.ZipFile(t + "/xxe.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/sharedStrings.xml":
            data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)
        z.writestr(item.filename, data)
# A formula where a value belongs.
with zipfile.ZipFile(t + "/formula.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            import re
            data = re.sub(rb'<c r="G4"([^>]*)><v>([^<]*)</v></c>', rb'<c r="G4"\1><f>F4*2</f><v>\2</v></c>', data, 1)
        z.writestr(item.filename, data)
# A sheet of a million empty rows under the header, and text in a number cell.
rows = "".join('<row r="%d"/>' % r for r in range(4, 1000004))
sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
         '<row r="1"><c r="A1" t="inlineStr"><is><t>unit</t></is></c><c r="B1" t="inlineStr"><is><t>year</t></is></c>'
         '<c r="C1" t="inlineStr"><is><t>item</t></is></c><c r="D1" t="inlineStr"><is><t>value</t></is></c></row>'
         + rows +
         '<row r="1000005"><c r="A1000005" t="inlineStr"><is><t>110115009001</t></is></c><c r="B1000005"><v>2024</v></c>'
         '<c r="C1000005" t="inlineStr"><is><t>volunteers</t></is></c><c r="D1000005" t="inlineStr"><is><t>很多</t></is></c></row>'
         '</sheetData></worksheet>')
with zipfile.ZipFile(t + "/empty-rows.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", sheet)
PY
snapshot >"$T/before-hostile"
for f in truncated bomb xxe formula empty-rows; do
    "$PLANMON" import --db "$DB" "$T/$f.xlsx" >"$T/$f.out" 2>"$T/$f.err"
    check "hostile $f.xlsx: exit 2" test $? -eq 2
    check "hostile $f.xlsx: a message naming the file" grep -q "$f.xlsx" "$T/$f.err"
done
check "formula: told to paste values" grep -q '公式' "$T/formula.err"
check "text in a number cell: row named" grep -q '第 1000005 行 D 列（value）：错误：“很多”不是数字' "$T/empty-rows.err"
snapshot >"$T/after-hostile"
check "hostile files: database unchanged" cmp -s "$T/before-hostile" "$T/after-hostile"
finish
