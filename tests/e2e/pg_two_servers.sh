#!/bin/sh
# Two `planmon serve` processes on one PostgreSQL database (issue 16 item 3),
# with docs/deploy.md's nginx configuration, as the page writes it, in front:
# a figure written through one server is read through the other (the
# evaluation snapshot follows the change signal); a logout on one ends the
# session on the other; a session's CSRF token from one is accepted by the
# other and a wrong one refused by both; failed logins are counted across
# both; through nginx a login works, its cookies are Secure, both servers
# take requests, and one server stopped leaves the other answering.
# "Within a second" is polled with a generous limit (the machine is shared):
# no check measures time.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pg_cluster.sh"

pg_cluster_or_fail
DOC=docs/deploy.md
[ -f "$DOC" ] || DOC=$(dirname "$0")/../../docs/deploy.md
D=$(dirname "$0")/../data/units
PG=$(pg_database planmon_two)
export PLANMON_PASSWORD=two-servers-pw-1

"$PLANMON" init --db "$PG" >/dev/null 2>&1 &&
    "$PLANMON" units import --db "$PG" "$D/units.csv" >/dev/null 2>&1 &&
    printf '%s\n' unit,year,item,value 110115002001,2023,pop_resident,10000 110115002001,2023,volunteers,100 \
        110115002001,2024,pop_resident,10000 110115002001,2024,volunteers,120 >"$T/v.csv" &&
    "$PLANMON" import --db "$PG" "$T/v.csv" >/dev/null 2>&1 &&
    PLANMON_PASSWORD=limited-pw-1 "$PLANMON" user add limited --role planner --db "$PG" >/dev/null 2>&1
check "the database: init, units, figures, a second user" test $? -eq 0

# Two servers on the one database, each trusting the proxy on loopback.
start_server() {
    "$PLANMON" serve --db "$PG" --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1 >"$T/$1.out" 2>"$T/$1.err" &
    echo $! >"$T/$1.pid"
}
start_server a
start_server b
PA=$(port_of "$T/a.out")
PB=$(port_of "$T/b.out")
check "server A listening" test -n "$PA"
check "server B listening" test -n "$PB"
A=http://127.0.0.1:$PA
B=http://127.0.0.1:$PB
cleanup() {
    for s in a b; do [ -f "$T/$s.pid" ] && kill "$(cat "$T/$s.pid")" 2>/dev/null; done
    [ -f "$T/nginx/nginx.pid" ] && kill "$(cat "$T/nginx/nginx.pid")" 2>/dev/null
    wait
    _pg_stop
    rm -rf "$T"
}
trap cleanup EXIT

# eventually CMD...: CMD succeeds within about 15 s (tried every 0.1 s). The
# limit is generous on purpose: the promise is "at the next request", and a
# loaded machine must not fail the test.
eventually() {
    _n=0
    until "$@" >/dev/null 2>&1; do
        _n=$((_n + 1))
        [ $_n -lt 150 ] || return 1
        sleep 0.1
    done
}

# login URL JAR NAME PASSWORD: posts the login form; prints the status code.
login() {
    curl -sk -c "$2" -b "$2" "$1/login" >"$T/login.html"
    curl -sk -o /dev/null -w '%{http_code}' -c "$2" -b "$2" --data-urlencode "csrf=$(csrf_of "$T/login.html")" \
        --data-urlencode "name=$3" --data-urlencode "password=$4" --data-urlencode "next=/" "$1/login"
}
# code URL JAR [curl args...]: the status code of a request with the jar's cookies.
code() {
    _u=$1 _j=$2
    shift 2
    curl -sk -o /dev/null -w '%{http_code}' -b "$_j" "$@" "$_u"
}
# volunteers_of URL JAR: the 2024 volunteers figure of 110115002001 as the server reads it.
volunteers_of() {
    curl -sk -b "$2" "$1/api/v1/values?unit=110115002001&year=2024&item=volunteers" |
        sed -n 's/.*"value":\([0-9.]*\).*/\1/p' | head -n 1
}
is_volunteers() { test "$(volunteers_of "$1" "$2")" = "$3"; }
# is_code WANT URL JAR [curl args...]: the request answers WANT.
is_code() {
    _want=$1
    shift
    test "$(code "$@")" = "$_want"
}

