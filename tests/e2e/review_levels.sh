#!/bin/sh
# Two review levels (engine/review.h, issue 14): 街镇审核 by the town's own
# reviewer, then 区业务科室审核 by the district's. Submitted figures wait at
# the town's level; the district's reviewer moves nothing there; the
# town's approval passes them on (still submitted, at level 2), the
# district's locks them. A return at level 2 sends an item back to the
# reporter, and resubmitting starts at the town's level again. A reviewer
# whose unit sits at no level may not review; the command line (an admin)
# moves one level at a time. The same on the CLI, the API and the page.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "review_levels.sh: curl is missing"; exit 1; }

DB=$(test_db lv)
PW=levels-pass-2025
TOWN=110115009 # 黄村镇
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"

# ---- the levels themselves ---------------------------------------------------------------------
"$PLANMON" review-levels --db "$DB" >"$T/l0.out"
check "no levels named: one level" grep -q 一级审核 "$T/l0.out"
"$PLANMON" review-levels --db "$DB" 区:0 镇:1 >/dev/null 2>"$T/l1.err"
check "a level below the one before is refused (exit 2)" test $? = 2
check "… naming the level" grep -q '第 2 级审核“镇”' "$T/l1.err"
"$PLANMON" review-levels --db "$DB" 街镇审核 >/dev/null 2>"$T/l2.err"
check "a level without its unit level is refused (exit 2)" test $? = 2
"$PLANMON" review-levels --db "$DB" >"$T/l3.out"
check "refusals wrote nothing" grep -q 一级审核 "$T/l3.out"
"$PLANMON" review-levels --db "$DB" 街镇审核:1 区业务科室审核:0 >"$T/l4.out"
check "two levels set" test $? = 0
check "… listed first to last" sh -c "head -n 1 '$T/l4.out' | grep -q 街镇审核 && tail -n 1 '$T/l4.out' | grep -q 区业务科室审核"

# A community of 黄村镇: its reviewer sits at depth 2, no level's.
COMM=$(db_sql "$DB" "SELECT c.code FROM org_unit c JOIN org_unit t ON t.id = c.parent_id WHERE t.code = '$TOWN' ORDER BY c.code LIMIT 1")
check "黄村镇 has a community" test -n "$COMM"
for u in "treviewer reviewer $TOWN" "creviewer reviewer $COMM"; do
    set -- $u
    PLANMON_PASSWORD=$PW "$PLANMON" user add "$1" --role "$2" --unit "$3" --db "$DB" >/dev/null 2>&1
done
for u in reviewer treviewer reporter; do
    "$PLANMON" token add "$u" lv --db "$DB" >"$T/$u.tok" 2>/dev/null
done

# 黄村镇's 2024 figures of three items, as in 2023 (no warning to explain).
last_of() {
    "$PLANMON" export --db "$DB" --format csv --encoding utf-8 --year 2023 --unit $TOWN |
        awk -F, -v u=$TOWN -v i="$1" '$1 == u && $3 == i { print $4 }' | head -n 1
}
{
    echo unit,year,item,value
    for i in beds_elderly caregivers beds_institution; do echo "$TOWN,2024,$i,$(last_of $i)"; done
} >"$T/in.csv"
"$PLANMON" import "$T/in.csv" --db "$DB" --as reporter >/dev/null 2>"$T/imp.err"
check "2024 figures imported" test $? = 0
"$PLANMON" submit --db "$DB" --unit $TOWN --year 2024 --as reporter >/dev/null 2>&1
check "submitted" test $? = 0

# states: the distinct states of 黄村镇's own 2024 figures.
states() {
    "$PLANMON" export --db "$DB" --format csv --encoding utf-8 --year 2024 --unit $TOWN |
        awk -F, -v u=$TOWN '$1 == u && $2 == 2024 { print $6 }' | sort -u | tr '\n' ' '
}
level_of() {
    db_sql "$DB" "SELECT DISTINCT review_level FROM data_value v JOIN org_unit o ON o.id = v.unit_id
                  WHERE o.code = '$TOWN' AND v.year = 2024 ORDER BY 1" | paste -sd, -
}
check "submitted figures wait at the town's level" test "$(level_of)" = 1

serve_start "$DB"
api() {
    curl -s -o "$T/api.json" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/$1.tok")" \
        -H 'Content-Type: application/json' --data-binary "$3" "$B/api/v1/values/$2"
}
login() {
    check "$1 logs in" web_login "$B" "$1" "$PW" "$T/$1.jar"
    curl -s -b "$T/$1.jar" "$B/review" >"$T/$1.review.html"
    csrf_of "$T/$1.review.html" >"$T/$1.csrf"
}
for u in reviewer treviewer creviewer; do login $u; done
Y='{"unit":"'$TOWN'","year":2024}'

