#!/bin/sh
# Round trips through a real spreadsheet program (issue 14, item 5): the
# export (XLSX and CSV), a filled template and the report XLSX opened in
# LibreOffice Calc (headless) and saved again without any edit; the data
# files import back with nothing to write and no error, the report still
# opens. Also: every XLSX names a Chinese font (等线) on every cell and has
# a page setup (landscape, one page wide, header rows repeated).
. "$(dirname "$0")/../lib.sh"
if ! command -v soffice >/dev/null 2>&1; then
    # Large (≈300 MB): installed once, here rather than by scripts/deps.sh for every build.
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends \
            libreoffice-calc-nogui >/dev/null 2>&1 ||
            { apt-get -o DPkg::Lock::Timeout=900 update -qq >/dev/null 2>&1 &&
                DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
                    --no-install-recommends libreoffice-calc-nogui >/dev/null 2>&1; }
    fi
fi
command -v soffice >/dev/null 2>&1 || { echo "calc_roundtrip.sh: soffice (libreoffice-calc-nogui) is missing"; exit 1; }

DB=$(test_db calc)
TOWN=110115009
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
# Figures of 2024 with decimals that are not exact in binary, and a share.
printf 'unit,year,item,value,comment\n%s,2024,burials,215,\n%s,2024,eco_burials,100,\n%s,2024,caregivers,120,\n' \
    $TOWN $TOWN $TOWN >"$T/fig.csv"
check "2024 figures stored" "$PLANMON" import --db "$DB" --as planner "$T/fig.csv"
"$PLANMON" export --db "$DB" --format xlsx -o "$T/export.xlsx"
"$PLANMON" export --db "$DB" --format csv -o "$T/export.csv"
"$PLANMON" template --db "$DB" --unit $TOWN --year 2024 -o "$T/template.xlsx" >/dev/null
"$PLANMON" report --db "$DB" --year 2023 --format xlsx -o "$T/report.xlsx" >/dev/null
for f in export.xlsx export.csv template.xlsx report.xlsx; do
    check "$f written" test -s "$T/$f"
done

# ---- what the files say about fonts and printing ----------------------------------------
python3 - "$T" >"$T/style.out" 2>&1 <<'PY'
import re, sys, zipfile
for name in ("export.xlsx", "template.xlsx", "report.xlsx"):
    z = zipfile.ZipFile(sys.argv[1] + "/" + name)
    styles = z.read("xl/styles.xml").decode()
    fonts = re.findall(r"<font>.*?</font>", styles, re.S)
    assert fonts and all(re.search('<name val="(等线|宋体)"/>', f) for f in fonts), (name, fonts)
    sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    for s in sheets:
        x = z.read(s).decode()
        setup = re.search(r"<pageSetup[^>]*>", x).group(0)
        assert 'orientation="landscape"' in setup and 'fitToHeight="0"' in setup, (name, s, setup)
        assert '<pageSetUpPr fitToPage="1"/>' in x, (name, s)
    wb = z.read("xl/workbook.xml").decode()
    assert "_xlnm.Print_Titles" in wb, name
    print(name, "ok", len(sheets), "sheets")
PY
check "every XLSX: every font Chinese (等线, the template 宋体), landscape, one page wide, titles repeated" \
    test "$(grep -c ' ok ' "$T/style.out")" -eq 3

# ---- LibreOffice Calc opens and saves each one again ------------------------------------
mkdir -p "$T/calc" "$T/lo"
for f in export.xlsx template.xlsx report.xlsx; do
    HOME=$T/lo timeout 300 soffice --headless --norestore --convert-to xlsx --outdir "$T/calc" "$T/$f" >"$T/lo.out" 2>&1
    check "Calc re-saves $f" test -s "$T/calc/$f"
done
# CSV: read as UTF-8 (what the BOM says), written back as UTF-8 CSV.
HOME=$T/lo timeout 300 soffice --headless --norestore --infilter='CSV:44,34,76,1' \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir "$T/calc" "$T/export.csv" >"$T/lo.out" 2>&1
check "Calc re-saves export.csv" test -s "$T/calc/export.csv"
check "…with the Chinese intact (no mojibake)" grep -q '已审核' "$T/calc/export.csv"

for f in export.xlsx export.csv template.xlsx; do
    "$PLANMON" import --db "$DB" --as planner "$T/calc/$f" >"$T/imp.out" 2>&1
    check "$f re-saved by Calc imports back (exit 0)" test $? -eq 0
    check "…with nothing to write" grep -q '写入 0 个数据' "$T/imp.out"
    check "…and no error or warning" sh -c "! grep -q '：错误：\\|：警告' '$T/imp.out' && grep -q '警告 0 个' '$T/imp.out'"
done
check "the report re-saved by Calc still has its indicator sheet" \
    python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert '主要指标' in z.read('xl/workbook.xml').decode()" \
    "$T/calc/report.xlsx"
finish
