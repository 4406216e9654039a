#!/bin/sh
# Accounts (issue 10): planmon token list|revoke, user disable|enable, user
# passwd ending sessions and (--revoke-tokens) tokens, the audit log (CLI in
# table/csv/json and the admin page), and the web's disable/enable and token
# revoke on the users page — each checked by what it does to a live server.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "accounts.sh: curl is missing"; exit 1; }

DB=$(test_db acc)
PW=acc-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo makes the database" db_made "$DB"
pm() { "$PLANMON" "$@" --db "$DB"; }

"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
check "server starts" test -n "$PORT"
B=http://127.0.0.1:$PORT
login() { # login NAME PASSWORD JAR: prints the status
    rm -f "$3"
    curl -s -c "$3" -b "$3" "$B/login" >"$T/login.html"
    curl -s -o /dev/null -w '%{http_code}' -c "$3" -b "$3" --data-urlencode "csrf=$(csrf_of "$T/login.html")" \
        --data-urlencode "name=$1" --data-urlencode "password=$2" "$B/login"
}
bearer() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "$B/api/v1/me"; }
page() { curl -s -o /dev/null -w '%{http_code}' -b "$1" "$B$2"; }

# ---- tokens: add, list, revoke --------------------------------------------------------------
TOK=$(pm token add reporter 脚本 --as admin 2>/dev/null)
TOK2=$(pm token add reporter 备用 2>/dev/null)
check "token add prints a token" test -n "$TOK"
check "the token opens the API → 200" test "$(bearer "$TOK")" = 200
pm token list --format csv >"$T/tokens.csv"
check "token list: two tokens of reporter" test "$(grep -c ',reporter,' "$T/tokens.csv")" -eq 2
check "token list never shows a token" sh -c "! grep -q '$TOK' '$T/tokens.csv'"
ID=$(grep ',脚本,' "$T/tokens.csv" | cut -d, -f1)
check "token list gives a 12-digit id" sh -c "echo '$ID' | grep -Eq '^[0-9a-f]{12}$'"
check "token list NAME filters by user" sh -c "! \"$PLANMON\" token list admin --db '$DB' --format csv | grep -q reporter"
pm token revoke "$ID" >"$T/revoke.out" 2>&1
check "token revoke → exit 0" test $? -eq 0
check "… names the owner" grep -q 'reporter' "$T/revoke.out"
check "a revoked token → 401" test "$(bearer "$TOK")" = 401
check "the other token still works" test "$(bearer "$TOK2")" = 200
pm token revoke "$ID" >/dev/null 2>"$T/revoke2.err"
check "revoking it again → exit 2" test $? -eq 2
check "… says there is no such token" grep -q '没有编号' "$T/revoke2.err"
pm token revoke 'zz; DROP TABLE users' >/dev/null 2>"$T/revoke3.err"
check "a malformed id → exit 2" test $? -eq 2

# ---- user disable / enable ---------------------------------------------------------------------
check "reporter logs in" test "$(login reporter "$PW" "$T/rep.jar")" = 303
check "… and reads a page" test "$(page "$T/rep.jar" /)" = 200
pm user disable reporter >/dev/null
check "user disable → exit 0" test $? -eq 0
check "a disabled user's session is over (302 to login)" test "$(page "$T/rep.jar" /)" = 302
check "a disabled user's token → 401" test "$(bearer "$TOK2")" = 401
check "a disabled user cannot log in → 401" test "$(login reporter "$PW" "$T/rep.jar")" = 401
check "user list says 已停用" sh -c "pm() { \"$PLANMON\" \"\$@\" --db '$DB'; }; pm user list --format csv | grep '^reporter,' | grep -q 已停用"
pm user enable reporter >/dev/null
check "user enable → exit 0" test $? -eq 0
check "an enabled user logs in again" test "$(login reporter "$PW" "$T/rep.jar")" = 303
check "… and its token works again" test "$(bearer "$TOK2")" = 200
pm user disable nosuchuser >/dev/null 2>&1
check "disabling an unknown user → exit 2" test $? -eq 2

# ---- user passwd: sessions end; --revoke-tokens ends tokens ---------------------------------------
PLANMON_PASSWORD=new-pass-2025 pm user passwd reporter >/dev/null
check "passwd ends the session" test "$(page "$T/rep.jar" /)" = 302
check "passwd without the flag keeps the token" test "$(bearer "$TOK2")" = 200
check "reporter logs in with the new password" test "$(login reporter new-pass-2025 "$T/rep.jar")" = 303
PLANMON_PASSWORD=third-pass-2025 pm user passwd reporter --revoke-tokens >"$T/passwd.out"
check "passwd --revoke-tokens ends the session" test "$(page "$T/rep.jar" /)" = 302
check "… and the token → 401" test "$(bearer "$TOK2")" = 401
check "… says how many tokens" grep -q '1 个访问令牌' "$T/passwd.out"
check "… token list has none of reporter's" sh -c "! \"$PLANMON\" token list reporter --db '$DB' --format csv | grep -q ',reporter,'"