check "the town's reviewer sees them on its review page" grep -q '待第 1 级“街镇审核”' "$T/treviewer.review.html"
check "… told where it stands in the chain" grep -q '您负责第 1 级审核“街镇审核”' "$T/treviewer.review.html"
check "the district's reviewer does not list them yet" sh -c "! grep -q '黄村镇</a> <span class=\"level\">街道乡镇 · $TOWN</span> · 2024年' '$T/reviewer.review.html'"
# Waiting elsewhere: every submitted figure, all at the first level now: the
# town's 3 above and the 6 the demo's collection round leaves submitted
# (旧宫镇 and 亦庄镇, 3 items each, late: docs/collection.md).
check "the store holds 9 submitted figures at the first level" \
    test "$(db_sql "$DB" "SELECT count(*) FROM data_value WHERE state = 1 AND review_level = 1")" = 9
check "… but counts them as waiting elsewhere (9)" grep -q "另有 9 个已提交的数据在其他层级审核" "$T/reviewer.review.html"

check "API: the district's reviewer approves nothing at the town's level (200, moved 0)" \
    test "$(api reviewer approve "$Y")" = 200
check "… moved 0" grep -q '"moved": *0' "$T/api.json"
check "… still submitted at level 1" test "$(states)$(level_of)" = "submitted 1"
check "a reviewer whose unit sits at no level is refused (403)" sh -c "
    curl -s -o '$T/c.html' -w '%{http_code}' -b '$T/creviewer.jar' --data-urlencode csrf=\$(cat '$T/creviewer.csrf') \
        --data-urlencode action=approve --data-urlencode unit=$COMM --data-urlencode year=2024 '$B/review' | grep -qx 403"
check "API: the reporter may not approve (403)" test "$(api reporter approve "$Y")" = 403

check "API: the town's reviewer approves (200)" test "$(api treviewer approve "$Y")" = 200
check "… 3 moved on" grep -q '"moved": *3' "$T/api.json"
check "… answered: still submitted, now at level 2" sh -c "grep -q '\"state\": *\"submitted\"' '$T/api.json' && grep -q '\"review_level\": *2' '$T/api.json'"
check "… stored so" test "$(states)$(level_of)" = "submitted 2"
check "the history records the pass with its level" \
    test "$(db_sql "$DB" "SELECT count(*) FROM value_history WHERE who = 'treviewer' AND old_state = 1 AND new_state = 1 AND new_level = 2")" = 3
check "the town's reviewer approves nothing twice (moved 0)" sh -c "test \"\$(curl -s -H 'Authorization: Bearer $(cat "$T/treviewer.tok")' -H 'Content-Type: application/json' --data-binary '$Y' $B/api/v1/values/approve | grep -c '\"moved\": *0')\" = 1"

# A return at the district's level: one item back to the reporter.
check "API: the district's reviewer returns one item (200)" \
    test "$(api reviewer return '{"unit":"'$TOWN'","year":2024,"item":"caregivers","reason":"护理员人数与台账不符"}')" = 200
check "… that item returned, the others still at level 2" test "$(states)" = "returned submitted "
"$PLANMON" submit --db "$DB" --unit $TOWN --year 2024 --as reporter >/dev/null 2>&1
check "resubmitted: the item waits at the town's level again" \
    test "$(db_sql "$DB" "SELECT v.review_level FROM data_value v JOIN org_unit o ON o.id = v.unit_id JOIN element e ON e.id = v.element_id WHERE o.code = '$TOWN' AND v.year = 2024 AND e.code = 'caregivers'")" = 1

# The page: the district's reviewer locks what the town passed on.
curl -s -b "$T/reviewer.jar" "$B/review" >"$T/r2.html"
check "the district's reviewer now lists the two passed on" grep -q '2 项待第 2 级“区业务科室审核”' "$T/r2.html"
check "page: the district's reviewer approves (200)" sh -c "
    curl -s -o '$T/p.html' -w '%{http_code}' -b '$T/reviewer.jar' --data-urlencode csrf=\$(cat '$T/reviewer.csrf') \
        --data-urlencode action=approve --data-urlencode unit=$TOWN --data-urlencode year=2024 '$B/review' | grep -qx 200"
check "… the two locked, the resubmitted one still at the town's level" test "$(states)" = "approved submitted "

# The command line acts as an admin: one level per call.
"$PLANMON" approve --db "$DB" --unit $TOWN --year 2024 --as admin >"$T/a1.out" 2>&1
check "CLI approve: one level on (exit 0)" test $? = 0
check "… the item now at level 2" test "$(states)$(level_of)" = "approved submitted 0,2"
"$PLANMON" approve --db "$DB" --unit $TOWN --year 2024 --as admin >/dev/null 2>&1
check "CLI approve again: all approved" test "$(states)" = "approved "
"$PLANMON" approve --db "$DB" --unit $TOWN --year 2024 --as admin >/dev/null 2>&1
check "nothing left to approve: exit 1" test $? = 1

"$PLANMON" review-levels --db "$DB" --clear >"$T/l5.out"
check "--clear: one level again" grep -q 一级审核 "$T/l5.out"
finish
