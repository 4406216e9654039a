#!/bin/sh
# A password in a --db URI never reaches the output: every command that
# takes --db, pointed at a PostgreSQL server that is not there with the
# password in the URI (user:secret@) and as a parameter (?password=), fails
# with a message that names the database with the password hidden
# (cli_db_name, store's pm_store_shown), never "文件 postgresql://…"; and
# on a throwaway cluster (tests/pg_cluster.sh) whose role must give its
# password, every command, and what serve prints, leaves it out too,
# whatever the command then says (the store's own errors name the database).
# The list of commands is checked against `planmon --help`, so a new
# command that takes --db has to be added here.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pg_cluster.sh"

SECRET=s3cretPW9
# Port 1 on the loopback: nothing listens, the connection is refused at once.
URI="postgresql://planmon:$SECRET@127.0.0.1:1/planmon"
URI2="postgres://planmon@127.0.0.1:1/planmon?password=$SECRET&connect_timeout=2"

# Real input files, so that each command gets as far as the database.
DB=$T/demo.db
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" test -s "$DB"
"$PLANMON" export --db "$DB" --year 2023 --unit 110115 -o "$T/values.csv" >/dev/null 2>&1
"$PLANMON" backup "$T/backup.db" --db "$DB" >/dev/null 2>&1
printf 'code,name,parent,level\nD,大兴区,,0\n' >"$T/units.csv"
printf 'unit,item,baseline,target\nD,1,1,2\n' >"$T/targets.csv"
printf 'code,name,kind\nK1,规划科,科室\n' >"$T/depts.csv"
check "input files" test -s "$T/values.csv" -a -s "$T/backup.db"

# One line per command: its words and arguments (--db is appended).
cat >"$T/commands" <<CMDS
plan list
plan use 14th
plan continue 5 14th:5
init
units import $T/units.csv
targets import $T/targets.csv
demo
status
serve --listen 127.0.0.1:0
user add u1 --role planner
user passwd u1
user list
user disable u1
user enable u1
user dept u1 K1
token add u1
token list
token revoke 1
audit
template --unit D --year 2023 -o $T/t.xlsx
import $T/values.csv
submit --unit D --year 2023
approve --unit D --year 2023
return --unit D --year 2023 --reason 不对
review-levels
history
export
report
check
backup $T/new-backup.db
restore $T/backup.db
dept list
dept add K2 科
dept import $T/depts.csv
task import $T/depts.csv
task add T1 任务 --lead K1
task list
task show T1
task update T1 --period 2024 --state 已完成
task approve 1
task return 1 --reason 不对
project import $T/depts.csv
project list
project milestone T1 1
narrative list
narrative set 文字 --year 2024 --scope plan --kind work
narrative import $T/depts.csv
narrative export
narrative history
rules
judge 5 已实现 --year 2024
judgments
round open --year 2024 --deadline 2025-03-01
round list
round status 1
round remind 1
CMDS

# Every command whose help names --db is in the list above.
# A command's words: the leading lower-case words of its line.
words() { awk '{ w = ""; for (i = 1; i <= NF && $i ~ /^[a-z][a-z-]*$/; i++) w = w " " $i; print substr(w, 2) }'; }
"$PLANMON" --help 2>&1 | grep -- '--db F' | sed 's/^  planmon //' | words | sort -u >"$T/helped"
words <"$T/commands" | sort -u >"$T/listed"
check "the help names commands with --db" test "$(wc -l <"$T/helped")" -ge 40
check "every command with --db is tried" sh -c "comm -23 '$T/helped' '$T/listed' | grep -q . && exit 1 || exit 0"
comm -23 "$T/helped" "$T/listed" | sed 's/^/not tried: /'

for uri in "$URI" "$URI2"; do
    while IFS= read -r line; do
        # shellcheck disable=SC2086 # the line is words
        PLANMON_PASSWORD=pw12345678 "$PLANMON" $line --db "$uri" </dev/null >"$T/out" 2>&1
        rc=$?
        check "$line: fails" test "$rc" -ne 0
        check "$line: no password in the output" sh -c "! grep -q '$SECRET' '$T/out'"
        check "$line: names the database, password hidden" grep -q '127.0.0.1:1/planmon' "$T/out"
        check "$line: not called a file" sh -c "! grep -q '文件 postgres' '$T/out'"
        grep -q "$SECRET" "$T/out" && awk -v l="$line" '{ print l ": " $0 }' "$T/out"
    done <"$T/commands"
done

# ---- a server that is there ---------------------------------------------------
pg_cluster_or_fail
_pg_psql postgres -c "CREATE DATABASE pw_test" >/dev/null
LIVE=$(pg_url pw_test pw_user right-password)
PLANMON_PASSWORD=pw12345678 "$PLANMON" init --db "$LIVE" >"$T/out" 2>&1
check "live: init" grep -q '已创建数据库' "$T/out"
check "live: init's output without the password" sh -c "! grep -q right-password '$T/out'"
"$PLANMON" units import "$T/units.csv" --db "$LIVE" >/dev/null 2>&1
check "live: units imported" test $? -eq 0
# The same commands, and errors the store finds once it is open.
{
    grep -v '^serve' "$T/commands"
    echo "status --plan no-such-plan"
    echo "plan use no-such-plan"
    echo "task show NOPE"
    echo "user disable nobody"
    echo "round status 99"
} >"$T/live"
while IFS= read -r line; do
    # shellcheck disable=SC2086 # the line is words
    PLANMON_PASSWORD=pw12345678 "$PLANMON" $line --db "$LIVE" </dev/null >"$T/out" 2>&1
    check "live $line: no password in the output" sh -c "! grep -q right-password '$T/out'"
    check "live $line: never calls the database a file" sh -c "! grep -q '文件 postgres' '$T/out'"
    grep -q right-password "$T/out" && awk -v l="live $line" '{ print l ": " $0 }' "$T/out"
done <"$T/live"
"$PLANMON" serve --db "$LIVE" --listen 127.0.0.1:0 >"$T/serve.out" 2>&1 &
pid=$!
port=$(port_of "$T/serve.out")
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
check "live serve: started" test -n "$port"
check "live serve: names the database" grep -q 'pw_test' "$T/serve.out"
check "live serve: no password in what it prints" sh -c "! grep -q right-password '$T/serve.out'"

finish
