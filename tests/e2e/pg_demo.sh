#!/bin/sh
# The whole store on PostgreSQL against SQLite: `planmon demo` on a SQLite
# file and on a throwaway PostgreSQL cluster (tests/pg_cluster.sh), then the
# same commands on both must print the same bytes: status (with the towns'
# groups), export, history, the report, tasks and projects, departments,
# narratives, collection rounds and reminders, review levels with a figure
# moved through both levels, a task's progress update. What records the
# real clock (task updates, narratives: as on SQLite) is compared with its
# times masked. Then what only PostgreSQL answers differently: check runs
# its consistency queries, backup and restore are refused naming pg_dump,
# API tokens are listed and revoked, an attachment comes back byte for byte.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pg_cluster.sh"

pg_cluster_or_fail
PG=$(pg_database planmon_demo)
LITE=$T/demo.db
PW=pg-demo-pass-1
export PLANMON_NOW=2025-03-20T02:00:00Z PLANMON_DEMO_PASSWORD=$PW

"$PLANMON" demo --db "$LITE" >"$T/lite.demo" 2>&1
check "SQLite: demo" test $? -eq 0
"$PLANMON" demo --db "$PG" >"$T/pg.demo" 2>"$T/pg.demo.err"
check "PostgreSQL: demo" test $? -eq 0
check "PostgreSQL: demo prints no server notices" test ! -s "$T/pg.demo.err"

# masked FILE: the file with every real-clock time replaced.
# Times of writes differ between the runs: the stored UTC form (JSON, CSV)
# and the bureau's local form the command line's tables show.
masked() {
    sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z/TIME/g' \
        -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}/TIME/g' "$1"
}

# Figures of 2024 that the demo leaves empty, for the review levels.
printf 'unit,year,item,value,comment\n110115009,2024,beds_elderly,230,\n110115009001,2024,volunteers,1200,说明\n' \
    >"$T/y2024.csv"