# ---- the web: admin disables, enables, revokes ------------------------------------------------------
check "admin logs in" test "$(login admin "$PW" "$T/adm.jar")" = 303
curl -s -b "$T/adm.jar" "$B/users" >"$T/users.html"
C=$(csrf_of "$T/users.html")
TOK3=$(pm token add planner 网页撤销 2>/dev/null)
curl -s -b "$T/adm.jar" "$B/users" >"$T/users.html"
ID3=$(pm token list planner --format csv | grep ',网页撤销,' | cut -d, -f1)
check "the users page lists the token by id" grep -q "$ID3" "$T/users.html"
check "the users page never shows a token" sh -c "! grep -q '$TOK3' '$T/users.html'"
check "the users page has no button to disable oneself" sh -c "! grep -q 'name=\"name\" value=\"admin\"' '$T/users.html'"
post() { curl -s -o "$T/post.html" -w '%{http_code}' -b "$T/adm.jar" --data-urlencode "csrf=$C" "$@"; }
check "web revoke → 200" test "$(post --data-urlencode "id=$ID3" "$B/users/tokens/revoke")" = 200
check "… the token → 401" test "$(bearer "$TOK3")" = 401
check "web revoke of an unknown id → 404" test "$(post --data-urlencode "id=$ID3" "$B/users/tokens/revoke")" = 404
check "web revoke without CSRF → 403" \
    test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/adm.jar" -d id=000000000000 "$B/users/tokens/revoke")" = 403
check "planner logs in" test "$(login planner "$PW" "$T/pl.jar")" = 303
check "web disable → 200" test "$(post -d name=planner -d action=disable "$B/users/state")" = 200
check "… the planner's session is over" test "$(page "$T/pl.jar" /)" = 302
check "web disable of oneself → 400" test "$(post -d name=admin -d action=disable "$B/users/state")" = 400
check "web enable → 200" test "$(post -d name=planner -d action=enable "$B/users/state")" = 200
check "a planner may not disable users → 403" sh -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' -b '$T/pl2.jar' '$B/users/state')\" != 200 ]"
login planner "$PW" "$T/pl.jar" >/dev/null
check "the audit page is admins' only → 403 for a planner" test "$(page "$T/pl.jar" /audit)" = 403

# ---- failed login and logout are audited --------------------------------------------------------------
login admin wrong-password "$T/bad.jar" >/dev/null
login 'no such user' x "$T/bad.jar" >/dev/null
curl -s -b "$T/pl.jar" "$B/" >"$T/pl.html"
curl -s -o /dev/null -b "$T/pl.jar" --data-urlencode "csrf=$(csrf_of "$T/pl.html")" "$B/logout"

# ---- the audit log ---------------------------------------------------------------------------------------
pm audit --format json >"$T/audit.json"
check "audit --format json is JSON" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$T/audit.json"
aud() { python3 -c "import json,sys; a=json.load(open(sys.argv[1])); print(sum(1 for e in a if $1))" "$T/audit.json"; }
check "audit: the CLI token add by --as admin" test "$(aud "e['action']=='token_add' and e['actor']=='admin' and e['ip'] is None and e['from']=='命令行'")" -eq 1
check "audit: two CLI revokes and one web revoke" test "$(aud "e['action']=='token_revoke'")" -eq 2
check "audit: the web revoke by admin from 127.0.0.1" test "$(aud "e['action']=='token_revoke' and e['actor']=='admin' and e['ip']=='127.0.0.1'")" -eq 1
check "audit: disables (CLI and web)" test "$(aud "e['action']=='user_disable' and e['target'] in ('reporter','planner')")" -eq 2
check "audit: enables" test "$(aud "e['action']=='user_enable'")" -eq 2
check "audit: passwd twice, once revoking tokens" test "$(aud "e['action']=='user_passwd' and e['target']=='reporter'")" -eq 2
check "audit: logins" test "$(aud "e['action']=='login' and e['ip']=='127.0.0.1'")" -ge 5
check "audit: failed login of a disabled user says so" test "$(aud "e['action']=='login_failed' and e['actor']=='reporter' and e['detail']=='用户已停用'")" -eq 1
check "audit: failed login with a wrong password" test "$(aud "e['action']=='login_failed' and e['actor']=='admin'")" -eq 1
check "audit: a name that cannot exist is recorded as ?" test "$(aud "e['action']=='login_failed' and e['actor']=='?'")" -eq 1
check "audit: logout" test "$(aud "e['action']=='logout' and e['actor']=='planner'")" -eq 1
check "audit: times are UTC ISO 8601" test "$(aud "not e['at'].endswith('Z')")" -eq 0
check "audit: newest first" python3 -c "import json,sys; a=json.load(open(sys.argv[1])); assert [e['at'] for e in a]==sorted([e['at'] for e in a], reverse=True)" "$T/audit.json"
check "audit --format csv has a header" sh -c "pm() { \"$PLANMON\" \"\$@\" --db '$DB'; }; pm audit --format csv | head -n 1 | grep -q '^at,actor,action'"
check "audit table in Chinese" sh -c "pm() { \"$PLANMON\" \"\$@\" --db '$DB'; }; pm audit | grep -q 撤销访问令牌"
curl -s -b "$T/adm.jar" "$B/audit" >"$T/audit.html"
check "the audit page shows the web revoke" grep -q '撤销访问令牌' "$T/audit.html"
check "the audit page escapes the actor" sh -c "! grep -q '<no such' '$T/audit.html'"
AUDITED=$(db_sql "$DB" 'SELECT count(*) FROM audit_log')
check "audit rows cannot be deleted" db_refuses "$DB" 'DELETE FROM audit_log'
check "…and are all still there" test "$(db_sql "$DB" 'SELECT count(*) FROM audit_log')" = "$AUDITED"
check "…and there are some" test "$AUDITED" -gt 0
kill "$SRV"
wait "$SRV"
check "server stops cleanly" test $? -eq 0
SRV=
check "no sanitizer report" sh -c "! grep -q 'ERROR: \\|runtime error' '$T/serve.err'"
finish
