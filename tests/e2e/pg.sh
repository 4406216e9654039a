#!/bin/sh
# The PostgreSQL backend against the SQLite one: on a throwaway cluster
# (tests/pg_cluster.sh), init → units → targets → two imports → submit →
# approve → status, export and history give byte-for-byte what the same commands give on a
# SQLite file. Bad input: a wrong password and an unreachable server exit 2
# naming what failed; a failed import leaves nothing; the history refuses
# to be rewritten; a newer schema is refused; a connection lost in the
# middle of an import leaves nothing of it. (tests/e2e/pg_demo.sh compares
# the demo and the rest of the store on both backends.)
# No PostgreSQL server binaries is a FAIL (scripts/deps.sh installs them).
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pg_cluster.sh"

pg_cluster_or_fail
D=tests/data/units
PG=$(pg_database planmon_test)
LITE=$T/lite.db
export PLANMON_PASSWORD=pg-test-password-1 PLANMON_NOW=2025-03-20T02:00:00Z

# The figures: the demo's for the units of units.csv, plus comments that
# COPY must escape (backslash, tab, quote, comma).
"$PLANMON" demo --db "$T/demo.db" >/dev/null 2>&1
"$PLANMON" export --db "$T/demo.db" --what values --format csv --encoding utf-8 -o "$T/all.csv"
check "the demo's figures exported" test -s "$T/all.csv"
units=$(sed 1d "$D/units.csv" | cut -d, -f1 | tr '\n' '|')
# (the first volunteers row gets the comment; tab is a real tab; the others a plain
# one, so that the demo's few jumps are explained and submit goes through)
awk -F, -v units="|$units" -v note="\"含\\\\反斜杠、\t制表符、\"\"引号\"\",逗号\"" '
    NR == 1 { print "unit,year,item,value,comment"; next }
    index(units, "|" $1 "|") { c = $5 == "" ? "历年数据补录" : $5; if ($3 == "volunteers" && !done) { c = note; done = 1 }
                               print $1 "," $2 "," $3 "," $4 "," c }' "$T/all.csv" >"$T/values.csv"
check "the figures to import: many rows" test "$(wc -l <"$T/values.csv")" -gt 100
# A second import that changes some figures (history rows with old values).
awk -F, 'NR == 1 || (!/"/ && ($3 == "volunteers" || $3 == "pop_resident")) { if (NR > 1) { $4 = $4 + 1; $5 = "" } print }' \
    OFS=, "$T/values.csv" >"$T/changes.csv"

# run NAME DB: the same commands on one database; outputs into $T/NAME.*
run() {
    "$PLANMON" init --db "$2" >"$T/$1.init" 2>&1 &&
        "$PLANMON" units import --db "$2" "$D/units.csv" >/dev/null 2>&1 &&
        "$PLANMON" targets import --db "$2" "$D/targets.csv" >/dev/null 2>&1 &&
        "$PLANMON" import --db "$2" "$T/values.csv" >"$T/$1.import" 2>&1 &&
        PLANMON_NOW=2025-03-21T02:00:00Z "$PLANMON" import --db "$2" "$T/changes.csv" >/dev/null 2>&1 &&
        "$PLANMON" submit --db "$2" --unit 110115 --year 2023 >"$T/$1.submit" 2>&1 &&
        "$PLANMON" approve --db "$2" --unit 110115002 --year 2023 >"$T/$1.approve" 2>&1 &&
        "$PLANMON" status --db "$2" --year 2024 >"$T/$1.status" 2>&1 &&
        "$PLANMON" status --db "$2" --unit 110115002 --format json >"$T/$1.status.json" 2>&1 &&
        "$PLANMON" export --db "$2" --what values --format csv -o "$T/$1.export.csv" 2>&1 &&
        "$PLANMON" export --db "$2" --what status --format csv -o "$T/$1.export-status.csv" 2>&1 &&
        "$PLANMON" history --db "$2" --format csv >"$T/$1.history.csv" 2>&1 &&
        "$PLANMON" history --db "$2" --unit 110115002 --item volunteers --format json >"$T/$1.history.json" 2>&1
}
run lite "$LITE"
check "SQLite: every command exits 0" test $? -eq 0
run pg "$PG"
check "PostgreSQL: every command exits 0" test $? -eq 0
check "PostgreSQL: init says what it made" grep -q '已创建数据库' "$T/pg.init"
for f in submit approve status status.json export.csv export-status.csv history.csv history.json; do
    check "same $f on both backends" cmp "$T/lite.$f" "$T/pg.$f"
