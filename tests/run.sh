#!/bin/sh
# Runs every unit test binary given on the command line (cmocka), then every
# end-to-end script in tests/e2e/ against the sanitized build, and closes with
# one "N passed, N failed" line counting the test programs.
set -u
cd "$(dirname "$0")/.." || exit 1
export PLANMON="${PLANMON:-$PWD/build/asan/planmon}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
passed=0
failed=0
failures=""
for t in "$@"; do
    echo "== unit: $t"
    if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures="$failures $t"; fi
done
for t in tests/e2e/*.sh; do
    [ -f "$t" ] || continue
    echo "== e2e: $t"
    if sh "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures="$failures $t"; fi
done
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
