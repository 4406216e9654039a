#!/bin/sh
# End-to-end: the plan reader against the real published tables collected in
# tests/data/plans/real/ (sources in its SOURCES.md): every indicator of every
# table must be read as its hand-written .expected.json says, parts and text
# targets included (tests/e2e/plancheck.py).
set -u
: "${PLANMON:?PLANMON must point at the planmon binary}"
cd "$(dirname "$0")/../.." || exit 1
python3 tests/e2e/plancheck.py "$PLANMON" tests/data/plans/real >"${TMPDIR:-/tmp}/plans_real.$$" 2>&1
rc=$?
grep -v 'PARSED	$' "${TMPDIR:-/tmp}/plans_real.$$"
rm -f "${TMPDIR:-/tmp}/plans_real.$$"
[ "$rc" -eq 0 ] || echo "FAIL: not every real table read exactly"
exit "$rc"
