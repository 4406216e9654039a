#!/bin/sh
# export --what status --all-years: every year from the plan's first after
# its base year to --year (default: the latest with figures), unit by unit
# and year by year. Each year's rows must be exactly what a one-year export
# of that year gives (the all-years export judges each series once for all
# its years, pm_engine_pace_years; the one-year export judges each year on
# its own, pm_engine_pace), for the district and for one town's subtree,
# in both plans of the demo.
set -u
. "$(dirname "$0")/../lib.sh"

DEMO=$(test_db demo)
"$PLANMON" demo --db "$DEMO" >/dev/null 2>&1
check "demo database" db_made "$DEMO"

# same_as_years ALLFILE Y0 Y1 ARGS...: ALLFILE holds years Y0..Y1 and each
# year's rows equal `export --what status --year Y ARGS` (same order).
same_as_years() {
    _all=$1 _y0=$2 _y1=$3
    shift 3
    _y=$_y0
    while [ "$_y" -le "$_y1" ]; do
        "$PLANMON" export --db "$DEMO" --what status --format json --year "$_y" "$@" >"$T/one.$_y.json" || return 1
        _y=$((_y + 1))
    done
    python3 - "$_all" "$_y0" "$_y1" "$T" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
y0, y1, d = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
assert sorted({r['year'] for r in rows}) == list(range(y0, y1 + 1)), sorted({r['year'] for r in rows})
units = []
for r in rows:
    if not units or units[-1] != r['unit']:
        units.append(r['unit'])
assert len(units) == len(set(units)), 'a unit comes back after another'
for y in range(y0, y1 + 1):
    one = json.load(open('%s/one.%d.json' % (d, y)))
    mine = [r for r in rows if r['year'] == y]
    assert one and mine == one, (y, len(mine), len(one))
judged = sum(1 for r in rows if r['status'] not in ('no_data', 'not_judged'))
assert judged > 0, 'nothing judged'
PY
}

"$PLANMON" export --db "$DEMO" --what status --format json --all-years >"$T/all.json"
check "all years to the latest with figures (2021-2023): each year as its one-year export" \
    same_as_years "$T/all.json" 2021 2023
"$PLANMON" export --db "$DEMO" --what status --format json --all-years --year 2025 --unit 110115009 >"$T/town.json"
check "a town's subtree to the target year 2025: the same" same_as_years "$T/town.json" 2021 2025 --unit 110115009
"$PLANMON" export --db "$DEMO" --what status --format json --all-years --year 2027 --plan 15th >"$T/p15.json"
check "the 十五五 plan to 2027: the same" same_as_years "$T/p15.json" 2026 2027 --plan 15th
"$PLANMON" export --db "$DEMO" --what status --all-years -o "$T/all.csv"
check "CSV: one header and a line per row" test "$(($(wc -l <"$T/all.csv") - 1))" = \
    "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$T/all.json")"
"$PLANMON" export --db "$DEMO" --what values --all-years >"$T/v.out" 2>"$T/v.err"
check "--all-years with values: refused (exit 2)" test $? = 2
check "…saying it is for the status" grep -q 'what status' "$T/v.err"
finish
