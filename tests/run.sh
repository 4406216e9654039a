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
#
# The e2e scripts named in tests/pg_suite.txt run a second time on
# PostgreSQL (PLANMON_TEST_BACKEND=postgresql, "e2e-pg" below), side by side
# with the rest, each making its own databases (tests/lib.sh's test_db) on
# one throwaway cluster this script starts and removes (tests/pg_cluster.sh).
set -u
cd "$(dirname "$0")/.." || exit 1
export PLANMON="${PLANMON:-$PWD/build/asan/planmon}"
export PLANMON_RELEASE="${PLANMON_RELEASE:-$PWD/build/planmon}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
# fontconfig's process-lifetime caches (the DOCX report's charts) are not leaks of ours.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
LOGS=${TEST_LOGS:-build/test-logs}
# log_of KIND TEST: the test's log (a PostgreSQL run's beside the SQLite one's).
log_of() {
    _l=$LOGS/$(echo "$2" | tr '/' '_')
    [ "$1" = e2e-pg ] && _l=$_l.pg
    echo "$_l.log"
}

# One test: its output to its log, its exit status to <log>.rc, a line.
if [ "${1:-}" = "--one" ]; then
    kind=$2
    t=$3
    log=$(log_of "$kind" "$t")
    start=$(date +%s)
    case $kind in
    unit) "$t" >"$log" 2>&1 ;;
    e2e-pg) PLANMON_TEST_BACKEND=postgresql sh "$t" >"$log" 2>&1 ;;
    *) sh "$t" >"$log" 2>&1 ;;
    esac
    rc=$?
    echo $rc >"$log.rc"
    if [ $rc -eq 0 ]; then what=ok; else what="FAILED (exit $rc)"; fi
    echo "== $kind: $t: $what, $(($(date +%s) - start)) s"
    exit 0
fi

rm -rf "$LOGS"
mkdir -p "$LOGS"
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# The scripts that also run on PostgreSQL, and their cluster.
PG_SUITE=$(sed -n 's/^\([a-z0-9_]*\.sh\)$/\1/p' tests/pg_suite.txt)
pg_ok=yes
if [ -n "$PG_SUITE" ]; then
    T=$(mktemp -d "${TMPDIR:-/tmp}/planmon-run.XXXXXX")
    . tests/pg_cluster.sh
    if pg_cluster_start >"$LOGS/pg-cluster.log" 2>&1; then
        export PLANMON_TEST_PGHOST="$PG_SOCK" PLANMON_TEST_PGBIN="$PG_BIN"
    else
        pg_ok=
    fi
fi
# End-to-end scripts first: they are the long ones, and starting them early
# keeps the tail of the run short.
{
    for t in tests/e2e/*.sh; do [ -f "$t" ] && echo "e2e $t"; done
    if [ -n "$pg_ok" ]; then for t in $PG_SUITE; do echo "e2e-pg tests/e2e/$t"; done; fi
    for t in "$@"; do echo "unit $t"; done
} >"$LOGS/tests"
xargs -P "$JOBS" -L 1 sh "$0" --one <"$LOGS/tests"
if [ -n "$PG_SUITE" ] && [ -z "$pg_ok" ]; then
    echo "---- the PostgreSQL cluster for tests/pg_suite.txt did not start ----"
    cat "$LOGS/pg-cluster.log"
fi

passed=0
failed=0
failures=""
while read -r kind t; do
    log=$(log_of "$kind" "$t")
    if [ "$(cat "$log.rc" 2>/dev/null)" = 0 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        failures="$failures $t$([ "$kind" = e2e-pg ] && echo '(PostgreSQL)')"
        echo "---- $kind: $t: log ($log) ----"
        cat "$log"
    fi
done <"$LOGS/tests"
if [ -n "$PG_SUITE" ] && [ -z "$pg_ok" ]; then
    failed=$((failed + 1))
    failures="$failures tests/pg_cluster.sh"
fi
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
