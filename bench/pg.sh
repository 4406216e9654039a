#!/bin/sh
# PostgreSQL at city scale and beyond (issue 16, item 6): planmon's import
# and evaluation on a throwaway cluster (tests/pg_cluster.sh: a Unix socket,
# fsync and synchronous_commit off, as in the tests), each against
# PostgreSQL's own floor on the same data in the same run:
#   import      `planmon import` of the CSV every leaf unit would send (bench
#               import-gen: unit,year,item,value, every figure valid), into a
#               database holding the plan and tree, against psql's `\copy` of
#               the same file into a bare table (the bytes in, nothing checked);
#   evaluation  `planmon status` (connect, read the plan and tree, COPY every
#               figure out, aggregate over the tree, judge the 32 indicators)
#               against psql's `SELECT element_id, year, sum(value) FROM
#               data_value GROUP BY element_id, year` (one scan of the table).
# Rounds alternate the two sides (floor, planmon, floor, planmon …); every
# sample goes to build/bench/pg/results.txt; the table gives medians and the
# median of the rounds' own ratios. Not part of make test (minutes to hours).
#
# BENCH_PG_SIZES: sizes of bench/bench.c (default "district province":
# province is a city: 16 districts, 300 towns, 20,000 communities, 4.8 M
# figures; "national" is 600,000 communities, 144 M figures, a 5 GB CSV and
# hours). BENCH_PG_REPS: rounds (default 3).
set -eu
cd "$(dirname "$0")/.."

sizes=${BENCH_PG_SIZES:-"district province"}
reps=${BENCH_PG_REPS:-3}
out=build/bench/pg
bin=build/bench/bench
make -s "$bin" build/planmon
mkdir -p "$out"
results=$out/results.txt
: >"$results"

T=$(mktemp -d "${TMPDIR:-/tmp}/planmon-benchpg.XXXXXX")
. tests/pg_cluster.sh
pg_cluster_start >"$out/cluster.log" 2>&1 || { cat "$out/cluster.log"; exit 1; }
psql_on() { # DB ARGS...: psql on the cluster's database DB
    _d=$1
    shift
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -U planmon -d "$_d" "$@"
}

for size in $sizes; do
    csv=$out/$size.csv
    pg_database "b_$size" >/dev/null
    echo "== $size: plan and tree into PostgreSQL, $csv" >&2
    "$bin" import-gen "$size" "$(pg_url "b_$size")" "$csv" >>"$results"
    r=1
    while [ "$r" -le "$reps" ]; do
        echo "== $size: round $r of $reps" >&2
        psql_on postgres -c "DROP DATABASE IF EXISTS bare" -c "CREATE DATABASE bare"
        psql_on bare -c "CREATE TABLE t (unit text, year integer, item text, value double precision)"
        "$bin" run "$size.pg_copy" "$out/copy.log" -- "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" \
            -U planmon -d bare -c "\\copy t FROM '$csv' WITH (FORMAT csv, HEADER)" >>"$results"
        psql_on postgres -c "DROP DATABASE IF EXISTS run" -c "CREATE DATABASE run TEMPLATE b_$size"
        "$bin" run "$size.pg_import" "$out/import.log" -- build/planmon import --db "$(pg_url run)" "$csv" \
            >>"$results"
        r=$((r + 1))
    done
    echo "$size.pg_stored $(psql_on run -A -t -c 'SELECT count(*) FROM planmon.data_value')" >>"$results"
    psql_on run -c "VACUUM ANALYZE planmon.data_value"
    r=1
    while [ "$r" -le "$reps" ]; do
        "$bin" run "$size.pg_sum" "$out/sum.log" -- "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" \
            -U planmon -d run -o /dev/null \
            -c "SELECT element_id, year, sum(value) FROM planmon.data_value GROUP BY element_id, year" >>"$results"
        "$bin" run "$size.pg_status" "$out/status.log" -- build/planmon status --db "$(pg_url run)" --format json \
            >>"$results"
        r=$((r + 1))
    done
    rm -f "$csv"
done

# The table: per size, medians (min–max) and the median of the rounds' ratios.
awk -v sizes="$sizes" '
function median(a, n,    i, j, t) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
    split($1, k, ".")
    if (k[3] == "seconds") { s = k[1] "." k[2]; v[s, ++n[s]] = $2 }
    else if ($1 ~ /\.csv_rows$/) rows[k[1]] = $2
    else if ($1 ~ /\.pg_stored$/) stored[k[1]] = $2
}
END {
    print "| size | figures | `\\copy` of the CSV | `planmon import` | import ÷ COPY | `SELECT sum … GROUP BY` | `planmon status` | status ÷ sum |"
    print "|---|---|---|---|---|---|---|---|"
    m = split(sizes, list, " ")
    for (i = 1; i <= m; i++) {
        z = list[i]
        line = sprintf("| %s | %d (stored %d) |", z, rows[z], stored[z])
        split("pg_copy pg_import pg_sum pg_status", keys, " ")
        for (q = 1; q <= 4; q++) {
            s = z "." keys[q]
            c = n[s]
            for (j = 1; j <= c; j++) { a[j] = v[s, j]; lo = j == 1 || a[j] < lo ? a[j] : lo; hi = j == 1 || a[j] > hi ? a[j] : hi }
            med[q] = median(a, c)
            line = line sprintf(" %.2f s (%.2f–%.2f) |", med[q], lo, hi)
            if (q == 2 || q == 4) {
                p = z "." keys[q - 1]
                for (j = 1; j <= c; j++) r[j] = v[s, j] / v[p, j]
                line = line sprintf(" %.1f× |", median(r, c))
            }
        }
        print line
    }
}' "$results"
