#!/bin/sh
# The PostgreSQL server going away under planmon (issue 16's bad input), on a
# throwaway cluster (tests/pg_cluster.sh) that this script stops and starts:
# - `planmon serve`'s connections ended by the server between requests
#   (pg_terminate_backend): the next request works, the server reconnects;
# - a write whose connection is ended mid-request: 503 store_unavailable,
#   nothing of it written; the request after it works;
# - a read whose connection is ended mid-request: answered on a new one;
# - the cluster stopped: the API answers 503 store_unavailable (JSON), pages
#   a Chinese 503 page, commands exit 2 saying the server cannot be reached,
#   the server keeps running; started again: the very next request works;
# - a schema `planmon` that is not planmon's (or damaged): exit 2, saying so.
# Row counts before and after show nothing half-written. (An import whose
# connection is ended mid-import: tests/e2e/pg.sh; killed: pg_import_kill.sh.)
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pg_cluster.sh"

pg_cluster_or_fail
DB=$(pg_database planmon_lost)
PW=lost-test-pw-1
# (db_sql of tests/lib.sh, on this script's own cluster)
PLANMON_TEST_BACKEND=postgresql
PLANMON_TEST_PGBIN=$PG_BIN
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "the database: demo" test $? -eq 0
"$PLANMON" token add admin lost --db "$DB" >"$T/admin.tok" 2>/dev/null
check "an API token" test -s "$T/admin.tok"

SRV=
cleanup() {
    [ -n "$SRV" ] && kill "$SRV" 2>/dev/null
    wait
    _pg_stop
    rm -rf "$T"
}
trap cleanup EXIT
serve_start "$DB"
JSON='Content-Type: application/json'
AUTH="Authorization: Bearer $(cat "$T/admin.tok")"

# api METHOD PATH [curl args…]: the status; the body in $T/body.
api() {
    _m=$1 _p=$2
    shift 2
    curl -s -o "$T/body" -w '%{http_code}' -X "$_m" -H "$AUTH" "$@" "$B$_p"
}
# put VALUE: writes the demo's first town's beds for 2024 through the API.
put() {
    api PUT /api/v1/values -H "$JSON" \
        --data-binary "{\"unit\":\"110115009\",\"year\":2024,\"item\":\"beds_elderly\",\"value\":$1}"
}
# shown: the value the API reads back for that figure.
shown() {
    api GET "/api/v1/values?unit=110115009&year=2024&item=beds_elderly" >/dev/null
    python3 -c 'import json, sys; v = json.load(open(sys.argv[1]))
rows = v["values"] if isinstance(v, dict) else v
print(rows[0]["value"] if rows else "none")' "$T/body" 2>/dev/null
}
# counts: the rows of the figures and their history (what a write adds to).
counts() {
    db_sql "$DB" "SELECT (SELECT count(*) FROM data_value), (SELECT count(*) FROM value_history),
                         (SELECT coalesce(sum(value), 0) FROM data_value)"
}
# end_server_sessions: ends every session of the database but this one.
# Waits (up to 5 s each) until the sessions are gone: "between requests"
# must be true when the next request comes, not only signalled.
end_server_sessions() {
    db_sql "$DB" "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity
                  WHERE datname = current_database() AND pid <> pg_backend_pid()"
}

# ---- connections ended between requests ------------------------------------------------
check "before: a write → 200" test "$(put 231)" = 200
check "before: read back" test "$(shown)" = 231
# A page too, so that the server holds an evaluation and pooled connections.
curl -s -o /dev/null -H "$AUTH" "$B/api/v1/status?unit=110115009"
ended=$(end_server_sessions)
check "the server's connections were ended ($ended)" test "${ended:-0}" -ge 2
check "between requests: the next read → 200" test "$(api GET /api/v1/me)" = 200
check "… a status → 200" test "$(api GET '/api/v1/status?unit=110115009')" = 200
check "… a write → 200" test "$(put 232)" = 200
check "… read back at once" test "$(shown)" = 232
end_server_sessions >/dev/null
check "ended again: a write first → 200" test "$(put 233)" = 200
check "… read back at once" test "$(shown)" = 233

# ---- a write whose connection is ended in the middle ---------------------------------------
# (tests/pg_cluster.sh: the figures locked, the waiting write's session found)
before=$(counts)
check "mid-request: the figures locked against writers" pg_lock_figures planmon_lost
put 240 >"$T/mid.code" &
PUT=$!
w=$(pg_waiting_pid planmon_lost)
check "mid-request: the write waits inside its transaction" test -n "$w"
db_sql "$DB" "SELECT pg_terminate_backend($w)" >/dev/null
wait $PUT
check "mid-request: 503" test "$(cat "$T/mid.code")" = 503
check "… error code store_unavailable" python3 -c 'import json, sys
sys.exit(json.load(open(sys.argv[1]))["error"]["code"] != "store_unavailable")' "$T/body"
check "… a Chinese message" grep -q '暂时无法访问数据库' "$T/body"
check "… the error log names the lost connection" grep -q '连接中断' "$T/serve.err"
pg_unlock_figures planmon_lost
check "… nothing of it written" test "$(counts)" = "$before"
check "… the figure as it was" test "$(shown)" = 233
check "after it: a write → 200" test "$(put 241)" = 200
check "… read back" test "$(shown)" = 241

