# A throwaway PostgreSQL cluster for the tests that run planmon on PostgreSQL.
# Sourced after tests/lib.sh:
#   . tests/pg_cluster.sh
#   pg_cluster_start || exit 1     # a cluster in a temporary directory, or a FAIL
#   URL=$(pg_database name)        # a new empty database; prints its postgresql:// URL
#   ...                            # the cluster is stopped and removed at exit
# The server listens only on a Unix socket inside its own directory (no port is
# taken on the machine, so tests may run side by side). initdb refuses to run as
# root, so as root (CI) the cluster belongs to the `postgres` user. The role
# `planmon` is the superuser and trusted on the socket; the role `pw_user`
# must give the password `right-password` (for the wrong-password tests).
# Missing server binaries are a FAIL, never a skip: scripts/deps.sh installs
# them (Debian's postgresql package).

PG_BIN=
PG_DIR=
PG_SOCK=

# Runs a server binary as the cluster's owner.
_pg_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

_pg_stop() {
    [ -n "$PG_DIR" ] || return 0
    [ -f "$PG_DIR/data/postmaster.pid" ] &&
        _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$PG_DIR"
    PG_DIR=
}

# _pg_start: starts the cluster's server (made by pg_cluster_start, or
# stopped by a test); waits until it accepts connections, 1 if it did not.
# PG_EXTRA_OPTS: more server options (bench/pg.sh's memory settings).
_pg_start() {
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/data/server.log" -w -t 60 \
        -o "-c listen_addresses='' -k $PG_SOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_EXTRA_OPTS:-}" \
        start >/dev/null 2>&1
}

# pg_cluster_start: makes and starts the cluster; 1 with a FAIL line if it cannot.
pg_cluster_start() {
    for _d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$_d/initdb" ] && [ -x "$_d/pg_ctl" ] && { PG_BIN=$_d; break; }
    done
    if [ -z "$PG_BIN" ]; then
        echo "FAIL: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (run scripts/deps.sh)"
        return 1
    fi
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/planmon-pg.XXXXXX")
    PG_SOCK=$PG_DIR
    trap '_pg_stop; rm -rf "$T"' EXIT
    [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DIR"
    chmod 755 "$PG_DIR"
    echo right-password >"$PG_DIR/pw"
    if ! _pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U planmon -A trust -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$PG_DIR/initdb.log" 2>&1; then
        echo "FAIL: initdb failed:"; cat "$PG_DIR/initdb.log"
        return 1
    fi
    # pw_user must give its password; everybody else is trusted on the socket.
    printf 'local all pw_user scram-sha-256\nlocal all all trust\n' >"$PG_DIR/hba"
    _pg_as_owner sh -c "cat '$PG_DIR/hba' >'$PG_DIR/data/pg_hba.conf'"
    if ! _pg_start; then
        echo "FAIL: the PostgreSQL server did not start:"; cat "$PG_DIR/data/server.log"
        return 1
    fi
    _pg_psql postgres -c "CREATE ROLE pw_user LOGIN SUPERUSER PASSWORD 'right-password'" >/dev/null
}

# _pg_psql DB ARGS...: psql as the superuser on the cluster's socket.
_pg_psql() {
    _db=$1
    shift
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -U planmon -d "$_db" "$@"
}

# pg_url DB [USER [PASSWORD]]: the URL planmon takes for database DB.
pg_url() {
    _u=postgresql:///$1?host=$PG_SOCK\&user=${2:-planmon}
    [ -n "${3:-}" ] && _u=$_u\&password=$3
    printf '%s' "$_u"
}

# pg_database NAME: creates an empty database; prints its URL.
pg_database() {
    _pg_psql postgres -c "CREATE DATABASE $1" >/dev/null && pg_url "$1"
}

# pg_cluster_or_fail: pg_cluster_start, or the script ends there with the
# FAIL counted (the scripts that need their own cluster).
pg_cluster_or_fail() {
    pg_cluster_start && return 0
    _fail=$((_fail + 1))
    finish
    exit 1
}

# ---- a write caught inside its transaction ----------------------------------------------
# To end a planmon session in the middle of a write: pg_lock_figures DBNAME
# makes another session (psql) hold a SHARE lock on planmon.data_value, which
# lets readers in but no writer; the write then waits inside its transaction,
# pg_waiting_pid DBNAME names the session waiting, the test ends it
# (pg_terminate_backend), and pg_unlock_figures DBNAME ends the locker.

# pg_lock_figures DBNAME [MODE]: returns once the lock is granted (1 if not
# within 30 s), so that the write started next is the one that waits, not the
# lock. MODE is SHARE (the default: writers wait) or ACCESS EXCLUSIVE
# (readers wait too).
pg_lock_figures() {
    _pgmode=${2:-SHARE}
    _pg_psql "$1" -c "BEGIN; LOCK TABLE planmon.data_value IN $_pgmode MODE; SELECT pg_sleep(120)" \
        >/dev/null 2>&1 &
    PG_LOCKER=$!
    wait_until 30 _pg_figures_locked "$1" "$(printf '%s' "$_pgmode" | sed 's/ //; s/SHARE/Share/; s/ACCESSEXCLUSIVE/AccessExclusive/')Lock"
}
_pg_figures_locked() {
    [ -n "$(_pg_psql "$1" -At -c "SELECT 1 FROM pg_locks WHERE relation = 'planmon.data_value'::regclass
        AND mode = '$2' AND granted")" ]
}
# pg_waiting_pid DBNAME [NOT_PID]: the pid of a session of the database, not
# psql's (nor NOT_PID), waiting for a lock; waits up to 30 s for one, prints
# nothing if none came.
pg_waiting_pid() {
    _pgw=
    wait_until 30 _pg_waiter "$1" "${2:-0}"
    printf '%s' "$_pgw"
}
_pg_waiter() {
    _pgw=$(_pg_psql "$1" -At -c "SELECT pid FROM pg_stat_activity WHERE datname = current_database()
        AND wait_event_type = 'Lock' AND application_name <> 'psql' AND pid <> ${2:-0} LIMIT 1")
    [ -n "$_pgw" ]
}
# pg_unlock_figures DBNAME: ends the locking session (and waits until it is gone).
pg_unlock_figures() {
    kill "$PG_LOCKER" 2>/dev/null
    _pg_psql "$1" -c "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = current_database()
        AND application_name = 'psql' AND pid <> pg_backend_pid() AND query LIKE '%pg_sleep%'" >/dev/null 2>&1
    wait "$PG_LOCKER" 2>/dev/null
}
