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
    if ! _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/data/server.log" -w -t 60 \
        -o "-c listen_addresses='' -k $PG_SOCK -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null 2>&1; then
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
