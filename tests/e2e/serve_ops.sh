#!/bin/sh
# planmon serve for operations: the request log (one line per request: time,
# address, user, method, path, status, ms) and the error log in files set by
# options, reopened on SIGHUP; HTTPS built in (--tls-cert/--tls-key, a
# self-signed certificate made here by openssl) with Secure cookies; behind a
# proxy, X-Forwarded-Proto and X-Forwarded-For believed only from
# --trusted-proxy addresses.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "serve_ops.sh: curl is missing"; exit 1; }
command -v openssl >/dev/null 2>&1 || { echo "serve_ops.sh: openssl is missing"; exit 1; }

DB=$(test_db ops)
PW=ops-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo makes the database" db_made "$DB"

# start NAME ARGS…: serve on a free port; sets SRV, PORT and SCHEME.
start() {
    _n=$1
    shift
    "$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 "$@" >"$T/$_n.out" 2>"$T/$_n.err" &
    SRV=$!
    PORT=
    _i=0
    while [ $_i -lt 150 ] && [ -z "$PORT" ]; do
        PORT=$(sed -n 's#.*://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$T/$_n.out" 2>/dev/null)
        [ -n "$PORT" ] || sleep 0.1
        _i=$((_i + 1))
    done
    SCHEME=$(sed -n 's#.*\(https*\)://127\.0\.0\.1:.*#\1#p' "$T/$_n.out" | head -n 1)
}
stop() {
    kill "$SRV"
    wait "$SRV"
    _rc=$?
    SRV=
    return $_rc
}
# login BASE JAR [curl args…]: the login form then the post as admin; the
# answer's headers land in $T/post.h; prints the status.
login() {
    _b=$1 _jar=$2
    shift 2
    rm -f "$_jar"
    curl -s "$@" -c "$_jar" -b "$_jar" "$_b/login" >"$T/login.html"
    _csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/login.html" | head -n 1)
    curl -s "$@" -o /dev/null -D "$T/post.h" -w '%{http_code}' -c "$_jar" -b "$_jar" \
        --data-urlencode "csrf=$_csrf" --data-urlencode "name=admin" --data-urlencode "password=$PW" "$_b/login"
}

# ---- request log and error log in files ------------------------------------------------
start logs --request-log "$T/req.log" --error-log "$T/err.log"
check "server starts with log files" test -n "$PORT"
B=http://127.0.0.1:$PORT
curl -s -o /dev/null "$B/login"
curl -s -o /dev/null -I "$B/login"
check "login as admin → 303" test "$(login "$B" "$T/a.jar")" = 303
curl -s -o /dev/null -b "$T/a.jar" "$B/"
curl -s -o /dev/null "$B/no/such%0Apage%20here"
sleep 0.2
check "request log: anonymous GET /login 200" \
    grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z 127\.0\.0\.1 - GET /login 200 [0-9]+\.[0-9]$' "$T/req.log"
check "request log: HEAD stays HEAD" grep -q ' - HEAD /login 200 ' "$T/req.log"
check "request log: the login post 303" grep -q ' - POST /login 303 ' "$T/req.log"
check "request log: the user of a page" grep -q ' admin GET / 200 ' "$T/req.log"
check "request log: a newline in a path stays inside its line" grep -q ' - GET /no/such%0Apage%20here 404 ' "$T/req.log"
check "request log: one line per request (6)" test "$(wc -l <"$T/req.log")" -eq 6
check "request log: nothing on stdout but the start" sh -c "! grep -q ' GET ' '$T/logs.out'"
check "error log file exists" test -f "$T/err.log"
# libmicrohttpd warned at every start that its logger option was not the
# first one given (it printed that to the error log of the packaged service).
check "error log: a normal start and requests log nothing ($(head -c 200 "$T/err.log"))" test ! -s "$T/err.log"
check "… nor stderr ($(head -c 200 "$T/logs.err"))" test ! -s "$T/logs.err"
# logrotate: move the file, SIGHUP, the next line goes to a new file.
mv "$T/req.log" "$T/req.log.1"
kill -HUP "$SRV"
sleep 0.3
curl -s -o /dev/null "$B/login"
sleep 0.2
check "SIGHUP reopens the request log" grep -q ' GET /login 200 ' "$T/req.log"
check "the rotated file keeps its lines" test "$(wc -l <"$T/req.log.1")" -eq 6
check "server alive after SIGHUP" kill -0 "$SRV"
stop
check "server stops cleanly" test $? -eq 0

# ---- default: request log on stdout --------------------------------------------------------
start stdout
B=http://127.0.0.1:$PORT
curl -s -o /dev/null "$B/login"
sleep 0.2
check "without --request-log the log goes to stdout" grep -q ' - GET /login 200 ' "$T/stdout.out"

# ---- behind a proxy: plain HTTP, X-Forwarded-Proto ------------------------------------------
check "plain HTTP: login → 303" test "$(login "$B" "$T/p.jar")" = 303
check "plain HTTP: the session cookie has no Secure" sh -c "grep -i '^Set-Cookie: planmon_session=' '$T/post.h' | grep -vqi 'Secure'"
check "an untrusted X-Forwarded-Proto: login → 303" test "$(login "$B" "$T/p.jar" -H 'X-Forwarded-Proto: https')" = 303
check "an untrusted X-Forwarded-Proto is ignored (no Secure)" sh -c "grep -i '^Set-Cookie: planmon_session=' '$T/post.h' | grep -vqi 'Secure'"
stop
start proxy --trusted-proxy 127.0.0.1 --request-log "$T/proxy.log"
B=http://127.0.0.1:$PORT
check "trusted proxy with X-Forwarded-Proto: https → 303" \
    test "$(login "$B" "$T/q.jar" -H 'X-Forwarded-Proto: https' -H 'X-Forwarded-For: 10.1.2.3, 192.0.2.7')" = 303
check "… the session cookie carries Secure" grep -qi '^Set-Cookie: planmon_session=.*; Secure' "$T/post.h"
check "… the login form's cookie too" grep -qi '^Set-Cookie: planmon_login=.*; Secure' "$T/post.h"
check "… the log names the proxy's client (last X-Forwarded-For)" grep -q ' 192\.0\.2\.7 - POST /login 303 ' "$T/proxy.log"
check "trusted proxy over plain HTTP: login → 303" test "$(login "$B" "$T/q.jar" -H 'X-Forwarded-Proto: http')" = 303
check "… no Secure" sh -c "grep -i '^Set-Cookie: planmon_session=' '$T/post.h' | grep -vqi 'Secure'"
stop

# ---- HTTPS built in ------------------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
check "openssl makes a self-signed certificate" test -s "$T/cert.pem"
start tls --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" --request-log "$T/tls.log"
check "HTTPS server starts and says https" test "$SCHEME" = https
B=https://127.0.0.1:$PORT
check "GET /login over TLS → 200" test "$(curl -s --cacert "$T/cert.pem" -o /dev/null -w '%{http_code}' "$B/login")" = 200
check "login over TLS → 303" test "$(login "$B" "$T/t.jar" --cacert "$T/cert.pem")" = 303
check "… the session cookie carries Secure" grep -qi '^Set-Cookie: planmon_session=.*; Secure' "$T/post.h"
check "… the page behind the login over TLS" \
    test "$(curl -s --cacert "$T/cert.pem" -b "$T/t.jar" -o /dev/null -w '%{http_code}' "$B/")" = 200
check "plain HTTP to the TLS port gets no page" \
    sh -c "! curl -s --max-time 3 -o /dev/null -w '%{http_code}' 'http://127.0.0.1:$PORT/login' | grep -q 200"
check "the request log names the TLS requests" grep -q ' admin GET / 200 ' "$T/tls.log"
stop
check "TLS server stops cleanly" test $? -eq 0

# ---- refused configurations ------------------------------------------------------------------
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" >/dev/null 2>"$T/bad1.err"
check "--tls-cert without --tls-key → exit 2" test $? -eq 2
check "… says both are needed" grep -q 'tls-key' "$T/bad1.err"
echo "not a key" >"$T/junk.pem"
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" --tls-key "$T/junk.pem" >/dev/null 2>"$T/bad2.err"
check "a key that is not PEM → exit 2" test $? -eq 2
check "… names the file" grep -q 'junk.pem' "$T/bad2.err"
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 --request-log "$T/no/such/dir/req.log" >/dev/null 2>"$T/bad3.err"
check "a request log that cannot be opened → exit 1" test $? -eq 1
check "… names the file" grep -q 'no/such/dir/req.log' "$T/bad3.err"
check "no sanitizer report" sh -c "! cat '$T'/*.err | grep -q 'ERROR: \\|runtime error'"
finish