# ---- one session, two servers ---------------------------------------------------------
J=$T/jar
check "login on A (303)" test "$(login "$A" "$J" admin "$PLANMON_PASSWORD")" = 303
check "A knows the session" is_code 200 "$A/api/v1/me" "$J"
# The session was written by A; B reads it from the database.
check "B knows A's session" is_code 200 "$B/api/v1/me" "$J"
csrf=$(curl -s -b "$J" "$B/api/v1/me" | sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p')
check "B gives the session's CSRF token" test -n "$csrf"

# ---- a figure written through A, read through B ---------------------------------------
check "B reads the imported figure" is_volunteers "$B" "$J" 120
curl -s -b "$J" "$B/api/v1/status?unit=110115002&year=2024" >"$T/status-before.json"
check "B judges the status" grep -q '"indicators"' "$T/status-before.json"
row='[{"unit":"110115002001","year":2024,"item":"volunteers","value":4321,"comment":"两台服务器"}]'
check "a write through A with B's CSRF token (200)" is_code 200 "$A/api/v1/values" "$J" \
    -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" -d "$row"
check "A reads its own write" is_volunteers "$A" "$J" 4321
check "B reads the figure written through A" eventually is_volunteers "$B" "$J" 4321
status_changed() {
    curl -s -b "$J" "$B/api/v1/status?unit=110115002&year=2024" >"$T/status-after.json" &&
        grep -q '"indicators"' "$T/status-after.json" && ! cmp -s "$T/status-before.json" "$T/status-after.json"
}
check "B's evaluation follows the write through A" eventually status_changed
check "B's history lists the write through A" sh -c 'curl -s -b "$1" "$2/api/v1/history?unit=110115002001&item=volunteers" |
    grep -q 两台服务器' sh "$J" "$B"

# ---- CSRF across servers ----------------------------------------------------------------
check "a wrong CSRF token refused by A (403)" is_code 403 "$A/api/v1/values" "$J" \
    -H 'Content-Type: application/json' -H "X-CSRF-Token: wrong$csrf" -d "$row"
check "a wrong CSRF token refused by B (403)" is_code 403 "$B/api/v1/values" "$J" \
    -H 'Content-Type: application/json' -H "X-CSRF-Token: wrong$csrf" -d "$row"
check "no CSRF token refused by B (403)" is_code 403 "$B/api/v1/values" "$J" \
    -H 'Content-Type: application/json' -d "$row"

# ---- logout on B ends the session on A --------------------------------------------------
J2=$T/jar2
check "a second login, on B (303)" test "$(login "$B" "$J2" admin "$PLANMON_PASSWORD")" = 303
check "A knows B's session" is_code 200 "$A/api/v1/me" "$J2"
csrf2=$(curl -s -b "$J2" "$A/api/v1/me" | sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p')
check "logout on B (303)" test "$(code "$B/logout" "$J2" --data-urlencode "csrf=$csrf2")" = 303
check "after the logout on B, A refuses the session (401)" eventually is_code 401 "$A/api/v1/me" "$J2"
check "after the logout on B, B refuses the session (401)" is_code 401 "$B/api/v1/me" "$J2"
check "the first session still works on A" is_code 200 "$A/api/v1/me" "$J"

# ---- login failures counted across both servers ----------------------------------------
for i in 1 2 3; do login "$A" "$T/jar-f" limited wrong-pw >/dev/null; done
for i in 1 2; do login "$B" "$T/jar-f" limited wrong-pw >/dev/null; done
check "after five failures on A and B, the right password on A: 429" \
    test "$(login "$A" "$T/jar-l" limited limited-pw-1)" = 429
check "after five failures on A and B, the right password on B: 429" \
    test "$(login "$B" "$T/jar-l" limited limited-pw-1)" = 429
check "another name is not locked" test "$(login "$B" "$T/jar-l" admin "$PLANMON_PASSWORD")" = 303

# ---- docs/deploy.md's nginx configuration in front of both ------------------------------
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
check "nginx installed (scripts/deps.sh)" test -x "$NGINX"
check "openssl installed (scripts/deps.sh)" command -v openssl
mkdir -p "$T/nginx"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout "$T/nginx/key.pem" \
    -out "$T/nginx/cert.pem" >/dev/null 2>&1
# The documented block: the nginx fence after the marker line.
awk '/pg_two_servers.sh runs the block below/ { m = 1; next }
     m == 1 && /^```nginx/ { m = 2; next }
     m == 2 && /^```/ { exit }
     m == 2 { print }' "$DOC" >"$T/nginx/documented.conf"
check "docs/deploy.md holds the nginx block" grep -q 'proxy_pass http://planmon' "$T/nginx/documented.conf"
# start_nginx PORT: the documented site with loopback addresses, PORT and
# the throwaway certificate, under a minimal main configuration.
start_nginx() {
    sed -e "s#10\.0\.0\.11:8080#127.0.0.1:$PA#" -e "s#10\.0\.0\.12:8080#127.0.0.1:$PB#" \
        -e "s#listen 443 ssl#listen 127.0.0.1:$1 ssl#" \
        -e "s#/etc/nginx/tls/planmon\.crt#$T/nginx/cert.pem#" -e "s#/etc/nginx/tls/planmon\.key#$T/nginx/key.pem#" \
        "$T/nginx/documented.conf" >"$T/nginx/site.conf"
    user=
    [ "$(id -u)" -eq 0 ] && user='user root;'
    cat >"$T/nginx/nginx.conf" <<EOF
$user
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/error.log warn;
events { worker_connections 256; }
http {
    access_log $T/nginx/access.log;
    client_body_temp_path $T/nginx/body;
    proxy_temp_path $T/nginx/proxy;
    fastcgi_temp_path $T/nginx/fastcgi;
    uwsgi_temp_path $T/nginx/uwsgi;
    scgi_temp_path $T/nginx/scgi;
    include $T/nginx/site.conf;
}
EOF
    rm -f "$T/nginx/nginx.pid"
    "$NGINX" -p "$T/nginx" -e "$T/nginx/error.log" -c "$T/nginx/nginx.conf" >"$T/nginx/start.out" 2>&1 &&
        eventually test -s "$T/nginx/nginx.pid"
}
# A free port: nginx cannot take port 0, so try ports until one is free.
NP=$((20000 + $$ % 20000))
tries=0
until start_nginx "$NP"; do
    tries=$((tries + 1))
    [ $tries -lt 20 ] || break
    NP=$((NP + 1 + tries * 7))
done
check "nginx started on the documented configuration" test -s "$T/nginx/nginx.pid"
# "listen 443", not any 443: a chosen port or the temporary directory's
# name may hold those digits.
check "the addresses, port and certificate were all replaced" \
    sh -c '! grep -q "10\.0\.0\.\|listen 443\|/etc/nginx" "$1"' sh "$T/nginx/site.conf"
N=https://127.0.0.1:$NP
JN=$T/jar-nginx
check "login through nginx (303)" test "$(login "$N" "$JN" admin "$PLANMON_PASSWORD")" = 303
check "the session cookie through nginx is Secure (X-Forwarded-Proto believed)" \
    grep -q '^#HttpOnly_127\.0\.0\.1.*TRUE.*planmon' "$JN"
ok=0
for i in 1 2 3 4 5 6 7 8; do
    [ "$(code "$N/api/v1/me" "$JN")" = 200 ] && ok=$((ok + 1))
done
check "eight requests through nginx, every one with the session (200)" test $ok -eq 8
nginx_reached() { grep -q "/api/v1/me" "$T/$1.out"; }
check "nginx gave requests to A" nginx_reached a
check "nginx gave requests to B" nginx_reached b
# A client's own X-Forwarded-For is replaced by nginx (the login limits count
# per client address: a forged one must not reach planmon).
for i in 1 2; do code "$N/api/v1/me" "$JN" -H 'X-Forwarded-For: 10.9.9.9' >/dev/null; done
check "a client's forged X-Forwarded-For does not reach the servers" \
    sh -c '! grep -q "10\.9\.9\.9" "$1" "$2"' sh "$T/a.out" "$T/b.out"
through_nginx_volunteers() { is_volunteers "$N" "$JN" 4321; }
check "the figure written through A, read through nginx" through_nginx_volunteers

# One server stopped: nginx sends every request to the other, same session.
kill "$(cat "$T/a.pid")" 2>/dev/null
wait "$(cat "$T/a.pid")" 2>/dev/null
rm -f "$T/a.pid"
ok=0
for i in 1 2 3 4 5 6; do
    [ "$(code "$N/api/v1/me" "$JN")" = 200 ] && ok=$((ok + 1))
done
check "A stopped: six requests through nginx, all answered by B with the session" test $ok -eq 6

finish
