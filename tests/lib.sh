# Shared by the end-to-end scripts: a scratch dir, checks that count, a summary.
# Usage: . tests/lib.sh; check "what" command...; finish
: "${PLANMON:?PLANMON must point at the planmon binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/planmon-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
_pass=0
_fail=0
check() {
    _what=$1
    shift
    if "$@" >/dev/null 2>&1; then
        _pass=$((_pass + 1))
    else
        _fail=$((_fail + 1))
        echo "FAIL: $_what"
    fi
}
finish() {
    _on=
    [ "${PLANMON_TEST_BACKEND:-sqlite}" = postgresql ] && _on=" (PostgreSQL)"
    echo "$(basename "$0")$_on: $_pass checks passed, $_fail failed"
    [ "$_fail" -eq 0 ]
}
# port_of FILE: the port `planmon serve --listen 127.0.0.1:0` prints into
# FILE, waiting up to 15 s for the line; prints nothing if it never came.
port_of() {
    _i=0
    _p=
    while [ $_i -lt 150 ] && [ -z "$_p" ]; do
        _p=$(sed -n 's#.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$1" 2>/dev/null)
        [ -n "$_p" ] || sleep 0.1
        _i=$((_i + 1))
    done
    printf '%s' "$_p"
}
# csrf_of FILE: the CSRF token of the first form in a saved page.
csrf_of() {
    sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -n 1
}
# web_login URL NAME PASSWORD JAR: logs NAME in at the server URL
# (http://127.0.0.1:PORT) through the login form; its session cookie in JAR.
# Succeeds only if the login answered 303 (a refused one answers the form
# again, 200 or 4xx): check "… logs in" web_login ….
web_login() {
    rm -f "$4"
    curl -s -c "$4" -b "$4" "$1/login" >"$4.html" || return 1
    test "$(curl -s -o /dev/null -w '%{http_code}' -c "$4" -b "$4" --data-urlencode "csrf=$(csrf_of "$4.html")" \
        --data-urlencode "name=$2" --data-urlencode "password=$3" "$1/login")" = 303
}
# serve_start DB [ARGS...]: `planmon serve --db DB ARGS` in the background on
# a free loopback port, its output in $T/serve.out and $T/serve.err; sets SRV
# (its pid), PORT and B (http://127.0.0.1:PORT). A server that never says
# where it listens is a FAIL: its stderr is shown and the script ends there.
# (Environment for the server: VAR=value serve_start DB.)
serve_start() {
    _sdb=$1
    shift
    "$PLANMON" serve --db "$_sdb" --listen 127.0.0.1:0 "$@" >"$T/serve.out" 2>"$T/serve.err" &
    SRV=$!
    PORT=$(port_of "$T/serve.out")
    check "the server listens" test -n "$PORT"
    if [ -z "$PORT" ]; then
        cat "$T/serve.err"
        finish
        exit 1
    fi
    B=http://127.0.0.1:$PORT
}
# api_req WHO METHOD PATH [curl args…]: a request to the server at $B;
# prints the status, the body lands in $T/body and the headers in $T/head.
# WHO: a user whose API token is in $T/WHO.tok, anon (nothing), badtoken,
# or jar:FILE (a session cookie). Each answer is appended as a JSON line to
# $API_RECORD (default $T/answers.jsonl) for api_contract.
api_req() {
    _role=$1 _m=$2 _p=$3
    shift 3
    case $_role in
    anon) ;;
    badtoken) set -- -H 'Authorization: Bearer not-a-real-token' "$@" ;;
    jar:*) set -- -b "${_role#jar:}" "$@" ;;
    *) set -- -H "Authorization: Bearer $(cat "$T/$_role.tok")" "$@" ;;
    esac
    _code=$(curl -s -o "$T/body" -D "$T/head" -w '%{http_code}' -X "$_m" "$@" "$B$_p")
    python3 -c 'import json,sys
h=open(sys.argv[4],encoding="latin-1").read().lower()
t=[l.split(":",1)[1].strip() for l in h.splitlines() if l.startswith("content-type:")]
print(json.dumps({"method":sys.argv[1],"path":sys.argv[2],"status":int(sys.argv[3]),"type":t[-1] if t else "",
 "body":open(sys.argv[5],encoding="utf-8",errors="replace").read()}))' "$_m" "$_p" "$_code" "$T/head" "$T/body" \
        >>"${API_RECORD:-$T/answers.jsonl}"
    echo "$_code"
}
# api_contract: every answer api_req recorded, against docs/openapi.json
# (operation, documented status, body schema: tests/api/contract.mjs with
# the npm packages tests/api/package-lock.json pins, installed by
# tests/api/setup.sh). Two checks: the setup, the contract.
api_contract() {
    _root=$(cd "$(dirname "$0")/../.." && pwd)
    "$_root/tests/api/setup.sh" >"$T/setup.log" 2>&1
    _rc=$?
    check "setup: Node.js, ajv (tests/api/setup.sh)" test "$_rc" -eq 0
    [ "$_rc" -eq 0 ] || tail -n 20 "$T/setup.log"
    node "$_root/tests/api/contract.mjs" "$_root/docs/openapi.json" "${API_RECORD:-$T/answers.jsonl}" \
        >"$T/contract.out" 2>&1
    _rc=$?
    grep -E '^(FAIL|contract:)' "$T/contract.out" | tail -n 25
    check "every API answer matches docs/openapi.json" test "$_rc" -eq 0
}
# wait_until SECS CMD...: runs CMD every 0.1 s until it succeeds, for up to
# SECS seconds; succeeds if CMD did (for what another process does in its own
# time: the server's background evaluation, a session taking a lock).
wait_until() {
    _wn=$(($1 * 10))
    shift
    until "$@"; do
        [ "$_wn" -gt 0 ] || return 1
        _wn=$((_wn - 1))
        sleep 0.1
    done
}