# ---- a read whose session is ended in the middle: tried once more ----------------------
# The session ends while the read waits (an ACCESS EXCLUSIVE lock keeps
# readers out too); the server answers the read on a new session, which
# waits for the same lock, instead of answering 503.
check "mid-read: the figures locked against readers" pg_lock_figures planmon_lost 'ACCESS EXCLUSIVE'
api GET "/api/v1/values?unit=110115009&year=2024&item=beds_elderly" >"$T/read.code" &
GET=$!
w=$(pg_waiting_pid planmon_lost)
check "mid-read: the read waits inside its session" test -n "$w"
db_sql "$DB" "SELECT pg_terminate_backend($w)" >/dev/null
w2=$(pg_waiting_pid planmon_lost "$w")
check "… the server asks again on a new session (not $w)" test -n "$w2"
pg_unlock_figures planmon_lost
wait $GET
check "… the read → 200, not 503" test "$(cat "$T/read.code")" = 200
check "… with the figure" python3 -c 'import json, sys
v = json.load(open(sys.argv[1])); rows = v["values"] if isinstance(v, dict) else v
sys.exit(rows[0]["value"] != 241)' "$T/body"

# ---- the cluster stopped ---------------------------------------------------------------------
# A browser's session first, for the pages.
check "a browser logs in" web_login "$B" admin "$PW" "$T/jar"
check "a browser logs in: the overview → 200" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" "$B/")" = 200
before=$(counts)
_pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1
check "the cluster stopped" test ! -f "$PG_DIR/data/postmaster.pid"
check "stopped: the API → 503" test "$(api GET /api/v1/me)" = 503
check "… error code store_unavailable" python3 -c 'import json, sys
sys.exit(json.load(open(sys.argv[1]))["error"]["code"] != "store_unavailable")' "$T/body"
check "… a write → 503" test "$(put 250)" = 503
curl -s -D "$T/page.h" -o "$T/page.html" -b "$T/jar" "$B/" >/dev/null
check "… a page → 503" grep -q '^HTTP/1.1 503' "$T/page.h"
check "… a Chinese page" grep -q '暂时无法访问数据库' "$T/page.html"
check "… saying to try again later (Retry-After)" grep -qi '^Retry-After:' "$T/page.h"
"$PLANMON" status --db "$DB" >"$T/down.out" 2>"$T/down.err"
check "stopped: a command exits 2" test $? -eq 2
check "… saying the server cannot be reached" grep -q '无法连接 PostgreSQL 服务器' "$T/down.err"
printf 'unit,year,item,value,comment\n110115009,2024,volunteers,7,\n' >"$T/imp.csv"
"$PLANMON" import --db "$DB" "$T/imp.csv" >/dev/null 2>"$T/down-imp.err"
check "… an import exits 2" test $? -eq 2
check "the server still runs" kill -0 "$SRV"

# ---- started again ---------------------------------------------------------------------------
_pg_start
check "the cluster started again" test -f "$PG_DIR/data/postmaster.pid"
check "nothing of the refused writes was written" test "$(counts)" = "$before"
check "started: the very next request → 200" test "$(api GET /api/v1/me)" = 200
check "… a write → 200" test "$(put 251)" = 200
check "… read back at once" test "$(shown)" = 251
check "… the browser's page → 200 (its session kept)" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" "$B/")" = 200
"$PLANMON" status --db "$DB" >/dev/null 2>&1
check "… a command works" test $? -eq 0
kill "$SRV"
wait "$SRV"
check "the server ends cleanly (no leak, no crash)" test $? -eq 0
SRV=

# ---- a schema planmon that is not planmon's --------------------------------------------------
OTHER=$(pg_database planmon_other)
_pg_psql planmon_other -c "CREATE SCHEMA planmon; CREATE TABLE planmon.orders (id int)" >/dev/null
"$PLANMON" status --db "$OTHER" >"$T/other.out" 2>"$T/other.err"
check "a foreign schema planmon: exit 2" test $? -eq 2
check "… saying it is not planmon's, in Chinese" grep -q '不是 planmon 的数据' "$T/other.err"
check "… no English from the server" sh -c '! grep -q "does not exist" "$1"' sh "$T/other.err"
"$PLANMON" init --db "$OTHER" >/dev/null 2>"$T/other-init.err"
check "… init refuses it too (exit 2)" test $? -eq 2
_pg_psql planmon_other -c "CREATE TABLE planmon.meta (key text PRIMARY KEY, value text NOT NULL)" >/dev/null
"$PLANMON" status --db "$OTHER" >/dev/null 2>"$T/damaged.err"
check "a schema planmon without a version: exit 2" test $? -eq 2
check "… saying it is damaged" grep -q '已损坏' "$T/damaged.err"
_pg_psql planmon_other -c "INSERT INTO planmon.meta VALUES ('schema_version', 'x1')" >/dev/null
"$PLANMON" status --db "$OTHER" >/dev/null 2>"$T/damaged2.err"
check "… a version that is not a number: exit 2" test $? -eq 2
check "… saying it is damaged" grep -q '已损坏' "$T/damaged2.err"
# demo --force replaces whatever is there, as it replaces a file that is no
# SQLite database (status.sh): the user named this database and --force.
"$PLANMON" demo --force --db "$OTHER" >/dev/null 2>"$T/other-demo.err"
check "demo --force replaces a schema planmon that is not planmon's ($(head -c 200 "$T/other-demo.err"))" test $? -eq 0
check "… a planmon database again" "$PLANMON" status --db "$OTHER"

finish
