#!/bin/sh
# "Nothing to do" is not a success (issue 14, item 6): submit, approve or
# return with nothing in the state they move from exits 1 with a message
# on stderr, and changes nothing.
. "$(dirname "$0")/../lib.sh"
DB=$(test_db nothing)
TOWN=110115009
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
"$PLANMON" export --db "$DB" --format csv >"$T/before.csv"
for cmd in approve "return --reason 核实"; do
    # shellcheck disable=SC2086
    "$PLANMON" $cmd --db "$DB" --unit $TOWN --year 2024 --as planner >"$T/out" 2>"$T/err"
    check "$cmd with nothing submitted: exit 1" test $? -eq 1
    check "…saying there is nothing to do" grep -q '没有可.*的数据（110115009 及其下级，2024 年），未作任何改动' "$T/err"
done
"$PLANMON" submit --db "$DB" --unit $TOWN --year 2023 --as planner >"$T/out" 2>"$T/err"
check "submit with no draft (2023 is approved): exit 1" test $? -eq 1
check "nothing changed" sh -c "'$PLANMON' export --db '$DB' --format csv | cmp -s - '$T/before.csv'"
printf 'unit,year,item,value\n%s,2024,burials,215\n' $TOWN >"$T/one.csv"
"$PLANMON" import --db "$DB" --as planner "$T/one.csv" >/dev/null 2>&1
"$PLANMON" submit --db "$DB" --unit $TOWN --year 2024 --as planner >"$T/out" 2>&1
check "submit with a draft: exit 0" test $? -eq 0
"$PLANMON" approve --db "$DB" --unit $TOWN --year 2024 --as planner >"$T/out" 2>&1
check "approve what was submitted: exit 0" test $? -eq 0
finish
