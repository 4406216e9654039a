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
# hours). BENCH_PG_REPS: rounds (default 3; the national size runs once).
# BENCH_PG_YEARLY: another size to run as the national one is (a check of
# the year-at-a-time path at a small size).
#
# The national size is imported a year at a time (bench import-gen writes
# one CSV a year; the import holds ~200 bytes a figure, so one 144 M-row
# file would need ~30 GB of memory), each year's `\copy` into an emptied
# bare table right before that year's import: the two totals are the
# import and its floor. It needs about 60 GB of free disk (the database is
# ~45 GB: figures, their history and four indexes).
#
# The server: a throwaway cluster as in the tests, with the memory a DBA
# would give a machine of this size (BENCH_PG_OPTS, default below: the
# same for planmon and for the floors).
set -eu
cd "$(dirname "$0")/.."

sizes=${BENCH_PG_SIZES:-"district province"}
reps=${BENCH_PG_REPS:-3}
PG_EXTRA_OPTS=${BENCH_PG_OPTS:-"-c shared_buffers=4GB -c work_mem=256MB -c maintenance_work_mem=1GB -c temp_buffers=1GB -c max_wal_size=4GB -c checkpoint_timeout=30min"}
export PG_EXTRA_OPTS
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

# yearly SIZE: SIZE a year at a time (see above); one round.
yearly() {
    _z=$1
    _free=$(df -Pk "$out" | awk 'NR == 2 { print int($4 / 1048576) }')
    _free_tmp=$(df -Pk "$PG_DIR" | awk 'NR == 2 { print int($4 / 1048576) }')
    [ "$_free_tmp" -lt "$_free" ] && _free=$_free_tmp
    if [ "$_z" = national ] && [ "$_free" -lt 60 ]; then
        echo "bench/pg.sh: the national size needs about 60 GB of free disk; $_free GB free" >&2
        return 1
    fi
    _dir=$out/$_z.d/
    rm -rf "$_dir"
    pg_database b_$_z >/dev/null
    echo "== $_z: plan and tree into PostgreSQL, a CSV a year in $_dir" >&2
    "$bin" import-gen "$_z" "$(pg_url b_$_z)" "$_dir" >>"$results"
    psql_on postgres -c "DROP DATABASE IF EXISTS bare" -c "CREATE DATABASE bare"
    psql_on bare -c "CREATE TABLE t (unit text, year integer, item text, value double precision)"
    for _f in $(ls "$_dir" | sort); do
        _y=${_f%.csv}
        echo "== $_z: $_y" >&2
        psql_on bare -c "TRUNCATE t"
        "$bin" run "$_z.pg_copy_$_y" "$out/copy.log" -- "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
            -h "$PG_SOCK" -U planmon -d bare -c "\\copy t FROM '$_dir$_f' WITH (FORMAT csv, HEADER)" >>"$results"
        "$bin" run "$_z.pg_import_$_y" "$out/import_$_y.log" -- build/planmon import \
            --db "$(pg_url b_$_z)" "$_dir$_f" >>"$results"
        rm -f "$_dir$_f"
    done
    psql_on postgres -c "DROP DATABASE bare"
    # The totals, as one sample each of the table's keys.
    awk -v z="$_z" 'index($1, z ".pg_") == 1 && $1 ~ /\.pg_(copy|import)_[0-9]+\.seconds$/ {
        key = $1; sub(/_[0-9]+\.seconds$/, "", key); s[key] += $2 }
        END { for (k in s) printf "%s.seconds %.3f\n", k, s[k] }' "$results" >>"$results"
    echo "$_z.pg_stored $(psql_on b_$_z -A -t -c 'SELECT count(*) FROM planmon.data_value')" >>"$results"
    echo "$_z.pg_bytes $(psql_on b_$_z -A -t -c 'SELECT pg_database_size(current_database())')" >>"$results"
    psql_on b_$_z -c "VACUUM ANALYZE planmon.data_value"
    "$bin" run $_z.pg_sum "$out/sum.log" -- "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" \
        -U planmon -d b_$_z -o /dev/null \
        -c "SELECT element_id, year, sum(value) FROM planmon.data_value GROUP BY element_id, year" >>"$results"
    "$bin" run $_z.pg_status "$out/status.log" -- build/planmon status --db "$(pg_url b_$_z)" \
        --format json >>"$results"
}

for size in $sizes; do
    if [ "$size" = national ] || [ "$size" = "${BENCH_PG_YEARLY:-}" ]; then
        yearly "$size"
        continue
    fi
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
    echo "$size.pg_bytes $(psql_on run -A -t -c 'SELECT pg_database_size(current_database())')" >>"$results"
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
