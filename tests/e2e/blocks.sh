#!/bin/sh
# The packed blocks of figures (schema 19, src/store/sqlite_blocks.c): an
# evaluation read through them equals the one read through the scan of
# every data_value row, byte for byte (status --format json over several
# years, export --what status), after each way the blocks come to be:
# left behind by the writer that moved the data (demo; init + units import
# + import; units import; an import over stale blocks; copy; restore: the
# connection's close builds them, sqlite_blocks.c's sq_blocks_leave),
# built and written back by the server's evaluation, patched by an import
# of many rows and of one row, carried by a review move; with stale blocks
# read-only opens scan and write nothing. That a read-only `status` reads
# the blocks (and not the scan) is shown by a copy whose blocks are
# tampered with: it shows other numbers. "The scan" is a copy of the same
# file with value_block_meta emptied: its blocks match nothing, and a
# read-only open (status, export) scans. SQLite only: PostgreSQL keeps its
# scan (its 19 is empty), so this script is not in tests/pg_suite.txt.
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

# 1 when the blocks of FILE ($DB) match the data generation, 0 when
# stale, "" when none.
valid() { sqlite3 -batch "${1:-$DB}" "SELECT (SELECT gen FROM value_block_meta) = (SELECT n FROM data_gen)"; }
blocks() { sqlite3 -batch "${1:-$DB}" "SELECT count(*) FROM value_block"; }
# Stale blocks, as a write of an older planmon leaves them: the tables of
# the blocks move no data generation (data_gen.c), so this changes nothing else.
make_stale() { sqlite3 -batch "$1" "UPDATE value_block_meta SET gen = gen + 1"; }

# What an evaluation of FILE shows: status for every year of the demo, and
# the status export.
shown() {
    for y in 2021 2023 2025; do
        "$PLANMON" status --db "$1" --year $y --format json || echo "status $y failed: $?"
    done
    "$PLANMON" export --db "$1" --what status --format csv || echo "export failed: $?"
}

# same_as_scan WHAT [FILE]: the evaluation of FILE ($DB; through its
# blocks, when they are valid) against that of a copy without them (the scan).
same_as_scan() {
    _f=${2:-$DB}
    rm -f "$T/scan.db"
    sqlite3 -batch "$_f" ".backup '$T/scan.db'" && sqlite3 -batch "$T/scan.db" "DELETE FROM value_block_meta"
    shown "$_f" >"$T/blocks.out" 2>&1
    shown "$T/scan.db" >"$T/scan.out" 2>&1
    check "$1: the scan copy has no valid blocks" test -z "$(sqlite3 -batch "$T/scan.db" "SELECT gen FROM value_block_meta")"
    check "$1: the evaluation shows something" grep -q '"indicators"' "$T/blocks.out"
    check "$1: blocks and scan evaluate the same, byte for byte" cmp -s "$T/blocks.out" "$T/scan.out"
}

