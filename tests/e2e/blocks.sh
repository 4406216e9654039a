#!/bin/sh
# The packed blocks of figures (schema 19, src/store/sqlite_blocks.c): an
# evaluation read through them equals the one read through the scan of
# every data_value row, byte for byte (status --format json over several
# years, export --what status), after each way the blocks come to be:
# built and written back by the server's evaluation, patched by an import
# of many rows and of one row, carried by a review move, stale after a
# units import (read-only opens then scan and write nothing) and rebuilt
# by the server. "The scan" is a copy of the same file with
# value_block_meta emptied: its blocks match nothing, and a read-only open
# (status, export) scans. SQLite only: PostgreSQL keeps its scan (its 19 is
# empty), so this script is not in tests/pg_suite.txt.
set -u
. "$(dirname "$0")/../lib.sh"

DB=$(test_db blocks)
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
TOWN=110115009

PLANMON_DEMO_PASSWORD=blocks-pass-2025 "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
"$PLANMON" token add admin e2e --db "$DB" >"$T/admin.tok" 2>/dev/null
check "token for admin" test -s "$T/admin.tok"

# 1 when the blocks match the data generation, 0 when stale, "" when none.
valid() { sqlite3 -batch "$DB" "SELECT (SELECT gen FROM value_block_meta) = (SELECT n FROM data_gen)"; }
blocks() { sqlite3 -batch "$DB" "SELECT count(*) FROM value_block"; }

# What an evaluation of FILE shows: status for every year of the demo, and
# the status export.
shown() {
    for y in 2021 2023 2025; do
        "$PLANMON" status --db "$1" --year $y --format json || echo "status $y failed: $?"
    done
    "$PLANMON" export --db "$1" --what status --format csv || echo "export failed: $?"
}

# same_as_scan WHAT: the evaluation of $DB (through its blocks, when they
# are valid) against that of a copy without them (the scan).
same_as_scan() {
    rm -f "$T/scan.db"
    sqlite3 -batch "$DB" ".backup '$T/scan.db'" && sqlite3 -batch "$T/scan.db" "DELETE FROM value_block_meta"
    shown "$DB" >"$T/blocks.out" 2>&1
    shown "$T/scan.db" >"$T/scan.out" 2>&1
    check "$1: the scan copy has no valid blocks" test -z "$(sqlite3 -batch "$T/scan.db" "SELECT gen FROM value_block_meta")"
    check "$1: the evaluation shows something" grep -q '"indicators"' "$T/blocks.out"
    check "$1: blocks and scan evaluate the same, byte for byte" cmp -s "$T/blocks.out" "$T/scan.out"
}

# serve_eval: the server's evaluation (its connection may write), asked for
# through the status API, then the server stopped.
serve_eval() {
    serve_start "$DB"
    _code=$(curl -s -o "$T/api.json" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/admin.tok")" \
        "$B/api/v1/status?year=2023")
    check "$1: the status API answers 200" test "$_code" = 200
    kill "$SRV"
    wait "$SRV" 2>/dev/null
    SRV=
}

# ---- none yet: the demo writes into a file that has no blocks --------------------
check "demo: no blocks yet" test "$(blocks)" = 0
shown "$DB" >"$T/before.out" 2>&1
check "demo: status on a file without blocks still evaluates" grep -q '"indicators"' "$T/before.out"
check "demo: a read-only open writes none" test "$(blocks)" = 0

# ---- built by the server's evaluation ---------------------------------------------
serve_eval "built"
check "built: blocks written" test "$(blocks)" -gt 0
check "built: valid for the data" test "$(valid)" = 1
check "built: one per element and year with figures" test "$(blocks)" = \
    "$(sqlite3 -batch "$DB" "SELECT count(*) FROM (SELECT DISTINCT element_id, year FROM data_value)")"
check "built: one double per unit" test "$(sqlite3 -batch "$DB" \
    "SELECT count(*) FROM value_block WHERE length(vals) <> 8 * (SELECT count(*) FROM org_unit)")" = 0
same_as_scan "built"
check "built: the same as before the blocks" cmp -s "$T/before.out" "$T/blocks.out"

