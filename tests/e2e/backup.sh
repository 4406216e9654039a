#!/bin/sh
# planmon check / backup / restore. The issue's test: `planmon backup` while
# imports run gives files that pass `planmon check` and hold exactly the data
# before or after an import (never part of one), compared by their exports.
set -u
. "$(dirname "$0")/../lib.sh"

DB=$T/live.db
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" test -s "$DB"
"$PLANMON" check --db "$DB" >"$T/o" 2>&1
check "check: a fresh database passes" test $? -eq 0

# Three imports, each changing every town and village figure of 2024 and
# 2025 (about 7,000 rows): the states S0 → S1 → S2 → S3.
"$PLANMON" export --db "$DB" --year 2023 --format csv -o "$T/y2023.csv"
python3 - "$T/y2023.csv" "$DB" "$T" <<'PY'
import csv, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
db = sqlite3.connect(sys.argv[2])
kind = dict(db.execute("select code, kind from element"))
level = dict(db.execute("select code, level from org_unit"))
for k in (1, 2, 3):
    with open("%s/imp%d.csv" % (sys.argv[3], k), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["unit", "year", "item", "value", "comment"])
        for r in rows:
            if level.get(r["unit"], 0) == 0 or r["value"] == "":
                continue
            v = float(r["value"])
            for year in (2024, 2025):
                nv = v if kind.get(r["item"]) == "flag" else v + k + (year - 2024)
                w.writerow([r["unit"], year, r["item"], "%g" % nv, "第%d批" % k])
PY
check "import files made" test -s "$T/imp3.csv"

# The expected exports of S0..S3, made on a copy, one import after another.
cp "$DB" "$T/replay.db"
"$PLANMON" export --db "$T/replay.db" --format csv -o "$T/S0.csv"
for k in 1 2 3; do
    "$PLANMON" import --db "$T/replay.db" --as planner "$T/imp$k.csv" >/dev/null 2>&1
    check "replay: import $k" test $? -eq 0
    "$PLANMON" export --db "$T/replay.db" --format csv -o "$T/S$k.csv"
done
check "the states differ" sh -c "! cmp -s '$T/S0.csv' '$T/S1.csv' && ! cmp -s '$T/S1.csv' '$T/S2.csv'"

# Now the same imports on the live database, and backups all the while.
( for k in 1 2 3; do "$PLANMON" import --db "$DB" --as planner "$T/imp$k.csv" >"$T/imp$k.out" 2>&1 || exit 1; done ) &
IMP=$!
n=0
during=0
while [ $n -lt 60 ]; do
    alive_before=0
    kill -0 $IMP 2>/dev/null && alive_before=1
    "$PLANMON" backup --db "$DB" "$T/b$n.db" >"$T/b$n.out" 2>&1 || { echo "backup $n failed: $(cat "$T/b$n.out")"; break; }
    if [ $alive_before = 1 ] && kill -0 $IMP 2>/dev/null; then during=$((during + 1)); fi
    n=$((n + 1))
    kill -0 $IMP 2>/dev/null || break
done
wait $IMP
check "the imports succeeded while backups ran" test $? -eq 0
echo "backups: $n, $during of them while an import ran"
check "backups were taken while an import was running" test $during -ge 1
bad=0
for i in $(seq 0 $((n - 1))); do
    "$PLANMON" check --db "$T/b$i.db" >/dev/null 2>"$T/c.err" || { bad=$((bad + 1)); echo "backup $i: $(cat "$T/c.err")"; continue; }
    "$PLANMON" export --db "$T/b$i.db" --format csv -o "$T/e$i.csv"
    match=
    for k in 0 1 2 3; do cmp -s "$T/e$i.csv" "$T/S$k.csv" && match=$k; done
    if [ -z "$match" ]; then bad=$((bad + 1)); echo "backup $i holds none of the states S0..S3"; fi
done
check "every backup ($n) passes check and holds exactly S0, S1, S2 or S3" test $bad -eq 0
"$PLANMON" export --db "$DB" --format csv -o "$T/live.csv"
check "the live database ends at S3" cmp -s "$T/live.csv" "$T/S3.csv"

