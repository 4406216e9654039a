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
#   one town    `planmon status --unit TOWN` (the tree's first town) against
#               the sums of that town's subtree in SQL;
#   the web     the overview page under wrk with 64 connections, through
#               nginx over two `planmon serve` processes on the database (as
#               docs/deploy.md sets them up), against the same nginx serving
#               the page's saved bytes (BENCH_PG_WEB=0 leaves it out).
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
# import and its floor. It needs about 66 GB of free disk (the database is
# ~56 GB at 388 bytes a figure, measured: figures, history, five indexes;
# then WAL and the temporary files of a year being written).
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

web=${BENCH_PG_WEB:-1}
web_secs=${BENCH_PG_WEB_SECONDS:-10}
pw=bench-pass-2025
. bench/lib.sh
[ "$web" = 0 ] || bench_need wrk nginx curl
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

T=$(mktemp -d "${TMPDIR:-/tmp}/planmon-benchpg.XXXXXX")
. tests/pg_cluster.sh
pg_cluster_start >"$out/cluster.log" 2>&1 || { cat "$out/cluster.log"; exit 1; }
SRV1= SRV2= NGX=
stop_web() {
    for _p in $SRV1 $SRV2 $NGX; do kill "$_p" 2>/dev/null || true; done
    SRV1= SRV2= NGX=
}
# BENCH_PG_KEEP=1 keeps the cluster (and its databases) for a look
# afterwards: the last line says where and how to stop it.
if [ "${BENCH_PG_KEEP:-0}" = 1 ]; then
    trap 'stop_web; rm -rf "$T"; echo "kept: PG_DIR=$PG_DIR (stop: pg_ctl -D $PG_DIR/data stop; rm -rf $PG_DIR)" >&2' EXIT
else
    trap 'stop_web; _pg_stop; rm -rf "$T"' EXIT
fi
psql_on() { # DB ARGS...: psql on the cluster's database DB
    _d=$1
    shift
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -U planmon -d "$_d" "$@"
}

# town_code SIZE: the code of the first town of SIZE's tree (bench.c's
# codes: L<level>-<index>; a town is the level above the leaves).
town_code() {
    case $1 in
    district | import) echo L1-0000000 ;;
    province | large) echo L2-0000000 ;;
    national) echo L3-0000000 ;;
    esac
}

# town SIZE DB: `planmon status` of one town against its subtree's sums.
town() {
    _t=$(town_code "$1")
    "$bin" run "$1.pg_town_sum" "$out/town_sum.log" -- "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" \
        -U planmon -d "$2" -o /dev/null -c "WITH RECURSIVE sub(id) AS (SELECT id FROM planmon.org_unit
            WHERE code = '$_t' UNION ALL SELECT o.id FROM planmon.org_unit o JOIN sub ON o.parent_id = sub.id)
            SELECT v.element_id, v.year, sum(v.value) FROM planmon.data_value v JOIN sub ON v.unit_id = sub.id
            GROUP BY v.element_id, v.year" >>"$results"
    "$bin" run "$1.pg_town" "$out/town.log" -- build/planmon status --db "$(pg_url "$2")" --unit "$_t" \
        --format json >>"$results"
}

# web_serve N DB: starts `planmon serve` number N on DB (its pid in SRVN);
# sets web_port to its port.
web_serve() {
    build/planmon serve --db "$(pg_url "$2")" --listen 127.0.0.1:0 >"$out/serve$1.out" 2>"$out/serve$1.err" &
    eval "SRV$1=\$!"
    web_port=$(bench_port "$out/serve$1.out" "$!")
    [ -n "$web_port" ] || { cat "$out/serve$1.err" >&2; return 1; }
}

