#!/bin/sh
# The command line's collection rules (issue 14, item 6): `--as` names a
# user of the database (a made-up name is refused and nothing is written),
# and `submit` holds back while a warning of what it would move has no
# 说明, as the web's "保存并提交审核" does.
. "$(dirname "$0")/../lib.sh"
DB=$T/submit.db
TOWN=110115009
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" test -s "$DB"
state() { "$PLANMON" export --db "$DB" --format csv --encoding utf-8; }

# ---- --as -----------------------------------------------------------------------------
printf 'unit,year,item,value\n%s,2024,burials,215\n' $TOWN >"$T/one.csv"
state >"$T/before.csv"
"$PLANMON" import --db "$DB" --as 不存在的人 "$T/one.csv" >"$T/out" 2>"$T/err"
check "--as a name that is no user: exit 2" test $? -eq 2
check "…saying so" grep -q -- '--as：“不存在的人”不是本数据库的用户' "$T/err"
check "…nothing written" sh -c "state() { '$PLANMON' export --db '$DB' --format csv --encoding utf-8; }; state | cmp -s - '$T/before.csv'"
"$PLANMON" approve --db "$DB" --unit $TOWN --year 2023 --as 不存在的人 >"$T/out" 2>"$T/err"
check "approve --as a made-up name: exit 2" test $? -eq 2
"$PLANMON" import --db "$DB" --as reporter "$T/one.csv" >"$T/out" 2>&1
check "--as a user: imported" test $? -eq 0
"$PLANMON" history --db "$DB" --unit $TOWN --year 2024 --item burials --format json >"$T/h.json"
check "…and the history names that user" python3 -c "
import json, sys
h = json.load(open(sys.argv[1]))
rows = h if isinstance(h, list) else h['history']
assert rows and all(r['who'] == 'reporter' for r in rows), rows" "$T/h.json"
"$PLANMON" status --db "$DB" --year 2023 --format csv >/dev/null 2>&1
check "a command that only reads needs no --as" test $? -eq 0

# ---- submit and unexplained warnings ----------------------------------------------------
# 2023's caregivers and burials of the town, and 2024 figures far from them.
last() {
    "$PLANMON" export --db "$DB" --format csv --encoding utf-8 --year 2023 --unit $TOWN |
        awk -F, -v i="$1" '$1 == "'$TOWN'" && $3 == i { print $4 }'
}
CARE=$(last caregivers)
check "2023's caregivers are there" test -n "$CARE"
printf 'unit,year,item,value\n%s,2024,caregivers,%s\n' $TOWN $((CARE * 5)) >"$T/jump.csv"
"$PLANMON" import --db "$DB" --as reporter "$T/jump.csv" >"$T/out" 2>&1
check "a figure five times last year's imports as a draft with a warning" grep -q '未说明 1 个' "$T/out"
state >"$T/drafts.csv"
"$PLANMON" submit --db "$DB" --unit $TOWN --year 2024 --as reporter >"$T/out" 2>"$T/err"
check "submit with an unexplained warning: exit 2" test $? -eq 2
check "…naming the figure and the warning" grep -q "黄村镇 2024 年“养老护理员”（$((CARE * 5))）：比上年（$CARE）增加超过一倍" "$T/err"
check "…and what to do" grep -q '有 1 个警告尚未说明原因，未提交任何数据' "$T/err"
check "…nothing submitted" sh -c "'$PLANMON' export --db '$DB' --format csv --encoding utf-8 | cmp -s - '$T/drafts.csv'"
"$PLANMON" submit --db "$DB" --unit 110115 --year 2024 --as reporter >"$T/out" 2>"$T/err"
check "from the district too (the town's draft is in its subtree): exit 2" test $? -eq 2
"$PLANMON" submit --db "$DB" --unit $TOWN --year 2024 --item burials --as reporter >"$T/out" 2>"$T/err"
check "submitting another item only is not held back by it" test $? -eq 0
printf 'unit,year,item,value,comment\n%s,2024,caregivers,%s,新建养老照料中心招聘护理员\n' $TOWN $((CARE * 5)) >"$T/why.csv"
"$PLANMON" import --db "$DB" --as reporter "$T/why.csv" >/dev/null 2>&1
"$PLANMON" submit --db "$DB" --unit $TOWN --year 2024 --as reporter >"$T/out" 2>"$T/err"
check "explained in the comment column: submitted (exit 0)" test $? -eq 0
check "…saying so" grep -q '已提交 1 个数据' "$T/out"
finish
