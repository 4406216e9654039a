#!/bin/sh
# planmon serve, black box over HTTP with curl on loopback: login for every
# role, the overview, who may see what (302/401/403), CSRF, login rate
# limiting, 404/405/413, path traversal, bad UTF-8, escaping of hostile
# names, security headers, static files, and a clean stop on SIGTERM.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || "$(dirname "$0")/../../scripts/deps.sh" >/dev/null 2>&1
command -v curl >/dev/null 2>&1 || { echo "web.sh: curl is missing"; exit 1; }

DB=$(test_db web)
PW=e2e-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >"$T/demo.out" 2>&1
check "demo makes the database" db_made "$DB"
check "demo names one user per role" grep -q 'reporter' "$T/demo.out"
check "demo prints the passwords" grep -q "$PW" "$T/demo.out"

# ---- start on a free port (port 0: the server picks and prints it) ----------------
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
check "server prints the address to open" test -n "$PORT"
[ -n "$PORT" ] || { cat "$T/serve.err"; finish; exit 1; }
B=http://127.0.0.1:$PORT

# code METHOD PATH [curl args…]: prints the status code only.
code() {
    _m=$1 _p=$2
    shift 2
    curl -s -o /dev/null -w '%{http_code}' -X "$_m" "$@" "$B$_p"
}
# login NAME PASSWORD JAR [NEXT]: the login form, then the post; prints the
# status; the answer's headers land in $T/post.h.
login() {
    rm -f "$3"
    curl -s -c "$3" -b "$3" "$B/login" >"$T/login.html"
    curl -s -o /dev/null -D "$T/post.h" -w '%{http_code}' -c "$3" -b "$3" \
        --data-urlencode "csrf=$(csrf_of "$T/login.html")" --data-urlencode "name=$1" \
        --data-urlencode "password=$2" --data-urlencode "next=${4:-/}" "$B/login"
}
users_csv() {
    "$PLANMON" user list --db "$DB" --format csv
}

# ---- anonymous ------------------------------------------------------------------------
curl -s -D "$T/anon.h" -o /dev/null "$B/"
check "anonymous GET / → 302" grep -q '^HTTP/1.1 302' "$T/anon.h"
check "anonymous GET / → to /login" grep -qi '^Location: /login?next=%2F' "$T/anon.h"
check "anonymous POST /logout → 401" test "$(code POST /logout -d x=1)" = 401
check "anonymous GET /users → 302" test "$(code GET /users)" = 302
curl -s -D "$T/login.h" -o "$T/login.html" "$B/login"
check "login page 200" grep -q '^HTTP/1.1 200' "$T/login.h"
check "login page in Chinese" grep -q '用户名' "$T/login.html"
for h in "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'" \
    'X-Content-Type-Options: nosniff' 'Referrer-Policy: same-origin' 'X-Frame-Options: DENY'; do
    check "header on the login page: ${h%%:*}" grep -qF "$h" "$T/login.h"
    check "header on a redirect: ${h%%:*}" grep -qF "$h" "$T/anon.h"
done
check "no inline script or style in the login page" sh -c "! grep -Eq '<script>|<style|style=\"' '$T/login.html'"
check "POST /login without CSRF token → 403" \
    test "$(code POST /login --data-urlencode name=admin --data-urlencode password=$PW)" = 403

# ---- regression: a user name that cannot exist (space, markup, > 64 bytes) once
# crashed the server (an uninitialised pm_user was cleared). Each is answered 401
# and the server is still alive afterwards.
for bad in 'no such user' '<>&"'"'"'' "$(printf 'x%.0s' $(seq 1 80))"; do
    check "login as an impossible name → 401 (${#bad} bytes)" test "$(login "$bad" "$PW" "$T/bad.jar")" = 401
    check "server alive after an impossible name" kill -0 "$SRV"
done