# reads_blocks WHAT [FILE]: a read-only status and export of FILE ($DB)
# read its blocks: the same file with every stored figure of the blocks
# changed (2x + 1, still marked valid) shows other numbers than FILE.
# Run after same_as_scan of the same file ($T/blocks.out is FILE's).
reads_blocks() {
    _f=${2:-$DB}
    rm -f "$T/tampered.db"
    sqlite3 -batch "$_f" ".backup '$T/tampered.db'"
    python3 - "$T/tampered.db" <<'PY'
import math, sqlite3, struct, sys
con = sqlite3.connect(sys.argv[1])
for rowid, vals in con.execute("SELECT rowid, vals FROM value_block").fetchall():
    d = struct.unpack("%dd" % (len(vals) // 8), vals)
    d = [x if math.isnan(x) else 2 * x + 1 for x in d]
    con.execute("UPDATE value_block SET vals = ? WHERE rowid = ?", (struct.pack("%dd" % len(d), *d), rowid))
con.commit()
PY
    check "$1: the tampered copy's blocks are still valid" test "$(valid "$T/tampered.db")" = 1
    shown "$T/tampered.db" >"$T/tampered.out" 2>&1
    check "$1: a read-only status reads the blocks (tampered ones show other numbers)" \
        sh -c "grep -q '\"indicators\"' '$T/tampered.out' && ! cmp -s '$T/tampered.out' '$T/blocks.out'"
}

# one_per_cell WHAT [FILE]: one block per element and year with figures,
# one double per unit in each.
one_per_cell() {
    _f=${2:-$DB}
    check "$1: one block per element and year with figures" test "$(blocks "$_f")" = \
        "$(sqlite3 -batch "$_f" "SELECT count(*) FROM (SELECT DISTINCT element_id, year FROM data_value)")"
    check "$1: one double per unit" test "$(sqlite3 -batch "$_f" \
        "SELECT count(*) FROM value_block WHERE length(vals) <> 8 * (SELECT count(*) FROM org_unit)")" = 0
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

# ---- left by the demo: the writer's close builds them ------------------------------
check "demo: blocks left valid" test "$(valid)" = 1
check "demo: blocks written" test "$(blocks)" -gt 0
one_per_cell "demo"
SUM=$(sha256sum "$DB" | cut -d' ' -f1)
same_as_scan "demo"
reads_blocks "demo"
check "demo: status and export wrote nothing" test "$(sha256sum "$DB" | cut -d' ' -f1)" = "$SUM"
cp "$T/blocks.out" "$T/before.out"

# ---- built by the server's evaluation (blocks removed first) ------------------------
sqlite3 -batch "$DB" "DELETE FROM value_block; DELETE FROM value_block_meta"
check "removed: no blocks" test "$(blocks)" = 0
serve_eval "built"
check "built: blocks written" test "$(blocks)" -gt 0
check "built: valid for the data" test "$(valid)" = 1
one_per_cell "built"
same_as_scan "built"
check "built: the same as the demo's" cmp -s "$T/before.out" "$T/blocks.out"

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

# ---- rebuilt by the units import that made them stale --------------------------------
printf 'code,name,parent,level\n%s999,新建社区,%s,社区\n' $TOWN $TOWN >"$T/units.csv"
"$PLANMON" units import "$T/units.csv" --db "$DB" >/dev/null 2>&1
check "units import exits 0" test $? -eq 0
check "units import: blocks left valid" test "$(valid)" = 1
one_per_cell "units import (the new unit too)"
same_as_scan "units import"
reads_blocks "units import"

# ---- stale: read-only opens scan and write nothing ------------------------------------
make_stale "$DB"
check "stale: blocks stale" test "$(valid)" = 0
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
rm -f "$T/stale.bak"
"$PLANMON" backup "$T/stale.bak" --db "$DB" >/dev/null 2>&1
check "stale: a backup of it keeps them stale" test "$(valid "$T/stale.bak")" = 0

# ---- an import of one row over stale blocks: rebuilt at its close --------------------
# A new figure of the new community (every stored one is submitted or
# approved by now: changing those is refused).
ITEM=$(sqlite3 -batch "$DB" "SELECT e.code FROM data_value v JOIN element e ON e.id = v.element_id
    JOIN org_unit u ON u.id = v.unit_id JOIN org_unit p ON p.id = u.parent_id WHERE p.code = '$TOWN' LIMIT 1")
printf 'unit,item,value,year\n%s999,%s,7,2025\n' $TOWN "$ITEM" >"$T/one2.csv"
"$PLANMON" import "$T/one2.csv" --db "$DB" >"$T/one2.out" 2>&1
check "import over stale blocks exits 0" test $? -eq 0
check "import over stale blocks: left valid" test "$(valid)" = 1
one_per_cell "import over stale blocks"
same_as_scan "import over stale blocks"
reads_blocks "import over stale blocks"

# ---- restore of a backup with stale blocks: rebuilt at its close ---------------------
"$PLANMON" restore "$T/stale.bak" --db "$DB" >"$T/restore.out" 2>&1
check "restore exits 0" test $? -eq 0
check "restore: left valid" test "$(valid)" = 1
same_as_scan "restore"
check "restore: the backup's figures (the scan of the stale file)" cmp -s "$T/blocks.out" "$T/ro.out"
reads_blocks "restore"

# ---- copy --to a new SQLite file (copies no blocks): built at its close --------------
"$PLANMON" copy --from "$DB" --to "$T/copy.db" >"$T/copy.out" 2>&1
check "copy exits 0" test $? -eq 0
check "copy: left valid" test "$(valid "$T/copy.db")" = 1
one_per_cell "copy" "$T/copy.db"
same_as_scan "copy" "$T/copy.db"
shown "$DB" >"$T/source.out" 2>&1
check "copy: the same as its source" cmp -s "$T/source.out" "$T/blocks.out"
reads_blocks "copy" "$T/copy.db"

# ---- a new database: init, units import, import; then a read-only status ------------
FRESH=$T/fresh.db
"$PLANMON" export --db "$DB" --what values --format csv --encoding utf-8 -o "$T/all.csv" 2>/dev/null
UNITS=$(sed 1d tests/data/units/units.csv | cut -d, -f1 | tr '\n' '|')
awk -F, -v units="|$UNITS" 'NR == 1 { print "unit,year,item,value"; next }
    !/"/ && index(units, "|" $1 "|") && $4 != "" { print $1 "," $2 "," $3 "," $4 }' "$T/all.csv" >"$T/fresh.csv"
check "fresh: figures to import (many rows)" test "$(wc -l <"$T/fresh.csv")" -gt 100
PLANMON_PASSWORD=blocks-pass-2025 "$PLANMON" init --db "$FRESH" >/dev/null 2>&1
check "fresh: init exits 0" test $? -eq 0
"$PLANMON" units import --db "$FRESH" tests/data/units/units.csv >/dev/null 2>&1
check "fresh: units import exits 0" test $? -eq 0
"$PLANMON" import --db "$FRESH" "$T/fresh.csv" >"$T/fresh.out" 2>&1
check "fresh: import exits 0" test $? -eq 0
check "fresh: figures stored" test "$(sqlite3 -batch "$FRESH" "SELECT count(*) FROM data_value")" -gt 100
check "fresh: blocks left valid" test "$(valid "$FRESH")" = 1
one_per_cell "fresh" "$FRESH"
same_as_scan "fresh" "$FRESH"
reads_blocks "fresh" "$FRESH"

finish
