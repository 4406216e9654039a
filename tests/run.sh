#!/bin/sh
# Runs every unit test binary given on the command line (cmocka) and every
# end-to-end script in tests/e2e/ against the sanitized build, JOBS of them at
# a time (default: the number of CPUs; JOBS=1 runs them one after another).
# Each test's output goes to build/test-logs/<name>.log; a line per test says
# how it ended, a failed test's log is printed in full, and the run closes
# with one "N passed, N failed" line counting the test programs.
#
# The tests are independent (each makes its own temporary directory and
# database; servers listen on port 0), so they may run side by side.
set -u
cd "$(dirname "$0")/.." || exit 1
export PLANMON="${PLANMON:-$PWD/build/asan/planmon}"
export PLANMON_RELEASE="${PLANMON_RELEASE:-$PWD/build/planmon}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
# fontconfig's process-lifetime caches (the DOCX report's charts) are not leaks of ours.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
LOGS=${TEST_LOGS:-build/test-logs}

# One test: its output to its log, its exit status to <log>.rc, a line.
if [ "${1:-}" = "--one" ]; then
    kind=$2
    t=$3
    log=$LOGS/$(echo "$t" | tr '/' '_').log
    start=$(date +%s)
    if [ "$kind" = unit ]; then "$t" >"$log" 2>&1; else sh "$t" >"$log" 2>&1; fi
    rc=$?
    echo $rc >"$log.rc"
    if [ $rc -eq 0 ]; then what=ok; else what="FAILED (exit $rc)"; fi
    echo "== $kind: $t: $what, $(($(date +%s) - start)) s"
    exit 0
fi

rm -rf "$LOGS"
mkdir -p "$LOGS"
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# End-to-end scripts first: they are the long ones, and starting them early
# keeps the tail of the run short.
{
    for t in tests/e2e/*.sh; do [ -f "$t" ] && echo "e2e $t"; done
    for t in "$@"; do echo "unit $t"; done
} >"$LOGS/tests"
xargs -P "$JOBS" -L 1 sh "$0" --one <"$LOGS/tests"

passed=0
failed=0
failures=""
while read -r kind t; do
    log=$LOGS/$(echo "$t" | tr '/' '_').log
    if [ "$(cat "$log.rc" 2>/dev/null)" = 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures="$failures $t"
        echo "---- $kind: $t: log ($log) ----"
        cat "$log"
    fi
done <"$LOGS/tests"
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
