#!/bin/sh
# Mutation check of the pace method (issue 12): every comparison operator in
# src/engine/pace.c is flipped and shifted, one at a time, and
# tests/unit/test_pace.c must fail on each mutant. Too slow for `make test`
# (one ASan compile per mutant, about ten minutes on a loaded machine); run
# it after changing pace.c or its test, from the repository root, and
# update the result in docs/testing.md.
#
# The mutants listed here cannot change behaviour (tools/mutate-comparisons.py
# reports them as equivalent, not as survivors):
#   54:22:>=   target_tol: at |T| = 1 both branches give 1.0.
#   106:11:<=  clamp: at x = min both return min.
#   108:11:>=  clamp: at x = max both return max.
#   130:67:<=  effective_base: years are distinct (pm_pace_in's contract), so
#              no two usable observations tie for the earliest.
#   146:64:>=  latest_after: likewise for the latest.
#   181:57:>=  outlook's assert: an open judgment's p·r is never 0 (v falls
#              short of T by more than the tolerance), so >= 0 and > 0 agree.
set -eu
cd "$(dirname "$0")/.."
exec python3 tools/mutate-comparisons.py src/engine/pace.c tests/unit/test_pace.c --with src/engine/lsq.c \
    --equivalent 54:22:'>=' --equivalent 106:11:'<=' --equivalent 108:11:'>=' \
    --equivalent 130:67:'<=' --equivalent 146:64:'>=' --equivalent 181:57:'>='
