#!/bin/sh
# planmon serve --config FILE: the settings file's keys are serve's own
# options (db, listen), the command line wins over the file, and a bad file
# is refused with exit 2 naming the file, the line and the setting.
set -u
. "$(dirname "$0")/../lib.sh"

DB="$T/conf.db"
PLANMON_PASSWORD=admin-pass-123 "$PLANMON" init --db "$DB" >/dev/null 2>&1
check "init makes the database" test -f "$DB"

# Starts serve with the given arguments in the background; sets PORT from
# the address it prints (empty when it did not start) and SRV to its pid.
start() {
    : >"$T/serve.out"
    "$PLANMON" serve "$@" >"$T/serve.out" 2>"$T/serve.err" &
    SRV=$!
    PORT=
    i=0
    while [ $i -lt 150 ] && [ -z "$PORT" ] && kill -0 "$SRV" 2>/dev/null; do
        PORT=$(sed -n 's#.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$T/serve.out" 2>/dev/null)
        [ -n "$PORT" ] || sleep 0.1
        i=$((i + 1))
    done
}
stop() {
    kill "$SRV" 2>/dev/null
    wait "$SRV" 2>/dev/null
}

cat >"$T/planmon.conf" <<CONF
# planmon serve's settings (test)
db = $DB
listen = 127.0.0.1:0
CONF
start --config "$T/planmon.conf"
check "serve starts from the settings file alone" test -n "$PORT"
check "it serves the file's database" grep -q "$DB" "$T/serve.out"
check "it answers on the file's address" \
    sh -c "curl -s -o /dev/null -w '%{http_code}' 'http://127.0.0.1:$PORT/login' | grep -q 200"
stop

# The command line wins: --db given names another (missing) database.
"$PLANMON" serve --config "$T/planmon.conf" --db "$T/none.db" >"$T/out" 2>"$T/err"
check "--db on the command line wins over the file (exit 2)" test $? -eq 2
check "… naming the command line's database" grep -q "none.db" "$T/err"

# Refusals: exit 2, file and line named, nothing served.
refused() { # what, expected words, file contents
    printf '%b' "$3" >"$T/bad.conf"
    "$PLANMON" serve --config "$T/bad.conf" >"$T/out" 2>"$T/err"
    rc=$?
    check "$1 → exit 2 (got $rc)" test "$rc" -eq 2
    check "$1 → names the file and the words '$2'" sh -c "grep -q 'bad.conf' '$T/err' && grep -q -- '$2' '$T/err'"
}
refused "unknown setting" '第 2 行：未知的设置“port”' "db = $DB\nport = 8080\n"
refused "no equals sign" '第 1 行' "listen 127.0.0.1:0\n"
refused "repeated setting" '第 3 行：设置 db 重复' "db = $DB\n\ndb = $DB\n"
refused "config inside config" '不能再指定 config' "config = /etc/x.conf\n"
refused "hidden or help option" '未知的设置“help”' "help = true\n"
refused "empty value" '没有值' "db =\n"
"$PLANMON" serve --config "$T/missing.conf" >"$T/out" 2>"$T/err"
check "a missing --config file → exit 2" test $? -eq 2
check "… named" grep -q 'missing.conf' "$T/err"

# The packaged settings file parses, and names only known settings.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
sed "s#^db = .*#db = $T/none.db#" "$ROOT/debian/planmon.conf" >"$T/packaged.conf"
"$PLANMON" serve --config "$T/packaged.conf" >"$T/out" 2>"$T/err"
check "the packaged planmon.conf is read (only the database is missing)" grep -q '数据库 .*none.db 不存在' "$T/err"
finish