# run NAME DB: the same commands on one database; outputs into $T/NAME.*
run() {
    n=$1 db=$2
    "$PLANMON" status --db "$db" >"$T/$n.status" 2>&1
    "$PLANMON" status --db "$db" --unit 110115009 --format json >"$T/$n.status-town.json" 2>&1
    "$PLANMON" export --db "$db" --what values --format csv -o "$T/$n.export.csv" 2>&1
    "$PLANMON" export --db "$db" --what status --format csv -o "$T/$n.export-status.csv" 2>&1
    "$PLANMON" history --db "$db" --format csv >"$T/$n.history.csv" 2>&1
    "$PLANMON" report --db "$db" --format md -o "$T/$n.report.md" >/dev/null 2>&1
    "$PLANMON" task list --db "$db" >"$T/$n.tasks" 2>&1
    "$PLANMON" task list --db "$db" --format json >"$T/$n.tasks.json" 2>&1
    "$PLANMON" project list --db "$db" >"$T/$n.projects" 2>&1
    "$PLANMON" dept list --db "$db" >"$T/$n.depts" 2>&1
    "$PLANMON" narrative list --db "$db" >"$T/$n.narratives" 2>&1
    "$PLANMON" plan list --db "$db" >"$T/$n.plans" 2>&1
    "$PLANMON" judgments --db "$db" >"$T/$n.judgments" 2>&1
    # review levels: a town's new figures pass the town level, then the district's
    "$PLANMON" review-levels 街镇审核:1 区业务科室审核:0 --db "$db" >"$T/$n.levels" 2>&1
    "$PLANMON" import --db "$db" "$T/y2024.csv" >/dev/null 2>&1
    "$PLANMON" submit --db "$db" --unit 110115009 --year 2024 >"$T/$n.submit" 2>&1
    "$PLANMON" approve --db "$db" --unit 110115009 --year 2024 >"$T/$n.approve1" 2>&1
    "$PLANMON" export --db "$db" --what values --format json --unit 110115009 --year 2024 >"$T/$n.level1.json" 2>&1
    "$PLANMON" approve --db "$db" --unit 110115009 --year 2024 >"$T/$n.approve2" 2>&1
    "$PLANMON" history --db "$db" --unit 110115009 --year 2024 --format csv >"$T/$n.levels.history" 2>&1
    # a task's progress, a narrative, a collection round
    "$PLANMON" task update RW01 --period 2024 --state lagging --percent 45 --text 进度偏慢 --db "$db" >"$T/$n.update" 2>&1
    "$PLANMON" task approve 47 --db "$db" >"$T/$n.update-approve" 2>&1
    "$PLANMON" task show RW01 --db "$db" >"$T/$n.task-show.raw" 2>&1
    masked "$T/$n.task-show.raw" >"$T/$n.task-show"
    "$PLANMON" narrative set 成效明显 --year 2024 --scope plan --kind achievements --db "$db" >"$T/$n.nset" 2>&1
    "$PLANMON" narrative history --db "$db" --year 2024 >"$T/$n.nhist.raw" 2>&1
    masked "$T/$n.nhist.raw" >"$T/$n.nhist"
    "$PLANMON" round open --year 2024 --deadline 2025-04-30 --title 2024年度填报 --db "$db" >"$T/$n.round" 2>&1
    "$PLANMON" round remind 1 --db "$db" >"$T/$n.remind" 2>&1
    "$PLANMON" round list --db "$db" >"$T/$n.rounds" 2>&1
    "$PLANMON" round status 1 --db "$db" --format csv >"$T/$n.round-status" 2>&1
    "$PLANMON" plan continue 1 - --db "$db" >"$T/$n.continue" 2>&1
}
run lite "$LITE"
run pg "$PG"
for f in status status-town.json export.csv export-status.csv history.csv report.md tasks tasks.json projects \
    depts narratives plans judgments levels submit approve1 level1.json approve2 levels.history update \
    update-approve task-show nset nhist round remind rounds round-status continue; do
    check "same $f on both backends" cmp "$T/lite.$f" "$T/pg.$f"
done
check "the towns' groups reach the judgment (No. 27 of a street reads 不适用)" \
    sh -c '"$1" status --db "$2" --unit 110115001 | grep -q 不适用' sh "$PLANMON" "$PG"
check "review levels: the town's approval leaves the figures submitted, for the district" \
    sh -c 'grep -q "\"submitted\"" "$1" && ! grep -q "\"approved\"" "$1"' sh "$T/pg.level1.json"
check "review levels: the town's pass is in the history" test "$(grep -c ',submitted,submitted,' "$T/pg.levels.history")" -eq 2
check "review levels: the district's approval locks them" test "$(grep -c ',submitted,approved,' "$T/pg.levels.history")" -eq 2
check "a task's update: recorded and judged" grep -q '进度偏慢' "$T/pg.task-show"
check "the round lists its reminders" grep -q '催报' "$T/pg.remind"
check "the report has the tasks' section" grep -q '重点任务' "$T/pg.report.md"

# ---- what PostgreSQL answers in its own way -------------------------------------------
"$PLANMON" check --db "$PG" >"$T/check.out" 2>&1
check "check on PostgreSQL passes" test $? -eq 0
_pg_psql planmon_demo -c "ALTER TABLE planmon.value_history DISABLE TRIGGER value_history_no_change" >/dev/null
"$PLANMON" check --db "$PG" >/dev/null 2>"$T/check-bad.err"
check "check on PostgreSQL: a disabled append-only trigger fails it" test $? -ne 0
check "…naming the trigger" grep -q 'value_history_no_change' "$T/check-bad.err"
_pg_psql planmon_demo -c "ALTER TABLE planmon.value_history ENABLE TRIGGER value_history_no_change" >/dev/null
_pg_psql planmon_demo -c "ALTER TABLE planmon.value_history DISABLE TRIGGER USER;
    UPDATE planmon.value_history SET new_value = new_value + 1 WHERE id = (SELECT max(id) FROM planmon.value_history);
    ALTER TABLE planmon.value_history ENABLE TRIGGER USER" >/dev/null