# ---- every role logs in and sees its overview ---------------------------------------------
for role in admin planner reviewer reporter; do
    check "$role logs in (303)" test "$(login $role $PW "$T/$role.jar")" = 303
    check "$role gets a session cookie" grep -q 'planmon_session' "$T/$role.jar"
    curl -s -D "$T/$role.h" -o "$T/$role.html" -b "$T/$role.jar" "$B/"
    check "$role: overview 200" grep -q '^HTTP/1.1 200' "$T/$role.h"
    check "$role: overview has the plan title" grep -q '大兴区民政事业发展“十四五”规划' "$T/$role.html"
    check "$role: overview counts 32 indicators" grep -q '共 32 项指标' "$T/$role.html"
    check "$role: overview has status counts" grep -q 'class="status-counts"' "$T/$role.html"
    check "$role: overview names the domains" grep -q '基本民生保障' "$T/$role.html"
    check "$role: overview has the CSP header" grep -q "^Content-Security-Policy: default-src 'self'" "$T/$role.h"
    check "$role: overview is not cached" grep -qi '^Cache-Control: no-store' "$T/$role.h"
    check "$role: no inline script or style" sh -c "! grep -Eq '<script>|<style|style=\"' '$T/$role.html'"
done
login admin "$PW" "$T/x.jar" >/dev/null
check "the session cookie is HttpOnly, SameSite=Strict, Path=/" \
    grep -q '^Set-Cookie: planmon_session=[A-Za-z0-9_-]*; Path=/; HttpOnly; SameSite=Strict' "$T/post.h"
check "district overview shows binding alerts" grep -q '预警：' "$T/admin.html"
check "reporter lands on its town" grep -q '<h1>黄村镇' "$T/reporter.html"
check "reporter may not read the district (403)" test "$(code GET '/?unit=110115' -b "$T/reporter.jar")" = 403
check "reporter may not read another town (403)" test "$(code GET '/?unit=110115010' -b "$T/reporter.jar")" = 403
check "reporter may read a village of its town" test "$(code GET '/?unit=110115009001' -b "$T/reporter.jar")" = 200
check "reviewer (district) may read a town" test "$(code GET '/?unit=110115009' -b "$T/reviewer.jar")" = 200
check "planner reads any town" test "$(code GET '/?unit=110115022&year=2022' -b "$T/planner.jar")" = 200
check "unknown unit → 404" test "$(code GET '/?unit=nope' -b "$T/admin.jar")" = 404
check "year outside the plan → 400" test "$(code GET '/?year=1999' -b "$T/admin.jar")" = 400
check "HEAD / → 200" test "$(curl -s -o /dev/null -w '%{http_code}' -I -b "$T/admin.jar" "$B/")" = 200

# ---- users page: admins only -------------------------------------------------------------
check "admin sees the users page" test "$(code GET /users -b "$T/admin.jar")" = 200
check "admin's navigation links the users page" grep -q 'href="/users"' "$T/admin.html"
check "planner's navigation does not" sh -c "! grep -q 'href=\"/users\"' '$T/planner.html'"
for role in planner reviewer reporter; do
    check "$role: /users → 403" test "$(code GET /users -b "$T/$role.jar")" = 403
done
curl -s -b "$T/reporter.jar" "$B/users" >"$T/403.html"
check "403 page explains in Chinese" grep -q '没有权限' "$T/403.html"

# CSRF: a missing or wrong token changes nothing.
curl -s -b "$T/admin.jar" "$B/users" >"$T/users.html"
TOKEN=$(csrf_of "$T/users.html")
check "users page carries a CSRF token" test -n "$TOKEN"
users_csv >"$T/users.before"
check "POST /users without CSRF → 403" test "$(code POST /users -b "$T/admin.jar" \
    --data-urlencode name=sneaky --data-urlencode role=admin)" = 403
check "POST /users with a wrong CSRF token → 403" test "$(code POST /users -b "$T/admin.jar" \
    --data-urlencode csrf=wrong --data-urlencode name=sneaky --data-urlencode role=admin)" = 403