done
check "history lists both imports" test "$(grep -c '2025-03-21' "$T/pg.history.csv")" -gt 5
check "the escaped comment came back whole" grep -q '含\\反斜杠' "$T/pg.export.csv"
check "exists now: init refuses a second time (2)" sh -c '"$1" init --db "$2" >/dev/null 2>&1; test $? -eq 2' sh \
    "$PLANMON" "$PG"

# ---- the web server on PostgreSQL: login, a page, a change seen, logout ----------------
serve_start "$PG"
J=$T/jar
check "serve on PostgreSQL: admin logs in (303)" web_login "$B" admin "$PLANMON_PASSWORD" "$J"
curl -s -b "$J" "$B/api/v1/status?unit=110115002&year=2024" >"$T/api1.json"
check "serve on PostgreSQL: the API answers for a logged-in user" grep -q '"indicators"' "$T/api1.json"
# A figure changed by another process (the CLI): the server's snapshot follows
# the change signal (LISTEN/NOTIFY), not a restart.
printf 'unit,year,item,value,comment\n110115002001,2024,volunteers,4321,增加\n' >"$T/one.csv"
PLANMON_NOW=2025-03-22T02:00:00Z "$PLANMON" import --db "$PG" "$T/one.csv" >/dev/null 2>&1
check "serve on PostgreSQL: a figure imported meanwhile" test $? -eq 0
curl -s -b "$J" "$B/api/v1/values?unit=110115002001&year=2024&item=volunteers" >"$T/api2.json"
check "serve on PostgreSQL: the new figure is read" grep -q '4321' "$T/api2.json"
# Another process's commit is evaluated in the background while requests
# are answered from the snapshot before it (app.c): the status follows
# within seconds, not necessarily at the very next request. What it must
# come to: the values the CLI judges now (the database read afresh).
# moved A B: the indicators whose value B changed from A's, "code=value" one a line.
moved() {
    python3 -c 'import json, sys
a, b = ({i["code"]: i["value"] for i in json.load(open(f))["indicators"]} for f in sys.argv[1:3])
print("\n".join("%s=%r" % (c, v) for c, v in sorted(b.items()) if a.get(c) != v))' "$1" "$2"
}
"$PLANMON" status --db "$PG" --unit 110115002 --year 2024 --format json >"$T/cli3.json"
moved "$T/api1.json" "$T/cli3.json" >"$T/moved"
check "serve on PostgreSQL: the import moved an indicator ($(tr '\n' ' ' <"$T/moved"))" test -s "$T/moved"
# status_follows: the server answers 200 with exactly those values moved.
status_follows() {
    test "$(curl -s -o "$T/api3.json" -w '%{http_code}' -b "$J" "$B/api/v1/status?unit=110115002&year=2024")" = 200 &&
        test "$(moved "$T/api1.json" "$T/api3.json")" = "$(cat "$T/moved")"
}
check "serve on PostgreSQL: the judged status follows the change" wait_until 15 status_follows
csrf=$(curl -s -b "$J" "$B/" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -s -o /dev/null -b "$J" --data-urlencode "csrf=$csrf" "$B/logout"
check "serve on PostgreSQL: after logout the session is gone (401)" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -b "$J" "$B/api/v1/me")" = 401
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
SRV=

# ---- a failed import leaves nothing -------------------------------------------------
"$PLANMON" export --db "$PG" --what values --format csv -o "$T/before.csv"
{ cat "$T/changes.csv"; echo "999999,2024,volunteers,1,"; } >"$T/bad.csv"
"$PLANMON" import --db "$PG" "$T/bad.csv" >/dev/null 2>"$T/bad.err"
check "import with an unknown unit: exit 2" test $? -eq 2
check "import with an unknown unit: names it" grep -q '999999' "$T/bad.err"
"$PLANMON" export --db "$PG" --what values --format csv -o "$T/after.csv"
check "import with an unknown unit: nothing written" cmp "$T/before.csv" "$T/after.csv"

