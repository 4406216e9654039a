#!/bin/sh
# Collection rounds (填报任务, issue 14) on the demo: a 2024 round of two
# town items due 2025-03-31; three towns report before the deadline, two
# after it, one saves a draft only, the other sixteen do nothing. The
# CLI's status, its overdue list (also as XLSX), reminders, the
# timeliness rate, the round page and the reporter's 待办 show exactly
# that. Submission times are set with PLANMON_NOW (store/sqlite_conn.h).
. "$(dirname "$0")/../lib.sh"
DB=$(test_db rounds)
PW=e2e-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >"$T/demo.out" 2>&1
check "demo" db_made "$DB"
rounds0=$("$PLANMON" round list --db "$DB" --format csv | wc -l)

# Refusals name the field and write nothing.
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-02-30 >"$T/o.out" 2>"$T/o.err"
check "an impossible deadline → exit 2" test $? = 2
check "…naming --deadline" grep -q -- '--deadline' "$T/o.err"
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2027-03-31 >"$T/o.out" 2>"$T/o.err"
check "a deadline outside the year → exit 2" test $? = 2
check "…naming deadline" grep -q 'deadline：截止日期 2027-03-31 不在 2024 年或其次年内' "$T/o.err"
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --items beds_elderly,nope >"$T/o.out" 2>"$T/o.err"
check "an unknown item → exit 2" test $? = 2
check "…naming items and the code" grep -q 'items：“nope”不是本规划的数据项' "$T/o.err"
# A full-width comma separates codes too, and only as a whole: "（" shares
# two of its three bytes, and a code containing one stays in one piece.
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --items "beds_elderly，新（试）" >"$T/o.out" 2>"$T/o.err"
check "an unknown item after a full-width comma → exit 2" test $? = 2
check "…naming the whole code with its brackets" grep -q 'items：“新（试）”不是本规划的数据项' "$T/o.err"
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --items I02 >"$T/o.out" 2>"$T/o.err"
check "an item towns do not report → exit 2" test $? = 2
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --items , >"$T/o.out" 2>"$T/o.err"
check "no items → exit 2" test $? = 2
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --units 110115009,nope >"$T/o.out" 2>"$T/o.err"
check "an unknown unit → exit 2" test $? = 2
check "…naming units and the code" grep -q 'units：“nope”不是本数据库的组织机构' "$T/o.err"
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --units "110115009，，110115009（旧）," >"$T/o.out" 2>"$T/o.err"
check "an unknown unit after full-width commas → exit 2" test $? = 2
check "…naming the whole code with its brackets" grep -q 'units：“110115009（旧）”不是本数据库的组织机构' "$T/o.err"
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --units 110115009001 >"$T/o.out" 2>"$T/o.err"
check "a community in a round of towns → exit 2" test $? = 2
check "…naming the unit and its level" grep -q 'units：单位“110115009001”是第 2 级单位' "$T/o.err"
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --units 110115009,110115009 >"$T/o.out" 2>"$T/o.err"
check "a unit named twice → exit 2" test $? = 2
check "…naming it" grep -q 'units：单位“110115009”重复' "$T/o.err"
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --units , >"$T/o.out" 2>"$T/o.err"
check "no units → exit 2" test $? = 2
check "…nothing was written" test "$("$PLANMON" round list --db "$DB" --format csv | wc -l)" = "$rounds0"

"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 \
    --items beds_elderly,caregivers --as planner >"$T/open.out" 2>&1
check "a round is opened" test $? = 0
check "…of every town by default" grep -q '22 个报送单位' "$T/open.out"
R=$(sed -n 's/^已创建填报任务 \([0-9]*\)：.*/\1/p' "$T/open.out")
check "…its number said" test -n "$R"
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --items beds_elderly,caregivers \
    --units 110115015,110115009 --title 两个单位的任务 --as planner >"$T/open2.out" 2>&1
check "a round of two towns is opened" grep -q '2 个报送单位' "$T/open2.out"
R2=$(sed -n 's/^已创建填报任务 \([0-9]*\)：.*/\1/p' "$T/open2.out")
# No round has this number: PostgreSQL's sequence also spends the numbers of
# the refused opens above, so a small literal may well be a round.
NONE=$((R2 + 1000))
last_of() {
    "$PLANMON" export --db "$DB" --format csv --encoding utf-8 --year 2023 --unit "$1" |
        awk -F, -v i="$2" '$3 == i { print $4 }'
}
# report UNIT TIME: the town enters its 2023 figures for 2024 and submits them at TIME.
report() {
    printf 'unit,year,item,value\n%s,2024,beds_elderly,%s\n%s,2024,caregivers,%s\n' \
        "$1" "$(last_of "$1" beds_elderly)" "$1" "$(last_of "$1" caregivers)" >"$T/in.csv"
    PLANMON_NOW=$2 "$PLANMON" import --db "$DB" "$T/in.csv" >/dev/null 2>&1 &&
        PLANMON_NOW=$2 "$PLANMON" submit --db "$DB" --unit "$1" --year 2024 >/dev/null 2>&1
}
for u in 110115009 110115010 110115011; do
    check "$u reports on 2025-03-20" report $u 2025-03-20T02:00:00Z
