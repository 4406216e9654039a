#!/bin/sh
# The yearly cycle in a real browser: headless Chromium (Debian's), driven by
# playwright-core (tests/browser/flow.mjs) against `planmon serve` on a
# loopback port with a demo database — the reporter enters a figure and
# submits it, the reviewer approves it, the overview changes. Screenshots go
# to tests/out/browser/ (git-ignored). tests/browser/setup.sh installs
# Chromium, Node.js and playwright-core when they are missing.
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHOTS=$ROOT/tests/out/browser
command -v curl >/dev/null 2>&1 || "$ROOT/scripts/deps.sh" >/dev/null 2>&1

"$ROOT/tests/browser/setup.sh" >"$T/setup.log" 2>&1
RC=$?
check "setup: Chromium, Node.js and playwright-core are there" test "$RC" -eq 0
[ "$RC" -eq 0 ] || { tail -n 20 "$T/setup.log"; finish; exit 1; }

DB=$T/browser.db
PW=browser-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" test -s "$DB"
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
check "server prints the address" test -n "$PORT"
[ -n "$PORT" ] || { cat "$T/serve.err"; finish; exit 1; }

rm -rf "$SHOTS"
mkdir -p "$SHOTS"
PLANMON_URL=http://127.0.0.1:$PORT PLANMON_PW=$PW PLANMON_SHOTS=$SHOTS \
    timeout 150 node "$ROOT/tests/browser/flow.mjs" >"$T/flow.log" 2>&1
RC=$?
cat "$T/flow.log"
check "the browser flow passes (reporter enters and submits, reviewer approves, the overview changes)" test "$RC" -eq 0
for f in 02-overview-before.png 03-entry-filled.png 05-review-queue.png 07-overview-after.png; do
    [ "$f" = 03-entry-filled.png ] && grep -q '^note: GET /entry' "$T/flow.log" && continue
    check "screenshot $f" test -s "$SHOTS/$f"
done

kill -TERM "$SRV"
wait "$SRV"
RC=$?
SRV=
check "the server stops cleanly" test "$RC" -eq 0
check "no sanitizer report from the server" sh -c "! grep -q 'Sanitizer' '$T/serve.err'"
finish
