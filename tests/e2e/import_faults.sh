#!/bin/sh
# An import is whole or absent, whatever happens to the importer: killed
# with SIGKILL at random moments, or racing another importer.
set -u
. "$(dirname "$0")/../lib.sh"

DB=$T/f.db
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" test -s "$DB"

# A CSV of every community's volunteers for 2025 with value V: large enough
# that a kill often lands in the middle of the write.
make_csv() { # value file
    python3 - "$DB" "$1" "$2" <<'PY'
import sqlite3, sys
db, v, out = sys.argv[1], sys.argv[2], sys.argv[3]
c = sqlite3.connect(db)
units = [r[0] for r in c.execute("select code from org_unit where level = 2 order by code")]
items = ["volunteers", "workers", "workers_local", "community_orgs", "pop_resident", "pop_elderly"]
with open(out, "w") as f:
    f.write("unit,year,item,value,comment\n")
    for u in units:
        for it in items:
            f.write("%s,2025,%s,%s,故障测试\n" % (u, it, v))
PY
}

# Whole or absent: the 2025 figures of those items hold one value (or none).
values_2025() {
    python3 - "$DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
assert c.execute("pragma integrity_check").fetchone()[0] == "ok", "integrity"
vals = {r[0] for r in c.execute("select value from data_value where year = 2025")}
hist = c.execute("select count(*) from value_history where year = 2025").fetchone()[0]
rows = c.execute("select count(*) from data_value where year = 2025").fetchone()[0]
print(len(vals), rows, hist)
PY
}

i=1
kills=0
whole=1
while [ $i -le 25 ]; do
    make_csv $((i + 10)) "$T/v$i.csv"
    "$PLANMON" import --db "$DB" "$T/v$i.csv" >/dev/null 2>&1 &
    pid=$!
    # 0–400 ms: sometimes before the write, sometimes inside it, sometimes after.
    sleep "0.$(awk -v s=$i 'BEGIN { srand(s); printf "%03d", int(rand() * 400) }')"
    kill -9 $pid 2>/dev/null && kills=$((kills + 1))
    wait $pid 2>/dev/null
    total=$(($(wc -l <"$T/v$i.csv") - 1))
    set -- $(values_2025)
    # one distinct value (or none), and either no rows or all of them
    if [ "${1:-9}" -gt 1 ] || { [ "${2:-x}" != 0 ] && [ "${2:-x}" != "$total" ]; }; then
        whole=0
        echo "partial import after kill $i: $* (of $total)"
    fi
    i=$((i + 1))
done
check "killed importers leave whole imports only ($kills kills)" test $whole -eq 1
check "integrity after the kills" values_2025

# Two importers at once: both succeed (one waits for the other's lock) or
# one is told the database is busy; nothing is half written.
make_csv 7 "$T/a.csv"
python3 - "$T/a.csv" "$T/b.csv" <<'PY'
import sys
src, dst = sys.argv[1], sys.argv[2]
with open(src) as f, open(dst, "w") as g:
    for line in f:
        g.write(line.replace(",2025,", ",2024,").replace(",7,", ",9,"))
PY
"$PLANMON" import --db "$DB" "$T/a.csv" >"$T/a.out" 2>"$T/a.err" &
pa=$!
"$PLANMON" import --db "$DB" "$T/b.csv" >"$T/b.out" 2>"$T/b.err" &
pb=$!
wait $pa
ra=$?
wait $pb
rb=$?
ok_or_busy() { [ "$1" -eq 0 ] || grep -q '忙' "$2"; }
check "importer A succeeded or was told busy" ok_or_busy $ra "$T/a.err"
check "importer B succeeded or was told busy" ok_or_busy $rb "$T/b.err"
check "both imports whole" python3 - "$DB" $ra $rb <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
ra, rb = int(sys.argv[2]), int(sys.argv[3])
assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
a = {r[0] for r in c.execute("select value from data_value where year = 2025")}
b = {r[0] for r in c.execute("select value from data_value where year = 2024 and unit_id in "
                             "(select id from org_unit where level = 2) and element_id in "
                             "(select id from element where code = 'volunteers')")}
if ra == 0:
    assert a == {7.0}, a
if rb == 0:
    assert b == {9.0}, b
PY
finish
