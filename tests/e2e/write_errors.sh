#!/bin/sh
# Output that cannot be written is an error (exit 1, the path and the reason
# in Chinese), never a silent exit 0; the format of -o follows the file's
# extension; out of memory ends every command one way (exit 1, 内存不足).
set -u
. "$(dirname "$0")/../lib.sh"
# /dev/full must be the device: a planmon that wrote -o FILE beside the file
# and renamed it over FILE once replaced /dev/full with a regular file.
if [ ! -c /dev/full ]; then
    echo "FAIL: /dev/full is not the character device (1, 7); restore it: rm /dev/full; mknod -m 666 /dev/full c 1 7"
    exit 1
fi

DB=$(test_db d)
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"

# ---- every write checked -----------------------------------------------------
full() { # name, then the command; its stdout goes to /dev/full
    _name=$1
    shift
    "$@" >/dev/full 2>"$T/full.err"
    _rc=$?
    check "$_name > /dev/full: exit 1 (got $_rc)" test "$_rc" -eq 1
    check "$_name > /dev/full: names the path and the reason" grep -q '无法写入 /dev/full：磁盘空间不足' "$T/full.err"
}
full "plan show" "$PLANMON" plan show
full "plan show --format json" "$PLANMON" plan show --format json
full "status" "$PLANMON" status --db "$DB"
full "status --format csv" "$PLANMON" status --db "$DB" --format csv
full "history --format csv" "$PLANMON" history --db "$DB" --format csv
full "export" "$PLANMON" export --db "$DB"
full "export --what status" "$PLANMON" export --db "$DB" --what status --format json
full "user list" "$PLANMON" user list --db "$DB"
full "report" "$PLANMON" report --db "$DB" --format md
full "assess" "$PLANMON" assess --method pace tests/data/assess/pace-basic.csv

for args in "export -o /dev/full" "export --what status -o /dev/full" "report -o /dev/full" \
            "report --format md -o /dev/full"; do
    # shellcheck disable=SC2086 # the words are the command's arguments
    "$PLANMON" $args --db "$DB" >"$T/o" 2>"$T/e"
    _rc=$?
    check "$args: exit 1 (got $_rc)" test "$_rc" -eq 1
    check "$args: names the path and the reason" grep -q '无法写入 /dev/full：磁盘空间不足' "$T/e"
done
"$PLANMON" export --db "$DB" -o "$T/no/such/dir/x.csv" 2>"$T/e"
check "export into a missing directory: exit 1" test $? -eq 1
check "export into a missing directory: the reason" grep -q "无法写入 $T/no/such/dir/x.csv：文件或目录不存在" "$T/e"

# A file that fails half way keeps what was there: written beside, renamed.
echo "old" >"$T/keep.csv"
"$PLANMON" export --db "$DB" --unit NOSUCH -o "$T/keep.csv" 2>/dev/null
check "a failed export leaves the old file" grep -qx old "$T/keep.csv"
check "and no temporary file beside it" test "$(ls "$T" | grep -c 'keep.csv.*tmp')" -eq 0

check "report -o /dev/full left the device in place" test -c /dev/full

# ---- the format follows the file name ------------------------------------------
"$PLANMON" export --db "$DB" -o "$T/out.xlsx"
check "export -o out.xlsx: exit 0" test $? -eq 0
check "export -o out.xlsx writes a workbook (zip), not CSV" python3 - "$T/out.xlsx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert "xl/workbook.xml" in z.namelist()
PY
"$PLANMON" export --db "$DB" -o "$T/out.json"
check "export -o out.json writes JSON" python3 -c 'import json,sys; assert isinstance(json.load(open(sys.argv[1])), list)' "$T/out.json"
"$PLANMON" export --db "$DB" -o "$T/OUT.CSV"
check "export -o OUT.CSV writes CSV (UTF-8 with BOM)" sh -c "head -n 1 '$T/OUT.CSV' | grep -q 'unit,year,item,value'"
refused() { # name, then the command: exit 2, nothing written
    _name=$1
    shift
    "$@" >"$T/o" 2>"$T/e"
    _rc=$?
    check "$_name: exit 2 (got $_rc)" test "$_rc" -eq 2
    check "$_name: says why" grep -q '扩展名' "$T/e"
}
refused "export -o r.pdf" "$PLANMON" export --db "$DB" -o "$T/r.pdf"
refused "export --format csv -o x.xlsx" "$PLANMON" export --db "$DB" --format csv -o "$T/x.xlsx"
refused "export --format json -o x.csv" "$PLANMON" export --db "$DB" --format json -o "$T/x.csv"
refused "report -o r.pdf" "$PLANMON" report --db "$DB" -o "$T/r.pdf"
refused "report --format md -o r.html" "$PLANMON" report --db "$DB" --format md -o "$T/r.html"
refused "report -o r.csv" "$PLANMON" report --db "$DB" -o "$T/r.csv"
check "refused: nothing written" test ! -e "$T/r.pdf" -a ! -e "$T/x.xlsx" -a ! -e "$T/x.csv" -a ! -e "$T/r.html"
"$PLANMON" report --db "$DB" -o "$T/r.md" >/dev/null
check "report -o r.md writes Markdown" grep -q '^# ' "$T/r.md"

# ---- out of memory: one way everywhere ------------------------------------------
# The release build (ASan reserves terabytes of address space, so it cannot
# run under an address-space limit). assess on 20,000 series needs ~100 MB;
# under smaller limits every run must end either complete (exit 0, the same
# output as without a limit) or with exit 1 and 内存不足 — never exit 0 with
# a truncated or empty output (what it did: 1 byte, exit 0).
REL=${PLANMON_RELEASE:-}
if [ -n "$REL" ] && [ -x "$REL" ]; then
    python3 - >"$T/series.csv" <<'PY'
print("id,base_year,base,target_year,target,target_op,polarity,cumulative,series")
for i in range(20000):
    print(f"x{i},2020,{i % 50},2025,{i % 50 + 10},>=,,0,2021:{i % 50 + 1};2022:{i % 50 + 3};2023:{i % 50 + 5}")
PY
    "$REL" assess --method pace "$T/series.csv" --format json >"$T/full.json"
    check "assess without a limit" test $? -eq 0
    oom=0
    bad=0
    for kb in 30000 40000 50000 60000 65000 70000 75000 80000 90000 100000 120000 160000 240000; do
        (ulimit -v $kb && exec "$REL" assess --method pace "$T/series.csv" --format json) >"$T/lim.json" 2>"$T/lim.err"
        rc=$?
        if [ $rc -eq 1 ] && grep -q '^planmon: 内存不足$' "$T/lim.err"; then
            oom=$((oom + 1))
        elif [ $rc -eq 0 ] && cmp -s "$T/full.json" "$T/lim.json"; then
            :
        elif [ $rc -eq 127 ] && grep -q 'error while loading shared libraries' "$T/lim.err"; then
            : # too small for the loader to map the libraries: planmon never ran
        else
            bad=$((bad + 1))
            echo "limit ${kb} KB: exit $rc, $(wc -c <"$T/lim.json") bytes out: $(head -c 200 "$T/lim.err")"
        fi
    done
    check "out of memory: every run complete or exit 1 with 内存不足" test $bad -eq 0
    check "out of memory: the small limits did run out" test $oom -ge 3
else
    echo "FAIL: PLANMON_RELEASE not set to the release build"
    _fail=$((_fail + 1))
fi
finish
