#!/bin/sh
# End-to-end: the plan reader against the shared real plan tables
# (../shared/plans-dev beside the clone, as CI has it, or beside the main
# clone of a worktree; PLANS_DEV= elsewhere):
# check.py parses all 21 files and every indicator must be read exactly.
# A missing folder is a failure, not a skip: the check must not silently vanish.
set -u
: "${PLANMON:?PLANMON must point at the planmon binary}"
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${PLANS_DEV:-$root/../shared/plans-dev}
# A git worktree elsewhere: beside the main clone, where its .git lives.
if [ ! -f "$dir/check.py" ] && [ -z "${PLANS_DEV:-}" ]; then
    common=$(git -C "$root" rev-parse --path-format=absolute --git-common-dir 2>/dev/null) &&
        dir=$(dirname "$common")/../shared/plans-dev
fi
if [ ! -f "$dir/check.py" ]; then
    echo "FAIL: $dir/check.py not found (set PLANS_DEV to the plans-dev folder)"
    exit 1
fi
out=$(python3 "$dir/check.py" "$PLANMON") || {
    echo "FAIL: check.py exited $?"
    exit 1
}
echo "$out" | grep -v 'PARSED	$' | grep -v '^d.*exact=\([0-9]*\).*PARSED	$'
files=$(echo "$out" | grep -c '^d[0-9][0-9]-')
total=$(echo "$out" | tail -n 1)
case $total in
*"rate=1.000") ;;
*)
    echo "FAIL: $total"
    exit 1
    ;;
esac
if [ "$files" -ne 21 ]; then
    echo "FAIL: $files files checked, want 21"
    exit 1
fi
echo "plans_dev.sh: $files files, $total"