check "POST /users with another session's token → 403" test "$(code POST /users -b "$T/admin.jar" \
    --data-urlencode "csrf=$(csrf_of "$T/planner.html")" --data-urlencode name=sneaky --data-urlencode role=admin)" = 403
check "POST /users by a reporter with its own token → 403" test "$(code POST /users -b "$T/reporter.jar" \
    --data-urlencode "csrf=$(csrf_of "$T/reporter.html")" --data-urlencode name=sneaky --data-urlencode role=admin)" = 403
users_csv >"$T/users.after"
check "nothing changed after refused posts" cmp -s "$T/users.before" "$T/users.after"

# A hostile display name is stored as given and shown escaped.
EVIL='<script>alert(1)</script>"><img src=x onerror=alert(2)>'
check "admin creates a user (200)" test "$(curl -s -o "$T/created.html" -w '%{http_code}' -b "$T/admin.jar" \
    --data-urlencode "csrf=$TOKEN" --data-urlencode name=zhangsan --data-urlencode "display=$EVIL" \
    --data-urlencode role=reporter --data-urlencode unit=110115010 "$B/users")" = 200
curl -s -b "$T/admin.jar" "$B/users" >"$T/users2.html"
check "the new user is listed" grep -q 'zhangsan' "$T/users2.html"
check "the display name is escaped" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;"&gt;&lt;img src=x onerror=alert(2)&gt;' "$T/users2.html"
check "no raw script from the name" sh -c "! grep -qF '<script>alert(1)' '$T/users2.html'"
check "the generated password is shown once" grep -q 'class="secret"' "$T/created.html"
check "the store holds the name as given" sh -c "'$PLANMON' user list --db '$DB' --format json | grep -qF 'alert(1)'"
check "a taken name → 409" test "$(code POST /users -b "$T/admin.jar" --data-urlencode "csrf=$TOKEN" \
    --data-urlencode name=zhangsan --data-urlencode role=reporter)" = 409
check "an invalid name → 400" test "$(code POST /users -b "$T/admin.jar" --data-urlencode "csrf=$TOKEN" \
    --data-urlencode 'name=a b' --data-urlencode role=reporter)" = 400
check "SQL in a name is just a bad name → 400" test "$(code POST /users -b "$T/admin.jar" --data-urlencode "csrf=$TOKEN" \
    --data-urlencode "name=x';DROP TABLE users;--" --data-urlencode role=reporter)" = 400
check "users table intact" sh -c "'$PLANMON' user list --db '$DB' --format csv | grep -q '^admin,'"
check "invalid UTF-8 in a form → 400" test "$(printf 'csrf=%s&name=%%ff%%fe&role=reporter' "$TOKEN" | \
    curl -s -o /dev/null -w '%{http_code}' -b "$T/admin.jar" --data-binary @- "$B/users")" = 400
check "invalid UTF-8 in a query → 400" test "$(code GET '/?unit=%ff' -b "$T/admin.jar")" = 400
check "the new user logs in with the shown password" \
    test "$(login zhangsan "$(sed -n 's/.*<code class="secret">\([^<]*\)<.*/\1/p' "$T/created.html")" "$T/z.jar")" = 303
curl -s -b "$T/z.jar" "$B/?unit=110115010" >"$T/z.html"
check "its name is escaped in the page header" grep -qF '<span class="user">&lt;script&gt;' "$T/z.html"

# ---- errors and limits ------------------------------------------------------------------------
curl -s -D "$T/404.h" -o "$T/404.html" "$B/nope"
check "unknown path → 404" grep -q '^HTTP/1.1 404' "$T/404.h"
check "404 page in Chinese" grep -q '页面不存在' "$T/404.html"
check "404 carries the security headers" grep -q '^X-Frame-Options: DENY' "$T/404.h"
curl -s -D "$T/405.h" -o /dev/null -X DELETE -b "$T/admin.jar" "$B/users"
check "wrong method → 405" grep -q '^HTTP/1.1 405' "$T/405.h"
check "405 says what is allowed" grep -q '^Allow: GET, HEAD, POST' "$T/405.h"
check "PUT / → 405" test "$(code PUT / -d x=1)" = 405
head -c 2000000 /dev/zero | tr '\0' a >"$T/big"
check "oversized body → 413" test "$(code POST /users -b "$T/admin.jar" --data-binary @"$T/big")" = 413
check "oversized chunked body → 413" test "$(code POST /users -b "$T/admin.jar" -H 'Transfer-Encoding: chunked' \
    --data-binary @"$T/big")" = 413