# The comparison can fail: the same file with every stored figure doubled
# in the blocks (still marked valid) shows other numbers.
rm -f "$T/tampered.db"
sqlite3 -batch "$DB" ".backup '$T/tampered.db'"
python3 - "$T/tampered.db" <<'PY'
import math, sqlite3, struct, sys
con = sqlite3.connect(sys.argv[1])
for rowid, vals in con.execute("SELECT rowid, vals FROM value_block").fetchall():
    d = struct.unpack("%dd" % (len(vals) // 8), vals)
    d = [x if math.isnan(x) else 2 * x + 1 for x in d]
    con.execute("UPDATE value_block SET vals = ? WHERE rowid = ?", (struct.pack("%dd" % len(d), *d), rowid))
con.commit()
PY
shown "$T/tampered.db" >"$T/tampered.out" 2>&1
check "tampered blocks: status reads the blocks (it shows other numbers)" \
    sh -c "! cmp -s '$T/tampered.out' '$T/before.out'"

# ---- patched by an import of many rows (new figures, half of them estimates) ------
"$PLANMON" export --db "$DB" --what values --format csv --unit $TOWN >"$T/town.csv"
python3 - "$T/town.csv" "$T/many.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
w = csv.writer(open(sys.argv[2], "w", newline=""))
w.writerow(["unit", "year", "item", "value", "kind"])
n = 0
for x in rows[1:]:
    if x[1] == "2023" and x[3]:
        w.writerow([x[0], "2025", x[2], x[3], "estimate" if n % 2 else "actual"])
        n += 1
assert n > 50, n
PY
"$PLANMON" import "$T/many.csv" --db "$DB" >"$T/many.out" 2>&1
check "many rows: import exits 0" test $? -eq 0
check "many rows: estimates written" test "$(sqlite3 -batch "$DB" "SELECT count(*) FROM data_value WHERE estimate = 1")" -gt 20
check "many rows: blocks patched (still valid)" test "$(valid)" = 1
same_as_scan "many rows"
check "many rows: the evaluation changed" sh -c "! cmp -s '$T/before.out' '$T/blocks.out'"
cp "$T/blocks.out" "$T/many.shown"

# ---- patched by an import of one row: an actual in place of an estimate ----------
EST=$(sqlite3 -batch "$DB" "SELECT u.code || ',' || e.code || ',' || (v.value + 3) FROM data_value v
    JOIN org_unit u ON u.id = v.unit_id JOIN element e ON e.id = v.element_id
    WHERE v.year = 2025 AND v.estimate = 1 AND v.value > 3 LIMIT 1")
printf 'unit,item,value,year\n%s,2025\n' "$EST" >"$T/one.csv"
"$PLANMON" import "$T/one.csv" --db "$DB" >"$T/one.out" 2>&1
check "one row: import exits 0" test $? -eq 0
check "one row: blocks patched (still valid)" test "$(valid)" = 1
same_as_scan "one row"
check "one row: the evaluation changed" sh -c "! cmp -s '$T/many.shown' '$T/blocks.out'"

# ---- carried by a review move (states change, no value or mark) ---------------------
"$PLANMON" submit --unit $TOWN --year 2025 --db "$DB" >"$T/submit.out" 2>&1
check "submit exits 0" test $? -eq 0
check "submit moved figures" test "$(sqlite3 -batch "$DB" "SELECT count(*) FROM data_value WHERE year = 2025 AND state = 1")" -gt 50
check "submit: blocks carried (still valid)" test "$(valid)" = 1
same_as_scan "submitted"

# ---- stale after a units import: read-only opens scan and write nothing -----------
printf 'code,name,parent,level\n%s999,新建社区,%s,社区\n' $TOWN $TOWN >"$T/units.csv"
"$PLANMON" units import "$T/units.csv" --db "$DB" >/dev/null 2>&1
check "units import exits 0" test $? -eq 0
check "units import: blocks stale" test "$(valid)" = 0
SUM=$(sha256sum "$DB" | cut -d' ' -f1)
same_as_scan "stale"
check "stale: status and export wrote nothing" test "$(sha256sum "$DB" | cut -d' ' -f1)" = "$SUM"
mkdir "$T/ro"
cp "$DB" "$T/ro/ro.db"
chmod 0444 "$T/ro/ro.db"
chmod 0555 "$T/ro"
shown "$T/ro/ro.db" >"$T/ro.out" 2>&1
check "read-only file: the same as the scan" cmp -s "$T/ro.out" "$T/scan.out"
chmod 0755 "$T/ro"

# ---- rebuilt by the server, with the new unit ---------------------------------------
serve_eval "rebuilt"
check "rebuilt: valid again" test "$(valid)" = 1
check "rebuilt: one double per unit, the new one too" test "$(sqlite3 -batch "$DB" \
    "SELECT count(*) FROM value_block WHERE length(vals) <> 8 * (SELECT count(*) FROM org_unit)")" = 0
same_as_scan "rebuilt"

finish
