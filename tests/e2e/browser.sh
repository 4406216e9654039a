#!/bin/sh
# The web in a real browser: headless Chromium (Debian's), driven by
# playwright-core against `planmon serve` on a loopback port with a demo
# database (plus a leader, who reads like a planner):
#   tests/browser/flow.mjs   the yearly cycle: the reporter enters a figure and
#                            submits it, the reviewer approves it, the overview changes;
#   tests/browser/tasks.mjs  issue 15's four tasks (alert → lagging towns, the
#                            one page printed on one A4 page, a field error fixed
#                            on a phone, an item returned with its reason);
#   tests/browser/levels.mjs two review levels (issue 14): return per item with its
#                            reason on the entry form, reply, resubmit, approve at
#                            both levels, the stamped scan downloaded byte-identical;
#   tests/browser/todo.mjs   the demo's collection round as each role's 待办 (issue 14):
#                            荣华街道's reporter, the reviewer, the planner;
#   tests/browser/a11y.mjs   axe-core on every page of every role at a desktop and
#                            a 390 px phone width: 0 serious or critical violations,
#                            no sideways scrolling on the phone.
# Screenshots go to tests/out/browser/ (git-ignored). tests/browser/setup.sh
# installs Chromium, Node.js, playwright-core and axe-core when missing.
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHOTS=$ROOT/tests/out/browser
# make test runs this script on both backends at once: each its own screenshots.
on_postgresql && SHOTS=$ROOT/tests/out/browser-pg
command -v curl >/dev/null 2>&1 || "$ROOT/scripts/deps.sh" >/dev/null 2>&1

"$ROOT/tests/browser/setup.sh" >"$T/setup.log" 2>&1
RC=$?
check "setup: Chromium, Node.js and playwright-core are there" test "$RC" -eq 0
[ "$RC" -eq 0 ] || { tail -n 20 "$T/setup.log"; finish; exit 1; }

DB=$(test_db browser)
PW=browser-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
PLANMON_PASSWORD=$PW "$PLANMON" user add leader --role planner --db "$DB" >/dev/null 2>&1
check "a leader (reads all, like a planner)" test $? -eq 0
# 西红门镇's reporter and reviewer, for the two review levels (levels.mjs).
PLANMON_PASSWORD=$PW "$PLANMON" user add treporter --role reporter --unit 110115010 --db "$DB" >/dev/null 2>&1 &&
    PLANMON_PASSWORD=$PW "$PLANMON" user add treviewer --role reviewer --unit 110115010 --db "$DB" >/dev/null 2>&1
check "a town's reporter and reviewer" test $? -eq 0
# A member of 养老服务科: the milestone form of its project XM03 (a11y.mjs).
PLANMON_PASSWORD=$PW "$PLANMON" user add ylmember --role reporter --db "$DB" >/dev/null 2>&1 &&
    "$PLANMON" user dept ylmember 养老服务科 --db "$DB" >/dev/null 2>&1
check "a department's member" test $? -eq 0
# 荣华街道's reporter: the demo's round has it overdue (todo.mjs).
PLANMON_PASSWORD=$PW "$PLANMON" user add rhreporter --role reporter --unit 110115007 --db "$DB" >/dev/null 2>&1
check "荣华街道's reporter" test $? -eq 0
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
check "server prints the address" test -n "$PORT"
[ -n "$PORT" ] || { cat "$T/serve.err"; finish; exit 1; }

rm -rf "$SHOTS"
mkdir -p "$SHOTS"
export PLANMON_URL=http://127.0.0.1:$PORT PLANMON_PW=$PW PLANMON_SHOTS=$SHOTS
# The tasks run first: the flow then submits 黄村镇's 2024 figure and the
# reviewer approves it, which the tasks do not expect.
# levels.mjs last: it names two review levels, which the others do not expect.
# axe (a11y.mjs) checks the markup, which is the same whichever database
# the server reads, and is the longest part: on SQLite only.
SCRIPTS="tasks:600 flow:150 todo:150 a11y:1500 levels:300"
on_postgresql && SCRIPTS="tasks:600 flow:150 todo:150 levels:300"
for script in $SCRIPTS; do
    name=${script%:*}
    if [ "$name" = levels ]; then
        "$PLANMON" review-levels --db "$DB" 街镇审核:1 区业务科室审核:0 >/dev/null
        check "two review levels named" test $? -eq 0
    fi
    timeout "${script#*:}" node "$ROOT/tests/browser/$name.mjs" >"$T/$name.log" 2>&1
    RC=$?
    grep -v '^ok - ' "$T/$name.log"
    check "the browser $name passes" test "$RC" -eq 0
done
for f in 02-overview-before.png 03-entry-filled.png 05-review-queue.png 07-overview-after.png \
    task1-lagging-towns.png task2-leader.png task3-field-error-phone.png todo-reporter-desktop.png; do
    check "screenshot $f" test -s "$SHOTS/$f"
done

kill -TERM "$SRV"
wait "$SRV"
RC=$?
SRV=
check "the server stops cleanly" test "$RC" -eq 0
[ "$RC" -eq 0 ] || tail -n 80 "$T/serve.err"
check "no sanitizer report from the server" sh -c "! grep -q 'Sanitizer' '$T/serve.err'"
finish