done
# 15:59:59 UTC is 23:59:59 in Beijing: still on time. 16:00 is the next day.
check "110115012 reports a second before the end of the day" report 110115012 2025-03-31T15:59:59Z
for u in 110115013 110115014; do
    check "$u reports on 2025-04-03" report $u 2025-04-03T01:00:00Z
done
printf 'unit,year,item,value\n110115015,2024,beds_elderly,%s\n' "$(last_of 110115015 beds_elderly)" >"$T/d.csv"
check "110115015 saves a draft only" "$PLANMON" import --db "$DB" "$T/d.csv"

"$PLANMON" round status "$R" --db "$DB" --format json >"$T/s.json"
check "status as JSON" test -s "$T/s.json"
python3 - "$T/s.json" >"$T/py.out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s, units = d["summary"], {u["unit"]: u for u in d["units"]}
assert s["units"] == 22, s
assert (s["reported"], s["on_time"], s["not_reported"], s["late"]) == (6, 4, 16, 18), s
assert abs(s["timeliness"] - 4 / 22) < 1e-12 and abs(s["completeness"] - 6 / 22) < 1e-12, s
for u in ("110115009", "110115010", "110115011", "110115012"):
    assert units[u]["on_time"] and not units[u]["late"] and units[u]["state"] == "submitted", units[u]
    assert units[u]["state_label"] == "已提交", units[u]
assert units["110115012"]["reported_local"] == "2025-03-31 23:59", units["110115012"]
for u in ("110115013", "110115014"):
    assert units[u]["late"] and not units[u]["on_time"] and units[u]["state_label"] == "已提交（逾期报送）", units[u]
    assert units[u]["reported_local"] == "2025-04-03 09:00", units[u]
assert units["110115015"]["state"] == "draft" and units["110115015"]["state_label"] == "填报中（逾期未报）"
assert units["110115001"]["state"] == "not_started" and units["110115001"]["late"]
print("ok")
PY
check "three on time by the 20th, one at 23:59 on the deadline, two late, one draft, sixteen not started" grep -qx ok "$T/py.out"
"$PLANMON" round status "$R" --db "$DB" >"$T/s.txt"
check "the table says the timeliness rate" grep -q '按时报送率 18.2%' "$T/s.txt"
"$PLANMON" round status "$R" --db "$DB" --overdue --format csv >"$T/over.csv"
check "the overdue list has the 16 units not reported" test "$(tail -n +2 "$T/over.csv" | wc -l)" = 16
check "…not those that reported late" sh -c "! grep -q 110115013 '$T/over.csv'"
check "…with the draft" grep -q '^110115015,' "$T/over.csv"
check "…and each unit's contact and phone" grep -q "采育镇联络员（示例）,010-6924" "$T/over.csv"
check "the overdue list as XLSX" "$PLANMON" round status "$R" --db "$DB" --overdue --format xlsx -o "$T/over.xlsx"
check "…is a zip" sh -c "head -c 2 '$T/over.xlsx' | grep -q PK"

"$PLANMON" round remind "$R" --db "$DB" --as reviewer >"$T/r.out" 2>&1
check "remind reaches the 16 units not reported" grep -q '已向 16 个单位催报' "$T/r.out"
"$PLANMON" round remind "$R" --db "$DB" --unit 110115015 --as reviewer >/dev/null 2>&1
"$PLANMON" round status "$R" --db "$DB" --format json >"$T/s2.json"
check "reminders are counted per unit" python3 -c "
import json, sys
u = {x['unit']: x for x in json.load(open('$T/s2.json'))['units']}
assert u['110115015']['reminders'] == 2 and u['110115001']['reminders'] == 1 and u['110115009']['reminders'] == 0
"
"$PLANMON" round status "$R2" --db "$DB" --format json >"$T/s3.json"
check "the round of two towns judges those two only" python3 -c "
import json
d = json.load(open('$T/s3.json'))
s, u = d['summary'], [x['unit'] for x in d['units']]
assert u == ['110115009', '110115015'] and s['units'] == 2, (u, s)
assert (s['on_time'], s['not_reported']) == (1, 1) and abs(s['timeliness'] - 0.5) < 1e-12, s"
"$PLANMON" round remind "$NONE" --db "$DB" >/dev/null 2>"$T/r.err"
check "remind of an unknown round → exit 2" test $? = 2

