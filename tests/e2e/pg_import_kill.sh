#!/bin/sh
# import_faults.sh on PostgreSQL: an import is whole or absent whatever
# happens to the importer. Killed with SIGKILL at random moments (the server
# sees the connection drop and rolls the transaction back); its connection
# ended by the server in the middle of the import (a clear message, exit 2);
# two importers at once (both whole). After all of it a plain import works:
# no lock or temporary table is left behind.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pg_cluster.sh"

pg_cluster_or_fail
DB=$(pg_database planmon_kill)
export PLANMON_PASSWORD=kill-test-pw-1

# A district, 10 towns, 60 villages each: 600 villages × 6 items a CSV,
# large enough that a kill often lands in the middle of the write.
awk 'BEGIN {
    print "code,name,parent,level"
    print "110115,大兴区,,区"
    for (t = 1; t <= 10; t++) {
        printf "110115%03d,镇%d,110115,镇\n", t, t
        for (v = 1; v <= 60; v++) printf "110115%03d%03d,镇%d村%d,110115%03d,村\n", t, v, t, v, t
    }
}' >"$T/units.csv"
"$PLANMON" init --db "$DB" >/dev/null 2>&1 && "$PLANMON" units import --db "$DB" "$T/units.csv" >/dev/null 2>&1
check "the database: init and 611 units" test $? -eq 0

# make_csv VALUE FILE [YEAR]: every village's six items for YEAR (2025) = VALUE.
make_csv() {
    awk -v v="$1" -v y="${3:-2025}" -F, 'NR == 1 { print "unit,year,item,value,comment"; next }
        $4 == "村" { n = split("volunteers workers workers_local community_orgs pop_resident pop_elderly", it, " ")
                     for (i = 1; i <= n; i++) print $1 "," y "," it[i] "," v ",故障测试" }' "$T/units.csv" >"$2"
}
TOTAL=3600

# figures YEAR: "distinct-values rows history-rows" of that year's figures.
figures() {
    db_sql "$DB" "SELECT (SELECT count(DISTINCT value) FROM data_value WHERE year = $1),
                         (SELECT count(*) FROM data_value WHERE year = $1),
                         (SELECT count(*) FROM value_history WHERE year = $1)" | tr '|' ' '
}
# (db_sql of tests/lib.sh, on this script's own cluster)
PLANMON_TEST_BACKEND=postgresql
PLANMON_TEST_PGBIN=$PG_BIN

# ---- SIGKILL at random moments -----------------------------------------------------------
i=1
kills=0
whole=1
while [ $i -le 20 ]; do
    make_csv $((i + 10)) "$T/v$i.csv"
    "$PLANMON" import --db "$DB" "$T/v$i.csv" >/dev/null 2>&1 &
    pid=$!
    # 0–600 ms: sometimes before the write, sometimes inside it, sometimes after.
    sleep "0.$(awk -v s=$i 'BEGIN { srand(s); printf "%03d", int(rand() * 600) }')"
    kill -9 $pid 2>/dev/null && kills=$((kills + 1))
    wait $pid 2>/dev/null
    set -- $(figures 2025)
    # one distinct value (or none); no rows or all of them; history in whole imports
    if [ "${1:-9}" -gt 1 ] || { [ "${2:-x}" != 0 ] && [ "${2:-x}" != $TOTAL ]; } ||
        [ $((${3:-1} % TOTAL)) -ne 0 ]; then
        whole=0
        echo "partial import after kill $i: $* (of $TOTAL)"
    fi
    i=$((i + 1))
done
check "killed importers leave whole imports only ($kills kills)" test $whole -eq 1
check "some importers were killed" test $kills -gt 0

# ---- the connection ended by the server in the middle --------------------------------------
# The importer's backend is terminated once it has begun writing (seen in
# pg_stat_activity inside a transaction); the import is tried again until the
# termination lands before the commit (the import may win the race).
before=$(figures 2025)
lost=0
lost_rc=
i=0
while [ $i -lt 10 ] && [ $lost -eq 0 ]; do
    make_csv $((100 + i)) "$T/lost.csv"
    "$PLANMON" import --db "$DB" "$T/lost.csv" >"$T/lost.out" 2>"$T/lost.err" &
    pid=$!
    n=0
    while [ $n -lt 200 ] && kill -0 $pid 2>/dev/null; do
        t=$(db_sql "$DB" "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                          WHERE datname = current_database() AND pid <> pg_backend_pid()
                            AND state IN ('active', 'idle in transaction') AND xact_start IS NOT NULL
                            AND query NOT ILIKE '%LISTEN%'" 2>/dev/null)
        [ "${t:-0}" -gt 0 ] && break
        n=$((n + 1))
    done
    wait $pid
    rc=$?
    [ $rc -ne 0 ] && lost=1 && lost_rc=$rc
    [ $lost -eq 0 ] && before=$(figures 2025)
    i=$((i + 1))
done
check "an import whose connection was ended: it failed" test $lost -eq 1
# (exit 2: the database could not be used, as for a server not running)
check "… with exit status 2" test "${lost_rc:-}" = 2
check "… saying the connection to PostgreSQL was lost" grep -q '与 PostgreSQL 数据库 .*的连接中断' "$T/lost.err"
check "… and nothing of it is written" test "$(figures 2025)" = "$before"

# ---- two importers at once: both whole -----------------------------------------------------
make_csv 7 "$T/a.csv" 2024
make_csv 9 "$T/b.csv" 2023
"$PLANMON" import --db "$DB" "$T/a.csv" >"$T/a.out" 2>"$T/a.err" &
pa=$!
"$PLANMON" import --db "$DB" "$T/b.csv" >"$T/b.out" 2>"$T/b.err" &
pb=$!
wait $pa
ra=$?
wait $pb
rb=$?
check "importer A succeeded" test $ra -eq 0
check "importer B succeeded" test $rb -eq 0
check "import A whole" test "$(figures 2024)" = "1 $TOTAL $TOTAL"
check "import B whole" test "$(figures 2023)" = "1 $TOTAL $TOTAL"

# ---- afterwards: nothing left behind ----------------------------------------------------------
make_csv 5 "$T/last.csv"
"$PLANMON" import --db "$DB" "$T/last.csv" >/dev/null 2>"$T/last.err"
check "a plain import after the kills works" test $? -eq 0
check "… and is whole" sh -c 'test "$(echo "$1" | cut -d" " -f1-2)" = "1 $2"' sh "$(figures 2025)" $TOTAL
check "no transaction left open on the server" \
    test "$(db_sql "$DB" "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
                           AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'")" = 0
check "the history is whole: every 2025 row an import's" \
    test $(($(figures 2025 | cut -d' ' -f3) % TOTAL)) -eq 0

finish
