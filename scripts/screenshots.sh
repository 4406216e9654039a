#!/bin/sh
# Takes the pictures docs/web.md shows (docs/screenshots/*.png): the overview,
# the leader's one page, an indicator page and the entry page, at a desktop
# and a 390 px phone width, from a fresh demo database in headless Chromium
# (tests/browser/screenshots.mjs). Run after changing how those pages look.
# Usage: scripts/screenshots.sh [PLANMON]   (default build/planmon)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PLANMON=${1:-$ROOT/build/planmon}
"$ROOT/tests/browser/setup.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/planmon-shots.XXXXXX")
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null || true; fi; rm -rf "$T"' EXIT
PW=screenshots-pass-2025
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$T/demo.db" >/dev/null
PLANMON_PASSWORD=$PW "$PLANMON" user add leader --role planner --db "$T/demo.db" >/dev/null
"$PLANMON" serve --db "$T/demo.db" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
i=0
PORT=
while [ $i -lt 150 ] && [ -z "$PORT" ]; do
    PORT=$(sed -n 's#.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$T/serve.out")
    [ -n "$PORT" ] || sleep 0.1
    i=$((i + 1))
done
[ -n "$PORT" ] || { cat "$T/serve.err" >&2; exit 1; }
PLANMON_URL=http://127.0.0.1:$PORT PLANMON_PW=$PW PLANMON_SHOTS=$ROOT/docs/screenshots \
    node "$ROOT/tests/browser/screenshots.mjs"
