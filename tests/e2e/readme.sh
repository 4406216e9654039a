#!/bin/sh
# README's example commands run as written in a fresh clone (issue 10 item
# 8): every `build/planmon …` line of README.md's ```sh blocks, block by
# block, from the top of a copy of the tracked files (what `git clone`
# gives) with the binary under test as build/planmon. Each block starts
# without databases, as a reader trying it would.
set -u
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

CLONE="$T/clone"
mkdir -p "$CLONE/build"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$CLONE")
check "the copy has the README and the examples" test -f "$CLONE/README.md" -a -f "$CLONE/examples/units.csv"
cp "$PLANMON" "$CLONE/build/planmon"

# The blocks: each ```sh fence's build/planmon lines, one block a file.
awk -v dir="$T" '
    /^```sh$/ { inblock = 1; n++; next }
    /^```/    { inblock = 0; next }
    inblock && /^build\/planmon / { print > (dir "/block" n ".sh") }
' "$ROOT/README.md"
blocks=$(ls "$T"/block*.sh 2>/dev/null | wc -l)
check "README has example blocks to run (found $blocks)" test "$blocks" -ge 4
lines=$(cat "$T"/block*.sh | wc -l)
check "README has example commands to run (found $lines)" test "$lines" -ge 15

for b in "$T"/block*.sh; do
    rm -f "$CLONE"/*.db "$CLONE"/*.db-wal "$CLONE"/*.db-shm
    while IFS= read -r line; do
        (cd "$CLONE" && sh -c "$line") </dev/null >"$T/out" 2>"$T/err"
        rc=$?
        check "README: $line (exit $rc: $(head -c 300 "$T/err"))" test "$rc" -eq 0
    done <"$b"
done
# What the examples promise, checked on their results.
check "the report example wrote its HTML" test -s "$CLONE/中期评估报告.html"
check "the template example wrote its XLSX" test -s "$CLONE/黄村镇2024.xlsx"
finish