# ---- the history is append-only in the database itself ------------------------------
_pg_psql planmon_test -c "UPDATE planmon.value_history SET new_value = 0" >/dev/null 2>"$T/upd.err"
check "UPDATE of the history refused" test $? -ne 0
check "UPDATE of the history: the trigger's message" grep -q '只能追加' "$T/upd.err"
_pg_psql planmon_test -c "DELETE FROM planmon.value_history" >/dev/null 2>&1
check "DELETE of the history refused" test $? -ne 0

# ---- connection failures: exit 2, a message naming what failed -----------------------
"$PLANMON" status --db "$(pg_url planmon_test pw_user wrong-password)" >"$T/pw.out" 2>"$T/pw.err"
check "wrong password: exit 2" test $? -eq 2
check "wrong password: says so" grep -q '用户名或密码错误' "$T/pw.err"
check "wrong password: the password is not shown" sh -c '! grep -q wrong-password "$1"' sh "$T/pw.err"
check "wrong password: nothing on stdout" test ! -s "$T/pw.out"
"$PLANMON" status --db "$(pg_url planmon_test pw_user right-password)" >/dev/null 2>&1
check "right password: status works" test $? -eq 0
"$PLANMON" init --db "postgresql:///x?host=$T/no-server" >"$T/down.out" 2>"$T/down.err"
check "unreachable server: exit 2" test $? -eq 2
check "unreachable server: says so" grep -q '无法连接 PostgreSQL 服务器' "$T/down.err"
"$PLANMON" status --db "$(pg_url no_such_db)" >/dev/null 2>"$T/nodb.err"
check "no such database: exit 2" test $? -eq 2
check "no such database: says so" grep -q '没有这个数据库' "$T/nodb.err"
"$PLANMON" status --db "$(pg_url no_such_db pw_user right-password)" >/dev/null 2>"$T/nodb-pw.err"
check "no such database, with a right password: not called a wrong password" grep -q '没有这个数据库' "$T/nodb-pw.err"

# ---- a lost connection in the middle of an import rolls it back ----------------------
# Another session holds a lock on the figures that lets readers in but no
# writer, so the import waits inside its transaction (its rows already copied
# into the temporary table, the figures about to be written); then the
# server ends the import's connection, as a crash or a network cut would.
"$PLANMON" export --db "$PG" --what values --format csv -o "$T/lost-before.csv"
awk -F, 'NR == 1 || ($3 == "volunteers" && $2 != 2023) { if (NR > 1) $4 = $4 + 7; print }' OFS=, "$T/values.csv" \
    >"$T/lost.csv"
check "lost connection: the figures locked against writers" pg_lock_figures planmon_test
PLANMON_NOW=2025-03-23T02:00:00Z "$PLANMON" import --db "$PG" "$T/lost.csv" >"$T/lost.out" 2>"$T/lost.err" &
IMPORT=$!
waiting=$(pg_waiting_pid planmon_test)
check "lost connection: the import waits inside its transaction" test -n "$waiting"
_pg_psql planmon_test -At -c "SELECT pg_terminate_backend($waiting)" >/dev/null 2>&1
wait "$IMPORT"
# (exit 2, as for a server that cannot be reached: the database, not the input)
check "lost connection: the import fails (2)" test $? -eq 2
check "lost connection: says the connection to the database was lost, in Chinese" \
    grep -q '与 PostgreSQL 数据库 .*的连接中断' "$T/lost.err"
check "lost connection: says nothing uncommitted was written" grep -q '尚未提交的修改均未写入' "$T/lost.err"
check "lost connection: the password-free address is named" grep -q 'planmon_test' "$T/lost.err"
pg_unlock_figures planmon_test
"$PLANMON" export --db "$PG" --what values --format csv -o "$T/lost-after.csv"
check "lost connection: nothing of the import was written" cmp "$T/lost-before.csv" "$T/lost-after.csv"
check "lost connection: no history row of it" sh -c '! "$1" history --db "$2" --format csv | grep -q 2025-03-23' sh \
    "$PLANMON" "$PG"

