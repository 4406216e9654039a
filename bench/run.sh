#!/bin/sh
# The benchmark of issues 3 and 17 ("Performance"): builds bench/bench.c
# against the release objects, runs every measurement, prints the tables and
# writes them into docs/performance.md between the markers
# <!-- bench:begin --> and <!-- bench:end --> (appended at the end when the
# markers are missing). Every other section of the file is kept as it is:
# the prose that explains the figures is edited by hand, and other scripts
# (bench/http.sh) own sections of their own. `make bench` runs it; 10–15
# minutes on a 2-core machine.
#
# Databases and raw results go to build/bench/ (never committed). Each size
# is measured by its own processes: the timings in one, and the peak memory
# (VmHWM) in a fresh process per size and path, so that nothing allocated
# for one measurement counts in another.
#
# Every comparison is paired: the two sides run one after the other in each
# round (A B A B …), every sample is kept in build/bench/results.txt, and the
# report gives medians with min–max, ratios as the median of the rounds' own
# ratios.
#
# BENCH_SIZES="district province" limits the sizes (national runs in memory
# only: its database would hold 144 million figures and as many history
# rows). "million" (1,000,000 leaves, issue 17's largest size) is not among
# the defaults: its in-memory run takes about 7 GB; BENCH_SIZES=million
# runs it (in memory only, like national; nothing else may hold much memory
# then). BENCH_DUCKDB=0 leaves DuckDB out (bench/duckdb/setup.sh installs
# it: Node.js and the pinned @duckdb/node-api; the figures are exported as
# CSV and loaded into DuckDB before any timing).
#
# Then issue 4's import benchmark: a 10-million-row CSV imported by the
# release planmon into a database that holds the plan and tree, against
# the sqlite3 shell's .import of the same file into a bare table, each run
# as a child process (wall time, peak memory from wait4), in
# BENCH_IMPORT_REPS (3) rounds. BENCH_IMPORT=0 skips it.
set -eu
cd "$(dirname "$0")/.."

sizes=${BENCH_SIZES:-"district province large national"}
out=build/bench
doc=docs/performance.md
bin=$out/bench
results=$out/results.txt

make -s "$bin" build/planmon
mkdir -p "$out" docs
duck=${BENCH_DUCKDB:-1}
[ "$duck" = 0 ] || bench/duckdb/setup.sh
: > "$results"
"$bin" peak-base - >> "$results"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
t0=$(date +%s)

# Rounds: small sizes are cheap and noisy, so more of them.
reps() {
    case $1 in
    district) echo 20 ;;
    province) echo 7 ;;
    *) echo 3 ;;
    esac
}

for size in $sizes; do
    echo "== $size: in memory" >&2
    "$bin" mem "$size" "$(reps "$size")" >> "$results"
    "$bin" peak-mem "$size" >> "$results"
    if [ "$size" = national ] || [ "$size" = million ]; then
        continue
    fi
    db=$out/$size.db
    rm -f "$db" "$db-wal" "$db-shm"
    echo "== $size: writing $db" >&2
    "$bin" gen "$size" "$db" >> "$results"
    echo "== $size: from the file" >&2
    if [ "$duck" = 0 ]; then
        "$bin" db "$size" "$db" "$(reps "$size")" >> "$results"
    else
        csv=$out/duck-$size
        mkdir -p "$csv"
        "$bin" export "$db" "$csv"
        "$bin" db "$size" "$db" "$(reps "$size")" "$csv" -- node bench/duckdb/rollup.mjs "$csv" >> "$results"
        rm -rf "$csv"
    fi
    "$bin" peak-db "$size" "$db" >> "$results"
done

if [ "${BENCH_IMPORT:-1}" != 0 ]; then
    # The sqlite3 shell is the baseline: scripts/deps.sh installs it.
    command -v sqlite3 >/dev/null 2>&1 || scripts/deps.sh
    idb=$out/import.db
    icsv=$out/import.csv
    run_db=$out/import-run.db
    bare=$out/import-bare.db
    rm -f "$idb" "$icsv"
    echo "== import: writing $icsv and $idb" >&2
    "$bin" import-gen import "$idb" "$icsv" >> "$results"
    reps_import=${BENCH_IMPORT_REPS:-3}
    echo "import.reps $reps_import" >> "$results"
    r=1
    while [ "$r" -le "$reps_import" ]; do
        echo "== import: round $r of $reps_import (sqlite3 .import, then planmon import)" >&2
        rm -f "$bare"
        "$bin" run import.sqlite3 "$out/import-sqlite3.log" -- \
            sqlite3 -csv "$bare" ".import $icsv t" >> "$results"
        rm -f "$bare" "$run_db" "$run_db-wal" "$run_db-shm"
        cp "$idb" "$run_db"
        "$bin" run import.planmon "$out/import-planmon.log" -- \
            build/planmon import --db "$run_db" "$icsv" >> "$results"
        r=$((r + 1))
    done
    echo "import.stored $(sqlite3 "$run_db" 'SELECT count(*) FROM data_value')" >> "$results"
    rm -f "$run_db" "$run_db-wal" "$run_db-shm" "$icsv"
fi

t1=$(date +%s)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
tables=$("$bin" report "$results")
printf '%s\n' "$tables"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown}")
kernel=$(uname -sr)
compiler=$(${CC:-cc} --version | head -n 1)
sqlite=$(pkg-config --modversion sqlite3)
duckdb="not run (BENCH_DUCKDB=0)"
if [ "$duck" != 0 ]; then
    duckdb="@duckdb/node-api $(node -p "require('./bench/duckdb/node_modules/@duckdb/node-api/package.json').version"), Node.js $(node --version), 2 threads, in memory"
fi

block=$out/performance-block.md
cat > "$block" <<EOF2
<!-- bench:begin (written by \`make bench\`, bench/run.sh: everything between these markers; the rest of the file is kept) -->
## Machine and run

| | |
|---|---|
| command | \`make bench\` (sizes: $sizes) |
| date | $started, $((t1 - t0)) s for the whole run |
| commit | $commit |
| CPUs (\`nproc\`) | $(nproc) |
| CPU model | $cpu |
| memory | $mem |
| OS | $os ($kernel) |
| compiler | $compiler, \`-O2\`, no sanitizers |
| SQLite | $sqlite |
| DuckDB | $duckdb |
| load average (1, 5, 15 min) | before $load_before; after $load_after |

The machine is shared (a virtual machine with other work running): each comparison is run in rounds (20 at
district size, 7 at province size, 3 above), both sides one after the other in every round, timed with
\`clock_gettime(CLOCK_MONOTONIC)\` after one untimed round (the files warm in the OS cache, DuckDB's data loaded).
A load average well above 0 means noisier timings than the code deserves; the min–max spreads show how noisy.

## Results

$tables
<!-- bench:end -->
EOF2

# Splice the block in place of the old one; every other line is kept.
if grep -q '^<!-- bench:begin' "$doc" 2>/dev/null; then
    awk -v block="$block" '
        /^<!-- bench:begin/ { while ((getline line < block) > 0) print line; skip = 1; next }
        /^<!-- bench:end -->/ { skip = 0; next }
        !skip { print }
    ' "$doc" > "$doc.tmp"
    mv "$doc.tmp" "$doc"
else
    { [ -f "$doc" ] && cat "$doc" && echo; cat "$block"; } > "$doc.tmp"
    mv "$doc.tmp" "$doc"
fi
echo "wrote $doc ($((t1 - t0)) s)" >&2
