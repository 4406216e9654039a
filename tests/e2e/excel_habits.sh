#!/bin/sh
# Excel/WPS habits (issue 14, item 5): each file of tests/data/excel read as
# the figures it holds, or answered with what to do (see its README.md).
. "$(dirname "$0")/../lib.sh"
D=$(cd "$(dirname "$0")/../data/excel" && pwd)
MKXLSX="python3 $(dirname "$0")/mkxlsx.py"
DB=$(test_db habits)
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
TOWN=110115009
# value ITEM [UNIT]: the stored 2024 figure.
value() {
    "$PLANMON" export --db "$DB" --year 2024 --item "$1" --unit "${2:-$TOWN}" --format csv |
        awk -F, -v u="${2:-$TOWN}" '$1 == u { print $4 }'
}
imp() { "$PLANMON" import --db "$DB" --as planner "$@" >"$T/out" 2>&1; }

imp "$D/thousands.csv"
check "thousands separators: imported" test $? -eq 0
check "…\"1,215\" is 1215" test "$(value burials)" = 1215
check "…\"1,020\" is 1020" test "$(value eco_burials)" = 1020

imp "$D/percent_not_share.csv"
check "12.0% on a count: refused" test $? -eq 2
check "…saying it is not a share" grep -q '“养老护理员”不是比例项（单位：名），数值不能带 %，请填数值（如 12）' "$T/out"

imp "$D/percent_share.csv"
check "86.0% on a share item (I25, entered 0–100): imported" test $? -eq 0
check "…as 86" test "$(value I25 110115)" = 86

imp "$D/fullwidth.csv"
check "full-width digits: imported" test $? -eq 0
check "…１２３４ is 1234" test "$(value burials)" = 1234
check "…１２ is 12" test "$(value caregivers)" = 12

imp "$D/dashes.csv"
check "— / －: imported, the dash rows skipped" test $? -eq 0
check "…a note for each dash" test "$(grep -c '提示：“—”“/”等按“无数据”处理，本行未导入' "$T/out")" -eq 3
check "…the real row read" test "$(value sw_talent)" = 80
check "…nothing stored for a dash (burials kept 1234)" test "$(value burials)" = 1234

imp "$D/scientific_code.csv"
check "unit code in scientific notation: refused" test $? -eq 2
check "…with what to do" grep -q '单元格被 Excel 转成了科学计数法，请把代码列设为文本' "$T/out"

imp "$D/old_excel97.xls"
check "an old .xls: refused" test $? -eq 2
check "…asking for .xlsx" grep -q '旧版 Excel 97-2003 工作簿（.xls）.*另存为.*xlsx' "$T/out"

imp "$D/unicode_text.txt"
check "UTF-16 \"Unicode text\" (tab-separated): imported" test $? -eq 0
check "…burials 215" test "$(value burials)" = 215
check "…eco_burials 100" test "$(value eco_burials)" = 100

imp --dry-run "$D/wide_units_down.csv"
check "wide sheet, towns down: read" test $? -eq 0
check "…5 figures (names, codes and name（unit） as items; the year from the title)" grep -q '5 行' "$T/out"
imp "$D/wide_units_down.csv"
check "…西红门镇's 养老护理员 is 7" test "$(value caregivers 110115010)" = 7
check "…西红门镇's burials is 120" test "$(value burials 110115010)" = 120

imp "$D/wide_items_down.csv"
check "wide sheet, towns across (a code and a name): read" test $? -eq 0
check "…the dash cell noted" grep -q '列“西红门镇”：提示' "$T/out"

# The same towns-down sheet as an XLSX, the year in the sheet's name.
sed 1d "$D/wide_units_down.csv" | sed 's/,215,/,216,/' | $MKXLSX "$T/wide.xlsx" 2024年 --text 0
imp "$T/wide.xlsx"
check "wide XLSX, the year from the sheet name: read" test $? -eq 0
check "…黄村镇 burials 216" test "$(value burials)" = 216
printf '单位代码,burials\n%s,5\n' $TOWN | $MKXLSX "$T/noyear.xlsx" 数据 --text 0
imp "$T/noyear.xlsx"
check "wide sheet without any year: refused" test $? -eq 2
check "…asking for a year column or title" grep -q '是宽表（单位在左、数据项在上），但没有“年份”列' "$T/out"
printf 'unit,year,item,value\n%s,2024,burials,"1,23"\n' $TOWN >"$T/bad.csv"
imp "$T/bad.csv"
check "a comma that does not group by three is not a number" grep -q '“1,23”不是数字' "$T/out"
# The template's 填报说明 sheet: one row per item of the 填报 sheet with its
# unit, what the cell takes, its 口径, the indicators it feeds and an example.
"$PLANMON" template --db "$DB" --unit $TOWN --year 2025 -o "$T/tpl.xlsx" >/dev/null
check "template written" test -s "$T/tpl.xlsx"
python3 - "$T/tpl.xlsx" >"$T/guide.out" 2>&1 <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
ss = [re.sub(r"<[^>]+>", "", x) for x in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
def rows(part):
    out = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", z.read(part).decode(), re.S):
        cells = {}
        for ref, attrs, body in re.findall(r'<c r="([A-Z]+)\d+"([^>]*)>(.*?)</c>', row, re.S):
            v = re.search(r"<v>(.*?)</v>", body)
            cells[ref] = ss[int(v.group(1))] if v and 't="s"' in attrs else (v.group(1) if v else "")
        out.append(cells)
    return out
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)
assert names == ["填报", "填报说明"], names
fill = [r["C"] for r in rows("xl/worksheets/sheet1.xml")[3:]]
guide = rows("xl/worksheets/sheet2.xml")
head = next(i for i, r in enumerate(guide) if r.get("F") == "统计口径")
assert [guide[head][c] for c in "ABCDEFGH"] == ["序号", "代码", "名称", "计量单位", "填写要求", "统计口径", "含义（用于计算的指标）", "示例"]
items = guide[head + 1:]
assert [r["B"] for r in items] == fill and len(fill) == 16, (fill, [r["B"] for r in items])
by = {r["B"]: r for r in items}
assert by["caregivers"]["D"] == "名" and by["caregivers"]["E"] == "不小于 0 的整数，不带单位", by["caregivers"]
assert by["caregivers"]["F"].startswith("时点数：填报年度年末"), by["caregivers"]
assert by["burials"]["F"].startswith("时期数：填报年度 1—12 月当年发生"), by["burials"]
assert "26. 节地生态安葬率" in by["burials"]["G"] and "7. 万名老年人拥有养老护理员数" in by["caregivers"]["G"]
assert all(r["G"].startswith("用于指标：") and r["H"] for r in items), items
print("ok")
PY
check "the template has a 填报说明 sheet: each item's unit, requirement, 口径, indicators and example" grep -qx ok "$T/guide.out"
finish
