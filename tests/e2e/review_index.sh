#!/bin/sh
# The count of figures waiting for review (PM_SQL_REVIEW_WAITING, read by
# every reviewer's overview and 待办) is answered from index
# data_value_state (schema 17), not by reading all of data_value. The
# query is taken from src/store/collect_backend.h itself, so a change to
# it that the index no longer serves fails here: SQLite's EXPLAIN QUERY
# PLAN names the index and no SCAN of data_value; PostgreSQL's EXPLAIN,
# with sequential scans off, has no Seq Scan on data_value (with them on,
# a small demo table may rightly be read whole).
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DB=$(test_db idx)
PLANMON_DEMO_PASSWORD=e2e-pass-2025 "$PLANMON" demo --db "$DB" >"$T/demo.out" 2>&1
check "demo" db_made "$DB"
# The macro's string literals joined, its collation argument C filled in
# as each backend's file does (pg_todo.c: COLLATE "C", sqlite_todo.c: none).
COLL=
on_postgresql && COLL=' COLLATE "C"'
python3 - "$ROOT/src/store/collect_backend.h" "$COLL" >"$T/q.sql" <<'PY'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
body = src[src.index("#define PM_SQL_REVIEW_WAITING(C)"):]
lines = []
for line in body.splitlines()[1:]:
    lines.append(line)
    if not line.rstrip().endswith("\\"):
        break
text = " ".join(lines).replace("\\", " ")
out = ""
for tok in re.findall(r'"((?:[^"\\]|\\.)*)"|(\bC\b)', text):
    out += tok[0] if tok[0] or not tok[1] else sys.argv[2]
print(out)
PY
check "the query is read from collect_backend.h" grep -q 'WHERE v.state = 1' "$T/q.sql"
Q=$(cat "$T/q.sql")
if on_postgresql; then
    db_sql "$DB" "SET enable_seqscan = off; EXPLAIN $Q" >"$T/plan.txt" 2>&1
    check "EXPLAIN runs" test -s "$T/plan.txt"
    check "…data_value read through data_value_state" grep -q 'data_value_state' "$T/plan.txt"
    check "…no Seq Scan on data_value" sh -c "! grep -q 'Seq Scan on data_value' '$T/plan.txt'"
else
    db_sql "$DB" "EXPLAIN QUERY PLAN $Q" >"$T/plan.txt" 2>&1
    check "EXPLAIN QUERY PLAN runs" test -s "$T/plan.txt"
    check "…data_value searched with data_value_state" grep -q 'SEARCH v USING COVERING INDEX data_value_state (state=?)' "$T/plan.txt"
    check "…no SCAN of data_value" sh -c "! grep -q 'SCAN v\\b' '$T/plan.txt'"
fi
# The index holds the submitted figures only (version 22): drafts, what
# an import writes, are not in it, so a query for them cannot use it.
D='SELECT count(*) FROM data_value WHERE state = 0'
if on_postgresql; then
    db_sql "$DB" "SET enable_seqscan = off; EXPLAIN $D" >"$T/drafts.txt" 2>&1
else
    db_sql "$DB" "EXPLAIN QUERY PLAN $D" >"$T/drafts.txt" 2>&1
fi
check "EXPLAIN of the drafts' count runs" test -s "$T/drafts.txt"
check "…drafts are not in data_value_state" sh -c "! grep -q 'data_value_state' '$T/drafts.txt'"
cat "$T/q.sql" "$T/plan.txt" "$T/drafts.txt"
finish