check "oversized login body → 413" test "$(code POST /login --data-binary @"$T/big")" = 413
check "path traversal /static/../ → 404" test "$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$B/static/../plans/daxing-14th.txt")" = 404
check "encoded traversal → 404" test "$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "$B/static/%2e%2e/plans/daxing-14th.txt")" = 404
check "encoded slash traversal → 404" test "$(code GET '/static/..%2fplans%2fdaxing-14th.txt')" = 404
check "an embedded plan file is not served" test "$(code GET /static/daxing-14th.txt)" = 404
login admin "$PW" "$T/r.jar" //evil.example/ >/dev/null
check "a login never redirects to another site" grep -q '^Location: /.$' "$T/post.h"
login admin "$PW" "$T/r.jar" '/?unit=110115009' >/dev/null
check "a login goes back to the page asked for" grep -q '^Location: /?unit=110115009.$' "$T/post.h"

# ---- static files ---------------------------------------------------------------------------------
curl -s -D "$T/css.h" -o "$T/style.css" "$B/static/style.css"
check "style.css 200" grep -q '^HTTP/1.1 200' "$T/css.h"
check "style.css is text/css" grep -qi '^Content-Type: text/css' "$T/css.h"
check "style.css may be cached" grep -qi '^Cache-Control: public' "$T/css.h"
check "style.css is the embedded file" cmp -s "$T/style.css" web/style.css
check "app.js is JavaScript" sh -c "curl -s -D - -o /dev/null '$B/static/app.js' | grep -qi '^Content-Type: text/javascript'"
ETAG=$(tr -d '\r' <"$T/css.h" | sed -n 's/^ETag: //p')
check "an unchanged file → 304" test "$(code GET /static/style.css -H "If-None-Match: $ETAG")" = 304
check "no external fonts or hosts in the stylesheet" sh -c "! grep -Eq 'url\\(|@import|https?:' web/style.css"

# ---- logout ----------------------------------------------------------------------------------------
check "logout without CSRF → 403" test "$(code POST /logout -b "$T/planner.jar")" = 403
check "logout → 303" test "$(code POST /logout -b "$T/planner.jar" --data-urlencode "csrf=$(csrf_of "$T/planner.html")")" = 303
check "after logout / → 302" test "$(code GET / -b "$T/planner.jar")" = 302

# ---- login rate limiting (5 failures per name in 15 minutes) ------------------------------------------
for n in 1 2 3 4 5; do
    check "wrong password $n → 401" test "$(login planner "wrong-$n" "$T/bad.jar")" = 401
done
check "6th try → 429" test "$(login planner "wrong-6" "$T/bad.jar")" = 429
check "even the right password → 429 while limited" test "$(login planner "$PW" "$T/bad.jar")" = 429
check "another name still logs in" test "$(login reviewer "$PW" "$T/rv2.jar")" = 303

# ---- stop -----------------------------------------------------------------------------------------------
kill -TERM "$SRV"
i=0
while [ $i -lt 100 ] && kill -0 "$SRV" 2>/dev/null; do
    sleep 0.1
    i=$((i + 1))
done
wait "$SRV"
RC=$?
SRV=
check "SIGTERM stops the server cleanly (exit 0)" test "$RC" -eq 0
check "the server says it stops" grep -q '正在停止' "$T/serve.out"
check "no sanitizer report from the server" sh -c "! grep -q 'Sanitizer' '$T/serve.err'"
finish
