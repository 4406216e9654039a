#!/bin/sh
# make run keeps the demo database (issue 10 item 8): a second `make run`
# serves the same file — a user added in between is still there, and the
# demo is not made again — while `make demo` makes it afresh.
set -u
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
DB="$T/demo.db"

# make run in its own process group (make, then planmon serve); waits for
# the address, then stops the group.
run_once() {
    # The previous run's output must be gone before the next starts: the
    # loop below would otherwise read the old address and signal a process
    # group that setsid has not made yet (the test then hung for good).
    rm -f "$T/run.out"
    setsid make --no-print-directory run DEMO_DB="$DB" LISTEN=127.0.0.1:0 >"$T/run.out" 2>&1 &
    pid=$!
    i=0
    while [ $i -lt 1200 ] && ! grep -qs 'http://127\.0\.0\.1:[0-9]' "$T/run.out" && kill -0 "$pid" 2>/dev/null; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -- -"$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

run_once
check "first make run serves" grep -q 'http://127\.0\.0\.1:[0-9]' "$T/run.out"
check "first make run makes the demo database" test -f "$DB"
check "first make run prints the demo passwords" grep -q 'admin' "$T/run.out"
PLANMON_PASSWORD=keeper-pass-1 build/planmon user add keeper --role planner --db "$DB" </dev/null >/dev/null 2>&1
check "a user added between runs" sh -c "build/planmon user list --db '$DB' --format csv | grep -q '^keeper,'"

run_once
check "second make run serves" grep -q 'http://127\.0\.0\.1:[0-9]' "$T/run.out"
check "second make run says it keeps the database" grep -q '沿用已有的示例数据库' "$T/run.out"
check "second make run kept the user added" sh -c "build/planmon user list --db '$DB' --format csv | grep -q '^keeper,'"

make --no-print-directory demo DEMO_DB="$DB" >"$T/demo.out" 2>&1
check "make demo exits 0" test $? -eq 0
check "make demo makes the database afresh" sh -c "! build/planmon user list --db '$DB' --format csv | grep -q '^keeper,'"
finish
