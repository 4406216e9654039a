# Shell helpers of the benchmark scripts (bench/http.sh, bench/pg.sh).
# Sourced; POSIX sh.

# bench_need CMD…: installs the Debian packages of the same names for the
# commands that are missing (wrk, nginx, curl: bench-only tools, never
# needed by make test).
bench_need() {
    _missing=""
    for _c in "$@"; do
        command -v "$_c" >/dev/null 2>&1 || [ -x "/usr/sbin/$_c" ] || _missing="$_missing $_c"
    done
    [ -n "$_missing" ] || return 0
    echo "bench: installing$_missing" >&2
    _sudo=""
    [ "$(id -u)" -eq 0 ] || _sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $_sudo apt-get update -qq
    # shellcheck disable=SC2086
    $_sudo apt-get install -y -qq --no-install-recommends $_missing >/dev/null
}

# bench_port FILE PID: the port of the `planmon serve` PID whose standard
# output goes to FILE (its "http://127.0.0.1:PORT/" line, printed once its
# first evaluation is done: seconds, or a minute at the national size);
# empty if the server exited without one.
bench_port() {
    _p=
    while [ -z "$_p" ]; do
        _p=$(sed -n 's#.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$1" 2>/dev/null)
        [ -n "$_p" ] || kill -0 "$2" 2>/dev/null || break
        [ -n "$_p" ] || sleep 0.1
    done
    echo "$_p"
}

# bench_wrk_figures FILE: wrk's output in FILE as "req/s p99_ms
# socket_errors" (socket errors: connect, read, write and timeout counts
# added up).
bench_wrk_figures() {
    awk '
        /Requests\/sec/ { rps = $2 }
        $1 == "99%" {
            v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
            ms = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : v
        }
        /Socket errors/ { gsub(/,/, ""); err = $4 + $6 + $8 + $10 }
        END { printf "%.0f %.2f %d\n", rps, ms, err }' "$1"
}

# bench_nginx DIR SERVERS: starts Debian's nginx ($NGINX) with its prefix,
# pid, logs (DIR/logs, made by the caller) and temporary files in DIR and
# SERVERS (upstream and server blocks) inside its http block; its pid in
# NGX, its output in DIR/stdout. 1 if it did not stay up (a port taken:
# the caller tries another).
bench_nginx() {
    cat >"$1/nginx.conf" <<NGINX_CONF
worker_processes auto;
pid $PWD/$1/nginx.pid;
error_log $PWD/$1/logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $PWD/$1/body;
    proxy_temp_path $PWD/$1/proxy;
    fastcgi_temp_path $PWD/$1/fastcgi;
    uwsgi_temp_path $PWD/$1/uwsgi;
    scgi_temp_path $PWD/$1/scgi;
$2
}
NGINX_CONF
    "$NGINX" -p "$PWD/$1" -c "$PWD/$1/nginx.conf" -g 'daemon off; user root;' >"$1/stdout" 2>&1 &
    NGX=$!
    sleep 0.5
    kill -0 "$NGX" 2>/dev/null
}