# ---- another writer in between: a fresh batch fails on the key, whole -------------------
# An import of a year's first figures (none stored when it read them) is one
# INSERT without ON CONFLICT (pg_values.c's fresh path): a figure another
# session stores after the import read the stored figures, under a key the
# import writes too, fails the whole batch, rather than being overwritten under
# a history row that names no old value. The other session takes the figures'
# EXCLUSIVE lock (readers in, writers out) and then waits on an advisory lock
# the test holds; the import reads, copies, and waits at its INSERT; the test
# lets the other session go, which stores its figure and commits; the import's
# INSERT then meets that key.
awk -F, 'NR == 1 || $2 == 2023 { if (NR > 1) $2 = 2025; print }' OFS=, "$T/values.csv" >"$T/fresh.csv"
race_unit=$(sed -n 2p "$T/fresh.csv" | cut -d, -f1)
race_item=$(sed -n 2p "$T/fresh.csv" | cut -d, -f3)
race_counts() {
    _pg_psql planmon_test -At -c "SELECT (SELECT count(*) FROM planmon.data_value WHERE year = 2025),
        (SELECT count(*) FROM planmon.value_history WHERE year = 2025)"
}
check "race: no figure of 2025 stored before" test "$(race_counts)" = "0|0"
_pg_psql planmon_test -c "SELECT pg_advisory_lock(4242); SELECT pg_sleep(120)" >/dev/null 2>&1 &
GATE=$!
gate_held() {
    [ -n "$(_pg_psql planmon_test -At -c "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242
        AND granted")" ]
}
wait_until 30 gate_held
_pg_psql planmon_test -c "BEGIN; LOCK TABLE planmon.data_value IN EXCLUSIVE MODE; SELECT pg_advisory_lock(4242);
    INSERT INTO planmon.data_value(element_id, unit_id, year, value) SELECT e.id, u.id, 2025, 1
    FROM planmon.element e, planmon.org_unit u WHERE e.code = '$race_item' AND u.code = '$race_unit'; COMMIT" \
    >"$T/race-other.out" 2>&1 &
OTHER=$!
check "race: the other writer holds the figures' lock" wait_until 30 _pg_figures_locked planmon_test ExclusiveLock
PLANMON_NOW=2025-03-24T02:00:00Z "$PLANMON" import --db "$PG" "$T/fresh.csv" >"$T/race.out" 2>"$T/race.err" &
IMPORT=$!
check "race: the import waits at its write" test -n "$(pg_waiting_pid planmon_test)"
_pg_psql planmon_test -c "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = current_database()
    AND pid <> pg_backend_pid() AND query LIKE '%pg_advisory_lock(4242); SELECT pg_sleep%'" >/dev/null 2>&1
wait "$GATE" 2>/dev/null
wait "$OTHER"
check "race: the other writer's figure committed" test $? -eq 0
wait "$IMPORT"
race_rc=$?
check "race: the import fails ($race_rc)" test "$race_rc" -ne 0
check "race: saying the batch was not saved" grep -q '整批未保存' "$T/race.err"
check "race: only the other writer's figure of 2025, no history row" test "$(race_counts)" = "1|0"

# ---- a database of a newer schema -------------------------------------------------------
_pg_psql planmon_test -c "UPDATE planmon.meta SET value = '99' WHERE key = 'schema_version'" >/dev/null
"$PLANMON" status --db "$PG" >/dev/null 2>"$T/newer.err"
check "newer schema: refused with exit 2 (bad input, as a foreign schema)" test $? = 2
check "newer schema: says so" grep -q '数据库版本较新（第 99 版）' "$T/newer.err"
"$PLANMON" init --db "$PG" >/dev/null 2>"$T/newer-init.err"
check "newer schema: init refuses it, exit 2" test $? = 2
check "…saying why" grep -q '数据库版本较新（第 99 版）' "$T/newer-init.err"
"$PLANMON" serve --db "$PG" --listen 127.0.0.1:0 >/dev/null 2>"$T/newer-serve.err"
check "newer schema: serve refuses it, exit 2" test $? = 2

finish