# ---- the backend under test ------------------------------------------------------------
# PLANMON_TEST_BACKEND=sqlite (default) or postgresql: where test_db puts a
# script's databases. tests/run.sh runs the scripts of tests/pg_suite.txt a
# second time with postgresql, on one cluster it starts for the whole run
# (PLANMON_TEST_PGHOST: its socket directory, PLANMON_TEST_PGBIN: its
# binaries). A script run by hand with postgresql and no such cluster starts
# its own (tests/pg_cluster.sh), removed at exit.
PLANMON_TEST_BACKEND=${PLANMON_TEST_BACKEND:-sqlite}
case $PLANMON_TEST_BACKEND in
sqlite) ;;
postgresql)
    if [ -z "${PLANMON_TEST_PGHOST:-}" ]; then
        . "$(dirname "$0")/../pg_cluster.sh"
        pg_cluster_start || exit 1
        PLANMON_TEST_PGHOST=$PG_SOCK
        PLANMON_TEST_PGBIN=$PG_BIN
        # pg_cluster_start's EXIT trap stops it, but most scripts set
        # their own trap afterwards (their servers, $T), which replaced
        # it: every script run by hand on PostgreSQL left its server
        # running. A watcher stops it once this script's shell is gone,
        # whatever the traps; detached from the script's output, so that
        # nothing reading it waits for the watcher, and not the script's
        # child (started from a subshell that exits at once), so that a
        # script's bare `wait` (pg_two_servers.sh's cleanup) does not wait
        # for it: that waited for ever, each waiting for the other.
        ( (while kill -0 $$ 2>/dev/null; do sleep 1; done; _pg_stop) </dev/null >/dev/null 2>&1 & )
    fi
    ;;
*) echo "PLANMON_TEST_BACKEND must be sqlite or postgresql, not $PLANMON_TEST_BACKEND" >&2; exit 1 ;;
esac

on_postgresql() { [ "$PLANMON_TEST_BACKEND" = postgresql ]; }
# The scripts' python reads databases with tests/e2e/dbrows.py (either backend).
export PLANMON_TEST_PGBIN="${PLANMON_TEST_PGBIN:-}"
PYTHONPATH=$(cd "$(dirname "$0")" && pwd)${PYTHONPATH:+:$PYTHONPATH}
export PYTHONPATH