# ---- backup refuses, check finds ---------------------------------------------
"$PLANMON" backup --db "$DB" "$T/b0.db" >/dev/null 2>"$T/e"
check "backup onto an existing file: exit 2" test $? -eq 2
"$PLANMON" backup --db "$DB" "$T/nodir/x.db" >/dev/null 2>"$T/e"
check "backup into a missing directory: exit 1" test $? -eq 1
check "backup: no temporary file left" test "$(ls "$T" | grep -c '\.tmp')" -eq 0
cp "$T/b0.db" "$T/broken.db"
python3 - "$T/broken.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
# A figure changed past the store: its history no longer ends at it.
c.execute("""update data_value set value = value + 1000 where (element_id, unit_id, year) =
             (select element_id, unit_id, year from data_value order by 1, 2, 3 limit 1)""")
c.commit()
PY
"$PLANMON" check --db "$T/broken.db" >/dev/null 2>"$T/e"
check "check: a figure changed behind the history → exit 1" test $? -eq 1
check "check: names the figure" grep -q '现值与最后一条修改记录的新值不一致' "$T/e"
cp "$T/b0.db" "$T/notrig.db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('drop trigger value_history_no_delete'); c.commit()" "$T/notrig.db"
"$PLANMON" check --db "$T/notrig.db" >/dev/null 2>"$T/e"
check "check: a missing append-only trigger → exit 1" test $? -eq 1
check "check: says the trigger is missing" grep -q '触发器缺失' "$T/e"

# ---- restore ---------------------------------------------------------------------
"$PLANMON" restore --db "$DB" "$T/broken.db" >/dev/null 2>"$T/e"
check "restore from a backup that fails check: refused" test $? -eq 1
"$PLANMON" export --db "$DB" --format csv -o "$T/live2.csv"
check "refused restore left the database" cmp -s "$T/live2.csv" "$T/S3.csv"
"$PLANMON" restore --db "$DB" "$T/b0.db" >"$T/r.out" 2>&1
check "restore: exit 0" test $? -eq 0
"$PLANMON" export --db "$DB" --format csv -o "$T/restored.csv"
check "restore: the database holds the backup's data" cmp -s "$T/restored.csv" "$T/e0.csv"
SAFETY=$(ls "$T" | grep '^live.db.before-restore-' | head -1)
check "restore: the database before it was backed up" test -n "$SAFETY"
"$PLANMON" export --db "$T/$SAFETY" --format csv -o "$T/safety.csv" 2>/dev/null
check "restore: that backup holds the data before" cmp -s "$T/safety.csv" "$T/S3.csv"
"$PLANMON" check --db "$DB" >/dev/null 2>&1
check "restore: the result passes check" test $? -eq 0
"$PLANMON" restore --db "$T/fresh.db" "$T/b0.db" >/dev/null 2>&1
check "restore into a missing database creates it" cmp -s "$T/e0.csv" "$("$PLANMON" export --db "$T/fresh.db" --format csv -o "$T/fresh.csv" && echo "$T/fresh.csv")"
# ---- page sizes: new databases get 16 KiB pages; a backup made with other
# pages (a database from before, 4 KiB) still restores into a new one.
python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('pragma page_size').fetchone()[0])" "$DB" >"$T/ps"
check "a new database has 16 KiB pages" grep -qx 16384 "$T/ps"
cp "$T/b0.db" "$T/old4k.db"
python3 - "$T/old4k.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("pragma journal_mode = delete"); c.execute("pragma page_size = 4096"); c.execute("vacuum")
c.execute("pragma journal_mode = wal"); c.close()
PY
"$PLANMON" demo --db "$T/new16k.db" >/dev/null 2>&1
"$PLANMON" restore --db "$T/new16k.db" "$T/old4k.db" >/dev/null 2>"$T/e"
check "restore: a 4 KiB backup into a 16 KiB database, exit 0" test $? -eq 0
"$PLANMON" export --db "$T/new16k.db" --format csv -o "$T/new16k.csv"
check "restore: a 4 KiB backup's data is restored" cmp -s "$T/new16k.csv" "$T/e0.csv"
"$PLANMON" check --db "$T/new16k.db" >/dev/null 2>&1
check "restore: across page sizes, the result passes check" test $? -eq 0
finish
