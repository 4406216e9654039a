#!/bin/sh
# Runs libFuzzer targets for a bounded time: tests/fuzz/run.sh TIME BIN...
#
# For build/fuzz/fuzz_NAME the seeds are tests/fuzz/corpus/NAME/ and the
# dictionary, when there is one, tests/fuzz/NAME.dict. The seeds are copied
# into a scratch corpus under build/fuzz/ so that the committed corpus only
# ever changes by hand; the scratch corpus is kept between runs, so repeated
# runs start from what earlier ones found. Crash, leak and timeout inputs go
# to build/fuzz/artifacts/NAME/.
#
# Exits non-zero when any target crashes, leaks, times out, runs out of
# memory or prints a sanitizer report, and prints one summary line per
# target (runs, runs per wall and per CPU second, coverage, corpus size),
# then the total.
set -u
cd "$(dirname "$0")/../.." || exit 1
if [ $# -lt 2 ]; then
    echo "usage: tests/fuzz/run.sh SECONDS FUZZER..." >&2
    exit 2
fi
time=$1
shift
case $time in
'' | *[!0-9]*)
    echo "run.sh: time must be whole seconds, not '$time'" >&2
    exit 2
    ;;
esac

# Leaks are on by default in libFuzzer; say so anyway, and make UBSan
# reports fatal with a stack (the build has -fno-sanitize-recover too).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# CPU seconds (user + system) of this script's finished children, from
# `times` written to a file by this shell (in a $(…) subshell its count
# would start at zero): a fuzzer's share of a busy machine, so that its rate
# is given per CPU second as well as per wall second.
mkdir -p build/fuzz
cpu_file=build/fuzz/.times
cpu_seconds() {
    sed -n 2p "$cpu_file" | awk '{ split($1, u, "m"); split($2, s, "m"); printf "%.1f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }'
}

failed=0
summary=""
for bin in "$@"; do
    exe=$(basename "$bin")
    name=${exe#fuzz_}
    seeds=tests/fuzz/corpus/$name
    work=build/fuzz/corpus/$name
    art=build/fuzz/artifacts/$name
    log=build/fuzz/$exe.log
    if [ ! -x "$bin" ]; then
        line="$exe: FAILED (no such fuzzer binary: $bin)"
        echo "$line"
        summary="$summary$line
"
        failed=$((failed + 1))
        continue
    fi
    mkdir -p "$work" "$art"
    if [ -d "$seeds" ]; then
        cp -p "$seeds"/* "$work"/ 2>/dev/null
    fi
    nseed=$(find "$seeds" -type f 2>/dev/null | wc -l)
    dict=""
    [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"

    echo "== fuzz: $exe for ${time}s (log: $log)"
    times >"$cpu_file"
    cpu0=$(cpu_seconds)
    # shellcheck disable=SC2086 # $dict is one word or none
    "$bin" -max_total_time="$time" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$art/" $dict "$work" >"$log" 2>&1
    rc=$?
    times >"$cpu_file"
    cpu=$(awk -v a="$cpu0" -v b="$(cpu_seconds)" 'BEGIN { printf "%.1f", b - a }')

    # The last status line: "#N DONE cov: C ft: F corp: K/S exec/s: E rss: R".
    stat=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    [ -n "$runs" ] || runs=$(printf '%s\n' "$stat" | sed -n 's/^#\([0-9]*\).*/\1/p')
    cov=$(printf '%s\n' "$stat" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s\n' "$stat" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(printf '%s\n' "$stat" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
    eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)

    problem=""
    if grep -q -E 'ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|runtime error:|SUMMARY: |broken promise' "$log"; then
        problem=$(grep -m 1 -E 'ERROR: |runtime error:|broken promise' "$log" | sed 's/^==[0-9]*==//')
    fi
    if [ "$rc" -ne 0 ] && [ -z "$problem" ]; then
        problem="fuzzer exited with status $rc"
    fi
    if [ -n "$problem" ]; then
        failed=$((failed + 1))
        crash=$(sed -n 's/.*Test unit written to \(.*\)/\1/p' "$log" | tail -n 1)
        line="$exe: FAILED after ${runs:-?} runs: $problem; input: ${crash:-none saved}; log: $log"
    else
        per_cpu=$(awk -v r="${runs:-0}" -v c="$cpu" 'BEGIN { if (c > 0) printf "%.0f", r / c; else printf "?" }')
        line="$exe: ok, ${runs:-?} runs in ${time}s (${eps:-?}/s; ${cpu} CPU-s, ${per_cpu} runs per CPU-s), cov ${cov:-?}, ft ${ft:-?}, corpus ${corp:-?} (from $nseed seeds)"
    fi
    echo "$line"
    summary="$summary$line
"
done

echo "== fuzz summary"
printf '%s' "$summary"
echo "$(($# - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