# test_db_url NAME: the --db of this script's database NAME, not created:
# $T/NAME.db, or a database of its own on the cluster (named after the
# script, NAME and the process, so scripts side by side never share one).
test_db_url() {
    if on_postgresql; then
        _n=$(printf 't_%s_%s_%s' "$(basename "$0" .sh)" "$1" $$ | tr -c 'a-zA-Z0-9_\n' _ | tr A-Z a-z)
        printf 'postgresql:///%s?host=%s&user=planmon' "$_n" "$PLANMON_TEST_PGHOST"
    else
        printf '%s/%s.db' "$T" "$1"
    fi
}
# test_db NAME: test_db_url NAME, made ready for `planmon init`: on
# PostgreSQL the (empty) database is created, as a DBA would beforehand;
# a SQLite file is left for init to create.
test_db() {
    _u=$(test_db_url "$1")
    if on_postgresql; then
        _n=${_u#postgresql:///}
        "$PLANMON_TEST_PGBIN/psql" -X -q -h "$PLANMON_TEST_PGHOST" -U planmon -d postgres \
            -c "CREATE DATABASE ${_n%%\?*}" >/dev/null || return 1
    fi
    printf '%s' "$_u"
}
# db_sql DB SQL: runs SQL on the database (the tables of schema planmon on
# PostgreSQL); rows one a line, columns separated by |, as sqlite3 prints.
db_sql() {
    if on_postgresql; then
        PGOPTIONS='-c search_path=planmon' "$PLANMON_TEST_PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$1" -c "$2"
    else
        sqlite3 -batch "$1" "$2"
    fi
}
# PG_UNDO_18: SQL that takes a PostgreSQL database back from version 18 to
# 17 (the foreign keys of data_value and value_history back in place of
# 18's statement checks), for the tests that downgrade a database to see it
# upgraded again.
PG_UNDO_18="DROP FUNCTION planmon.pm_ids_exist() CASCADE; DROP FUNCTION planmon.pm_ids_unused() CASCADE;
    DROP FUNCTION planmon.pm_id_fixed() CASCADE;
    ALTER TABLE planmon.data_value ADD CONSTRAINT data_value_element_id_fkey FOREIGN KEY (element_id) REFERENCES planmon.element(id),
      ADD CONSTRAINT data_value_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES planmon.org_unit(id);
    ALTER TABLE planmon.value_history ADD CONSTRAINT value_history_element_id_fkey FOREIGN KEY (element_id) REFERENCES planmon.element(id),
      ADD CONSTRAINT value_history_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES planmon.org_unit(id);"
# PG_UNDO_21 / SQLITE_UNDO_21: SQL that takes a database back from version
# 21 to 20 (every history row with its own who, when and why again, as
# before value_batch), for the same tests; run before the older undos.
PG_UNDO_21="ALTER TABLE planmon.value_history DISABLE TRIGGER value_history_no_change;
    UPDATE planmon.value_history h SET at = b.at, who = b.who, why = b.why, batch_id = NULL
      FROM planmon.value_batch b WHERE b.id = h.batch_id;
    ALTER TABLE planmon.value_history ENABLE TRIGGER value_history_no_change;
    DROP FUNCTION planmon.pm_batch_exists() CASCADE; DROP TABLE planmon.value_batch;
    ALTER TABLE planmon.value_history DROP CONSTRAINT value_history_batch, DROP COLUMN batch_id,
      ALTER COLUMN at SET NOT NULL, ALTER COLUMN who SET NOT NULL;"
SQLITE_UNDO_21="CREATE TABLE value_history_20 (id INTEGER PRIMARY KEY,
      element_id INTEGER NOT NULL REFERENCES element(id), unit_id INTEGER NOT NULL REFERENCES org_unit(id),
      year INTEGER NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL, old_value REAL, new_value REAL,
      old_state INTEGER CHECK (old_state BETWEEN 0 AND 3), new_state INTEGER NOT NULL CHECK (new_state BETWEEN 0 AND 3),
      why TEXT, comment TEXT, new_level INTEGER);
    INSERT INTO value_history_20 SELECT h.id, h.element_id, h.unit_id, h.year, coalesce(h.at, b.at),
      coalesce(h.who, b.who), h.old_value, h.new_value, h.old_state, h.new_state, coalesce(h.why, b.why), h.comment,
      h.new_level FROM value_history h LEFT JOIN value_batch b ON b.id = h.batch_id;
    DROP TABLE value_history; DROP TABLE value_batch;
    ALTER TABLE value_history_20 RENAME TO value_history;
    CREATE INDEX value_history_key ON value_history(element_id, unit_id, year, id);
    CREATE TRIGGER value_history_no_update BEFORE UPDATE ON value_history
    BEGIN SELECT RAISE(ABORT, '数值修改记录只能追加，不能修改'); END;
    CREATE TRIGGER value_history_no_delete BEFORE DELETE ON value_history
    BEGIN SELECT RAISE(ABORT, '数值修改记录只能追加，不能删除'); END;"
# db_clone DB NAME: a copy of database DB as this script's database NAME,
# made by the database's own means, not planmon's (SQLite: the file copied;
# PostgreSQL: CREATE DATABASE … TEMPLATE; nobody may be connected to DB);
# prints its --db.
db_clone() {
    _c=$(test_db_url "$2")
    if on_postgresql; then
        _from=${1#postgresql:///}
        _to=${_c#postgresql:///}
        "$PLANMON_TEST_PGBIN/psql" -X -q -h "$PLANMON_TEST_PGHOST" -U planmon -d postgres \
            -c "CREATE DATABASE ${_to%%\?*} TEMPLATE ${_from%%\?*}" >/dev/null || return 1
    else
        cp "$1" "$_c" || return 1
    fi
    printf '%s' "$_c"
}
# db_refuses DB SQL: the database refuses the statement (an append-only
# table's trigger or rule), whichever the backend.
db_refuses() {
    ! db_sql "$1" "$2" >/dev/null 2>&1
}
# db_dump DB: every row of the database as text (to look for a secret in it).
db_dump() {
    if on_postgresql; then
        # Without the data generation (data_gen, schema 16): the change
        # signal, not data. Every writing statement moves it on PostgreSQL,
        # one that changed no row too (a statement trigger), as a refused
        # import moves a sequence: "the database is unchanged" is about rows.
        "$PLANMON_TEST_PGBIN/pg_dump" --data-only --schema=planmon --exclude-table-data='planmon.data_gen*' -d "$1"
    else
        sqlite3 -batch "$1" .dump
    fi
}
# db_gone DB: nothing of planmon's is left there: no SQLite file; on
# PostgreSQL no schema planmon in the database (the database itself is the
# DBA's and stays).
db_gone() {
    if on_postgresql; then
        test "$(db_sql "$1" "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'planmon'")" = 0
    else
        test ! -e "$1"
    fi
}
# db_made DB: planmon made its database there (a non-empty file; the schema
# planmon on PostgreSQL).
db_made() {
    if on_postgresql; then
        test "$(db_sql "$1" "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'planmon'")" = 1
    else
        test -s "$1"
    fi
}