"$PLANMON" check --db "$PG" >/dev/null 2>"$T/check-chain.err"
check "check on PostgreSQL: a rewritten history row breaks the chain" grep -q '修改记录检查未通过' "$T/check-chain.err"
"$PLANMON" backup "$T/pg-backup.db" --db "$PG" >/dev/null 2>"$T/backup.err"
check "backup on PostgreSQL: refused" test $? -ne 0
check "backup on PostgreSQL: names pg_dump" grep -q 'pg_dump' "$T/backup.err"
check "backup on PostgreSQL: no file left" test ! -e "$T/pg-backup.db"
"$PLANMON" restore "$LITE" --db "$PG" >/dev/null 2>"$T/restore.err"
check "restore on PostgreSQL: refused, naming pg_restore" grep -q 'pg_restore' "$T/restore.err"

"$PLANMON" token add planner 脚本 --db "$PG" >"$T/token.out" 2>&1
check "token add on PostgreSQL" test $? -eq 0
"$PLANMON" token list --db "$PG" --format csv >"$T/tokens.csv" 2>&1
check "token list on PostgreSQL names it" grep -q '脚本' "$T/tokens.csv"
ID=$(sed -n '2s/,.*//p' "$T/tokens.csv")
"$PLANMON" token revoke "$ID" --db "$PG" >/dev/null 2>&1
check "token revoke on PostgreSQL" test $? -eq 0
"$PLANMON" token list --db "$PG" --format csv >"$T/tokens2.csv" 2>&1
check "…and it is gone" sh -c '! grep -q 脚本 "$1"' sh "$T/tokens2.csv"

# An attachment through the web server: stored as bytea, read back whole.
"$PLANMON" serve --db "$PG" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SERVER=$!
PORT=$(port_of "$T/serve.out")
check "serve on PostgreSQL: listening" test -n "$PORT"
B=http://127.0.0.1:$PORT
curl -s -c "$T/jar" -b "$T/jar" "$B/login" >"$T/login.html"
curl -s -o /dev/null -c "$T/jar" -b "$T/jar" --data-urlencode "csrf=$(csrf_of "$T/login.html")" \
    --data-urlencode "name=reporter" --data-urlencode "password=$PW" "$B/login"
curl -s -o "$T/e.html" -b "$T/jar" "$B/entry?unit=110115009&year=2024"
python3 -c "import sys; open(sys.argv[1], 'wb').write(b'%PDF-1.4\n' + bytes(range(256)) + b'\n%%EOF\n')" "$T/scan.pdf"
check "an attachment uploads (303)" test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" \
    -F "csrf=$(csrf_of "$T/e.html")" -F "kind=scan" -F "file=@$T/scan.pdf;filename=报表.pdf" \
    "$B/entry/attach?unit=110115009&year=2024")" = 303
# The very next page shows it: the upload's request waited, after its
# commit, for a snapshot of the data generation it made (app.c, settle),
# read from the database, not from the change signal's notification.
curl -s -o "$T/e2.html" -b "$T/jar" "$B/entry?unit=110115009&year=2024"
AID=$(sed -n 's/.*href="\/attachments\/\([0-9]*\)">报表.pdf.*/\1/p' "$T/e2.html" | head -n 1)
check "the entry page lists it" test -n "$AID"
curl -s -o "$T/down.pdf" -b "$T/jar" "$B/attachments/$AID"
check "it comes back byte for byte (every byte value)" cmp "$T/scan.pdf" "$T/down.pdf"
kill "$SERVER" 2>/dev/null
wait "$SERVER" 2>/dev/null

finish
