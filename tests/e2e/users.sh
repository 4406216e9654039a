#!/bin/sh
# planmon init's first admin, user add|passwd|list and token add: passwords
# from PLANMON_PASSWORD or generated and printed once (stdin is not a
# terminal here), refusals with exit 2 that change nothing, and secrets
# that never reach the database in the clear.
. "$(dirname "$0")/../lib.sh"

DB=$(test_db u)
# not_stored SECRET: the secret is nowhere in the database's rows (which
# must be there: the admin's name is).
not_stored() {
    db_dump "$DB" >"$T/dump" && grep -aq admin "$T/dump" && ! grep -aq -- "$1" "$T/dump"
}
# init without PLANMON_PASSWORD: a generated password, printed once.
env -u PLANMON_PASSWORD "$PLANMON" init --db "$DB" </dev/null >"$T/init.out" 2>"$T/init.err"
check "init exits 0" test $? -eq 0
check "init makes the admin" grep -q '管理员用户 admin' "$T/init.out"
check "init prints the generated password" grep -q '初始密码' "$T/init.out"
GEN=$(sed -n 's/.*只显示这一次，请妥善保存）：\([a-z0-9]*\)$/\1/p' "$T/init.out")
check "the generated password is 16 characters" test "${#GEN}" -eq 16
check "the password is not stored in the clear" not_stored "$GEN"
"$PLANMON" units import --db "$DB" tests/data/units/units.csv >/dev/null 2>&1
check "units imported" test $? -eq 0

# init with PLANMON_PASSWORD: nothing printed.
PLANMON_PASSWORD=chosen-secret-1 "$PLANMON" init --db "$(test_db v)" </dev/null >"$T/init2.out" 2>&1
check "init with PLANMON_PASSWORD exits 0" test $? -eq 0
check "init with PLANMON_PASSWORD prints no password" sh -c "! grep -q '初始密码' '$T/init2.out'"
W=$(test_db w)
check "a too short PLANMON_PASSWORD is refused" sh -c \
    "PLANMON_PASSWORD=short '$PLANMON' init --db '$W' </dev/null >/dev/null 2>&1; test \$? -eq 2"
check "…and no database is left" db_gone "$W"

# user add
PLANMON_PASSWORD=planner-pass-1 "$PLANMON" user add li --role planner --db "$DB" </dev/null >"$T/add.out" 2>&1
check "user add exits 0" test $? -eq 0
check "user add says so" grep -q '已创建用户 li' "$T/add.out"
env -u PLANMON_PASSWORD "$PLANMON" user add wang --role 审核人 --db "$DB" </dev/null >"$T/add2.out" 2>&1
check "user add takes the Chinese role name" test $? -eq 0
check "user add prints a generated password" grep -q '初始密码' "$T/add2.out"
PLANMON_PASSWORD=reporter-pass "$PLANMON" user add hc --role reporter --unit 110115002 --db "$DB" </dev/null >/dev/null 2>&1
check "user add with a unit exits 0" test $? -eq 0
"$PLANMON" user list --db "$DB" --format csv >"$T/before.csv"
check "unknown role → 2" sh -c "'$PLANMON' user add x --role boss --db '$DB' </dev/null >/dev/null 2>&1; test \$? -eq 2"
check "missing role → 2" sh -c "'$PLANMON' user add x --db '$DB' </dev/null >/dev/null 2>&1; test \$? -eq 2"
check "bad name → 2" sh -c "'$PLANMON' user add '<x>' --role admin --db '$DB' </dev/null >/dev/null 2>&1; test \$? -eq 2"
check "taken name → 2" sh -c "'$PLANMON' user add li --role admin --db '$DB' </dev/null >/dev/null 2>&1; test \$? -eq 2"
check "unknown unit → 2" sh -c "'$PLANMON' user add x --role reporter --unit 999 --db '$DB' </dev/null 2>'$T/unit.err' >/dev/null; test \$? -eq 2"
check "unknown unit is named" grep -q '999' "$T/unit.err"
check "missing database → 2" sh -c "'$PLANMON' user list --db '$(test_db_url none)' >/dev/null 2>&1; test \$? -eq 2"
"$PLANMON" user list --db "$DB" --format csv >"$T/after.csv"
check "refusals changed nothing" cmp -s "$T/before.csv" "$T/after.csv"

# user list
check "user list (csv) has a header" grep -q '^name,display_name,role,role_label,unit,unit_name,created_at,disabled' "$T/after.csv"
check "user list shows the planner" grep -q '^li,,planner,规划人员' "$T/after.csv"
check "user list shows the reviewer" grep -q '^wang,,reviewer,审核人' "$T/after.csv"
check "user list shows the reporter's unit" grep -q '^hc,,reporter,填报人,110115002,黄村镇' "$T/after.csv"
"$PLANMON" user list --db "$DB" >"$T/list.txt"
check "user list (table) in Chinese" grep -q '角色' "$T/list.txt"
"$PLANMON" user list --db "$DB" --format json >"$T/list.json"
check "user list (json) is an array" grep -q '^\[' "$T/list.json"

# user passwd
check "user passwd exits 0" sh -c "PLANMON_PASSWORD=new-pass-123 '$PLANMON' user passwd li --db '$DB' </dev/null >/dev/null 2>&1"
check "user passwd of nobody → 2" sh -c "PLANMON_PASSWORD=new-pass-123 '$PLANMON' user passwd ghost --db '$DB' </dev/null >/dev/null 2>&1; test \$? -eq 2"

# token add: the token alone on stdout, stored only as a hash.
"$PLANMON" token add li 导入脚本 --db "$DB" >"$T/token.out" 2>"$T/token.err"
check "token add exits 0" test $? -eq 0
TOKEN=$(cat "$T/token.out")
check "the token is 43 base64url characters" sh -c "printf '%s' '$TOKEN' | grep -Eq '^[A-Za-z0-9_-]{43}$'"
check "token add explains on stderr" grep -q 'Bearer' "$T/token.err"
check "the token is not stored in the clear" not_stored "$TOKEN"
check "token for nobody → 2" sh -c "'$PLANMON' token add ghost --db '$DB' >/dev/null 2>&1; test \$? -eq 2"
finish
