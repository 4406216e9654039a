#!/bin/sh
# CSV exports neutralise formula cells (base/cellguard.h): a text cell that a
# spreadsheet would run (=, +, -, @, tab, CR) gets a leading ', numbers such
# as -3.5 stay numbers, and the import reads the cells back unchanged, so
# export → import writes nothing. XLSX is left as it is (typed cells).
set -u
. "$(dirname "$0")/../lib.sh"

DB=$(test_db g)
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
V=110115009001
# Comments a reporter might type — or an attacker: the import takes them as
# text (a cell without the guard is read as it is; a guarded one loses its
# guard: ''= in the file is '= typed).
python3 - "$T/hostile.csv" "$V" <<'PY'
import csv, sys
rows = [
    ("volunteers", "1201", '=HYPERLINK("http://evil.example","点击")'),
    ("workers", "12", "+cmd|' /C calc'!A0"),
    ("workers_local", "10", "-2+3"),
    ("community_orgs", "5", "@SUM(A1:A9)"),
    ("courtyard_demos", "3", "''=already quoted"),  # the file's guard over a typed '=
    ("secretary_studios", "1", "-"),
    ("elder_stations", "2", "'plain apostrophe"),
]
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["unit", "year", "item", "value", "comment"])
    for i, (item, value, comment) in enumerate(rows):
        w.writerow([sys.argv[2], 2024, item, value, comment])
PY
"$PLANMON" import --db "$DB" --as planner "$T/hostile.csv" >"$T/imp.out" 2>&1
check "hostile comments imported" test $? -eq 0

# The comments as stored (read with the database's own client, not through planmon).
stored() {
    db_sql "$DB" "SELECT d.comment FROM data_value d JOIN org_unit u ON u.id = d.unit_id
                  WHERE u.code = '$V' AND d.year = 2024 ORDER BY d.element_id"
}
stored >"$T/stored"
check "stored as typed (no guard in the database)" grep -qx '=HYPERLINK("http://evil.example","点击")' "$T/stored"
check "a guarded cell is read without its guard" grep -qx "'=already quoted" "$T/stored"
check "a guarded minus is read without its guard" grep -qx -- "-2+3" "$T/stored"

# No cell of a CSV planmon writes may start a formula; numbers stay bare.
no_formula() { # file
    python3 - "$1" <<'PY'
import csv, re, sys
num = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
bad = 0
guarded = 0
for row in csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")):
    for cell in row:
        # A lone trigger has no formula to run (base/cellguard.h) and stays bare.
        if len(cell) > 1 and cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not num.match(cell):
            print("formula-like cell written bare:", repr(cell))
            bad += 1
        guarded += cell.startswith("'")
print(guarded, "guarded", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}
"$PLANMON" export --db "$DB" --unit $V --format csv -o "$T/export.csv"
check "export: no formula cell" no_formula "$T/export.csv"
check "export: the hyperlink goes out as text" grep -qF "'=HYPERLINK(\"\"http://evil.example\"\",\"\"点击\"\")" "$T/export.csv"
check "export: +cmd guarded" grep -qF "'+cmd|' /C calc'!A0" "$T/export.csv"
check "export: -2+3 guarded" grep -qF ",'-2+3," "$T/export.csv"
check "export: @SUM guarded" grep -qF ",'@SUM(A1:A9)," "$T/export.csv"
check "export: an apostrophe before a formula doubled" grep -qF ",''=already quoted," "$T/export.csv"
check "export: a lone - stays as written (nothing follows it to run)" grep -qF ",-," "$T/export.csv"
check "export: a plain apostrophe kept as it is" grep -qF ",'plain apostrophe," "$T/export.csv"
check "export: every value is a bare number" python3 - "$T/export.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
assert rows
for r in rows:
    if r["value"] != "":
        float(r["value"])
PY
# A negative figure stays a number (Excel reads -3.5 as a number).
printf 'unit,year,item,value,comment\n110115,2024,I10,-3.5,负数\n' >"$T/neg.csv"
"$PLANMON" import --db "$DB" "$T/neg.csv" >/dev/null 2>&1
"$PLANMON" export --db "$DB" --unit 110115 --item I10 --year 2024 --format csv -o "$T/neg-out.csv"
check "a negative figure is written bare: -3.5" grep -q ",-3.5," "$T/neg-out.csv"

snapshot() {
    for t in data_value value_history; do
        db_sql "$DB" "SELECT '$t', * FROM $t ORDER BY 1, 2, 3, 4"
    done
}
"$PLANMON" export --db "$DB" --format csv -o "$T/all.csv"
snapshot >"$T/before"
"$PLANMON" import --db "$DB" "$T/all.csv" >"$T/rt.out" 2>&1
check "export → import: exit 0" test $? -eq 0
check "export → import: nothing to write" grep -q '写入 0 个数据' "$T/rt.out"
snapshot >"$T/after"
check "export → import: database unchanged" cmp -s "$T/before" "$T/after"
stored >"$T/stored-after"
check "the hostile comments survive the round trip exactly" cmp -s "$T/stored" "$T/stored-after"

"$PLANMON" export --db "$DB" --what status --format csv -o "$T/status.csv"
check "export --what status: no formula cell" no_formula "$T/status.csv"
"$PLANMON" history --db "$DB" --unit $V --format csv >"$T/history.csv"
check "history --format csv: no formula cell" no_formula "$T/history.csv"
check "history --format csv: the comment guarded" grep -qF "'@SUM(A1:A9)" "$T/history.csv"
"$PLANMON" export --db "$DB" --unit $V -o "$T/x.xlsx"
check "XLSX keeps the text as it is (a string cell, no guard)" python3 - "$T/x.xlsx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
assert "=HYPERLINK(&quot;http://evil.example&quot;" in text or '=HYPERLINK("http://evil.example"' in text
assert "'=HYPERLINK" not in text
PY
finish