# web SIZE DB: the overview under wrk -c64, through nginx over two servers,
# against nginx serving the page's bytes; BENCH_PG_REPS rounds of each in
# turn. Lines "SIZE.web_lb" and "SIZE.web_nginx": req/s p99_ms socket_errors.
web() {
    _z=$1 _d=$2 _w=$out/web
    rm -rf "$_w"
    mkdir -p "$_w/www" "$_w/logs"
    chmod 755 "$_w" "$_w/www"
    PLANMON_PASSWORD=$pw build/planmon user add benchadmin --role admin --db "$(pg_url "$_d")" >/dev/null
    web_serve 1 "$_d"
    _p1=$web_port
    web_serve 2 "$_d"
    _p2=$web_port
    _n=$((_p2 + 1))
    _tries=0
    while :; do
        bench_nginx "$_w" "    upstream planmon {
        server 127.0.0.1:$_p1;
        server 127.0.0.1:$_p2;
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$_n;
        location / {
            proxy_pass http://planmon;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_set_header Host \$host;
        }
    }
    server {
        listen 127.0.0.1:$((_n + 1));
        root $PWD/$_w/www;
        location = /overview { default_type \"text/html; charset=utf-8\"; try_files /overview =404; }
    }" && break
        _tries=$((_tries + 1))
        [ $_tries -lt 20 ] || { cat "$_w/stdout" >&2; return 1; }
        _n=$((_n + 2))
    done
    _lb=http://127.0.0.1:$_n
    curl -s -c "$_w/jar" -b "$_w/jar" "$_lb/login" >"$_w/login.html"
    _csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$_w/login.html" | head -n 1)
    curl -s -o /dev/null -c "$_w/jar" -b "$_w/jar" --data-urlencode "csrf=$_csrf" --data-urlencode name=benchadmin \
        --data-urlencode "password=$pw" "$_lb/login"
    _cookie="Cookie: planmon_session=$(awk '$6 == "planmon_session" { print $7 }' "$_w/jar")"
    # Each server's first overview waits for its first evaluation (minutes
    # at the national size): asked of each directly, before anything is timed.
    for _p in $_p1 $_p2; do
        curl -s -o /dev/null --max-time 7200 -H "$_cookie" "http://127.0.0.1:$_p/"
    done
    curl -s -f --max-time 7200 -H "$_cookie" -o "$_w/www/overview" "$_lb/" ||
        { echo "bench/pg.sh: the overview did not answer 200" >&2; return 1; }
    grep -q '共 32 项指标' "$_w/www/overview" ||
        { echo "bench/pg.sh: the overview is not the page expected" >&2; return 1; }
    _st=http://127.0.0.1:$((_n + 1))/overview
    wrk -t2 -c64 -d2s -H "$_cookie" "$_lb/" >/dev/null
    wrk -t2 -c64 -d2s "$_st" >/dev/null
    _r=1
    while [ "$_r" -le "$reps" ]; do
        wrk -t2 -c64 -d"${web_secs}s" --latency -H "$_cookie" "$_lb/" >"$_w/lb.$_r.txt"
        wrk -t2 -c64 -d"${web_secs}s" --latency "$_st" >"$_w/nginx.$_r.txt"
        if grep -q 'Non-2xx' "$_w/lb.$_r.txt"; then
            cat "$_w/lb.$_r.txt" >&2
            return 1
        fi
        echo "$_z.web_lb $(bench_wrk_figures "$_w/lb.$_r.txt")" >>"$results"
        echo "$_z.web_nginx $(bench_wrk_figures "$_w/nginx.$_r.txt")" >>"$results"
        _r=$((_r + 1))
    done
    stop_web
}

# yearly SIZE: SIZE a year at a time (see above); one round.
yearly() {
    _z=$1
    _free=$(df -Pk "$out" | awk 'NR == 2 { print int($4 / 1048576) }')
    _free_tmp=$(df -Pk "$PG_DIR" | awk 'NR == 2 { print int($4 / 1048576) }')
    [ "$_free_tmp" -lt "$_free" ] && _free=$_free_tmp
    if [ "$_z" = national ] && [ "$_free" -lt 66 ]; then
        echo "bench/pg.sh: the national size needs about 66 GB of free disk; $_free GB free" >&2
        return 1
    fi
    _dir=$out/$_z-years/
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
    town "$_z" "b_$_z"
    [ "$web" = 0 ] || web "$_z" "b_$_z"
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
        town "$size" run
        r=$((r + 1))
    done
    [ "$web" = 0 ] || web "$size" run
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
    else if ($1 ~ /\.web_(lb|nginx)$/) { c = ++wn[$1]; rps[$1, c] = $2; p99[$1, c] = $3; errs[$1] += $4 }
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
    print ""
    print "| size | town: `SELECT sum` over its subtree | `planmon status --unit` town | ÷ | overview, nginx over two servers: req/s, p99 | nginx, the saved page: req/s, p99 | req/s ÷ nginx | socket errors |"
    print "|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= m; i++) {
        z = list[i]
        line = sprintf("| %s |", z)
        split("pg_town_sum pg_town", keys, " ")
        for (q = 1; q <= 2; q++) {
            s = z "." keys[q]
            c = n[s]
            for (j = 1; j <= c; j++) a[j] = v[s, j]
            line = line (c ? sprintf(" %.2f s |", median(a, c)) : " – |")
        }
        for (j = 1; j <= c; j++) r[j] = v[z ".pg_town", j] / v[z ".pg_town_sum", j]
        line = line (c ? sprintf(" %.1f× |", median(r, c)) : " – |")
        lb = z ".web_lb"; ng = z ".web_nginx"; c = wn[lb]
        if (!c) { print line " – | – | – | – |"; continue }
        for (j = 1; j <= c; j++) { a[j] = rps[lb, j]; b[j] = p99[lb, j]; d[j] = rps[ng, j]; e2[j] = p99[ng, j]; r[j] = rps[lb, j] / rps[ng, j] }
        line = line sprintf(" %.0f, %.1f ms |", median(a, c), median(b, c))
        line = line sprintf(" %.0f, %.1f ms |", median(d, c), median(e2, c))
        print line sprintf(" %.2f | %d / %d |", median(r, c), errs[lb], errs[ng])
    }
}' "$results"