"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
check "server starts" test -n "$PORT"
B=http://127.0.0.1:$PORT
login() {
    rm -f "$2"
    curl -s -c "$2" -b "$2" "$B/login" >"$T/login.html"
    curl -s -o /dev/null -c "$2" -b "$2" --data-urlencode "csrf=$(csrf_of "$T/login.html")" \
        --data-urlencode "name=$1" --data-urlencode "password=$PW" "$B/login"
}
login reviewer "$T/v.jar"
login reporter "$T/p.jar"
check "the round page → 200" test "$(curl -s -o "$T/round.html" -w '%{http_code}' -b "$T/v.jar" "$B/rounds/$R")" = 200
check "…says the timeliness rate" grep -q '按时报送率 18.2%' "$T/round.html"
check "…marks the late ones" grep -q '已提交（逾期报送）' "$T/round.html"
curl -s -o "$T/api.json" -b "$T/v.jar" "$B/api/v1/rounds/$R"
check "the API gives the same summary as the CLI" python3 -c "
import json
a, c = json.load(open('$T/api.json')), json.load(open('$T/s2.json'))
assert a['summary'] == c['summary'] and len(a['units']) == 22, a['summary']"
check "the API: an unknown round → 404" test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/v.jar" "$B/api/v1/rounds/$NONE")" = 404
check "the API: anonymous → 401" test "$(curl -s -o /dev/null -w '%{http_code}' "$B/api/v1/rounds/$R")" = 401
check "an unknown round → 404" test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/v.jar" "$B/rounds/$NONE")" = 404
check "the overdue XLSX over HTTP" test "$(curl -s -o "$T/o.xlsx" -w '%{http_code}' -b "$T/v.jar" "$B/rounds/$R/overdue.xlsx")" = 200
# 黄村镇 (the demo reporter's town) reported: no 待办. Point the reporter at
# a town that has not (user's unit changed in the database, as an admin would).
curl -s -o "$T/e1.html" -b "$T/p.jar" "$B/entry?unit=110115009&year=2024"
check "a town that reported has no 待办" sh -c "! grep -q 'class=\"todo\"' '$T/e1.html'"
check "a reporter may not remind → 403" test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/p.jar" \
    --data-urlencode "csrf=$(csrf_of "$T/e1.html")" "$B/rounds/$R/remind")" = 403
curl -s -o "$T/e2.html" -b "$T/v.jar" "$B/entry?unit=110115015&year=2024"
check "a town not reported shows its 待办 with the reminders" \
    sh -c "sed 's/<[^>]*>//g' '$T/e2.html' | grep -q '待办填报任务“2024年年度数据填报”：采育镇尚未报送（已填 1/2 项），已于 2025-03-31 截止（已逾期），已被催报 2 次。'"
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
SRV=

# A database of version 14 (before round_unit): the migration gives its
# rounds the units of their level, what they counted until then. (What
# 15 to 21 made is dropped: round_unit, the data generation, an index,
# the packed blocks, the e-mail columns, the batches of history.)
"$PLANMON" round status "$R" --db "$DB" --format json >"$T/before.json"
if on_postgresql; then
    # Version 14 on PostgreSQL is also without 16's data generation (its
    # tables, and its functions with the triggers that call them).
    db_sql "$DB" "$PG_UNDO_21 $PG_UNDO_18 DROP TABLE round_unit; DROP TABLE data_gen_pending, data_gen CASCADE;
                  DROP INDEX data_value_state; ALTER TABLE unit_contact DROP COLUMN email;
                  ALTER TABLE round_reminder DROP COLUMN outcome; ALTER TABLE round_reminder DROP COLUMN detail;
                  DROP FUNCTION pm_data_written() CASCADE; DROP FUNCTION pm_data_commit() CASCADE;
                  UPDATE meta SET value = '14' WHERE key = 'schema_version'"
else
    # (and SQLite's 19: the figures' packed blocks)
    db_sql "$DB" "$SQLITE_UNDO_21 DROP TABLE round_unit; DROP INDEX data_value_state; DROP TABLE value_block;
                  DROP TABLE value_block_meta; ALTER TABLE unit_contact DROP COLUMN email;
                  ALTER TABLE round_reminder DROP COLUMN outcome; ALTER TABLE round_reminder DROP COLUMN detail;
                  PRAGMA user_version = 14"
fi
# Any command that may write upgrades it (this one then refuses its input).
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --items nope >/dev/null 2>&1
check "the database is sound (migrated from version 14)" "$PLANMON" check --db "$DB"
check "…round_unit is back" test "$(db_sql "$DB" "SELECT count(*) FROM round_unit WHERE round_id = $R")" = 22
"$PLANMON" round status "$R" --db "$DB" --format json >"$T/after.json"
check "…and the round counts as before" python3 -c "
import json
a, b = json.load(open('$T/before.json')), json.load(open('$T/after.json'))
# (the e-mail addresses came with 18: none at 14, and none after)
for u in a['units'] + b['units']: u.pop('email')
assert a['summary'] == b['summary'] and a['units'] == b['units'], b['summary']"
finish
