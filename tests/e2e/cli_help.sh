#!/bin/sh
# The command table (src/cli/main.c) against what users see: every command
# and subcommand, listed by the hidden `planmon help --list`, answers
# --help with exit 0 and its OWN usage line, refuses an unknown option with
# exit 2 naming it, and accepts every option its --help lists (so help
# cannot drift from the parser). Also: --version, the man page (rendered
# by man-db) and the bash completion made from the same table.
set -u
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

"$PLANMON" help --list >"$T/list" 2>"$T/err"
check "help --list exits 0" test $? -eq 0
check "help --list names the commands and subcommands" \
    sh -c "grep -qx 'user add' '$T/list' && grep -qx 'plan' '$T/list' && grep -qx 'targets import' '$T/list'"
check "help --list has more than 20 commands" test "$(wc -l <"$T/list")" -gt 20

# A value --help's option line shows: the first choice, a year, or a word.
value_for() { # $1: the metavariable shown
    case $1 in
    *'|'*) echo "${1%%|*}" ;;
    Y) echo 2023 ;;
    *) echo x ;;
    esac
}

while IFS= read -r cmd; do
    # shellcheck disable=SC2086
    "$PLANMON" $cmd --help >"$T/help" 2>"$T/herr"
    rc=$?
    check "'$cmd --help' exits 0 (got $rc)" test "$rc" -eq 0
    first=$(head -n 1 "$T/help")
    check "'$cmd --help' prints its own usage (got: $first)" \
        sh -c "case \"\$1\" in \"用法：planmon $cmd\" | \"用法：planmon $cmd \"*) exit 0;; *) exit 1;; esac" - "$first"
    check "'$cmd --help' writes nothing on stderr" test ! -s "$T/herr"
    # shellcheck disable=SC2086
    "$PLANMON" $cmd --no-such-option >"$T/out" 2>"$T/err"
    rc=$?
    check "'$cmd --no-such-option' exits 2 (got $rc)" test "$rc" -eq 2
    check "'$cmd --no-such-option' names the option" grep -q -- '--no-such-option' "$T/err"
    # Every option --help lists is one the parser takes: given (with a
    # value when it has one) before --help, the help still comes, exit 0.
    sed -n '/^选项：/,$p' "$T/help" | grep -E '^  -' | grep -v -- '--help' >"$T/opts" || true
    while IFS= read -r line; do
        set -- $line
        case $1 in -?,) shift ;; esac   # "-o, --output FILE" → "--output FILE"
        opt=$1
        arg=""
        case ${2:-} in [A-Za-z]* | 用户 | 原因) [ $# -ge 3 ] && arg=$(value_for "$2") ;; esac
        # shellcheck disable=SC2086
        "$PLANMON" $cmd "$opt" $arg --help >/dev/null 2>"$T/oerr"
        rc=$?
        check "'$cmd $opt $arg --help' is accepted (got $rc: $(head -c 200 "$T/oerr"))" test "$rc" -eq 0
    done <"$T/opts"
done <"$T/list"

# The bugs this table fixed (issue 10): each command's help is its own.
"$PLANMON" import --help >"$T/h" 2>&1
check "import --help is not units import's" sh -c "! grep -q 'units import' '$T/h' && grep -q '^用法：planmon import ' '$T/h'"
"$PLANMON" targets import --help >"$T/h" 2>&1
check "targets import --help is its own" grep -q '^用法：planmon targets import FILE.csv' "$T/h"
"$PLANMON" token add --help >"$T/h" 2>&1
check "token add --help is not user add's" sh -c "! grep -q 'user add' '$T/h' && grep -q '^用法：planmon token add ' '$T/h'"
for group in plan user units targets token; do
    "$PLANMON" $group --help >"$T/h" 2>&1
    check "$group --help exits 0" test $? -eq 0
    check "$group --help is not 未知命令" sh -c "! grep -q 未知命令 '$T/h'"
    "$PLANMON" $group >"$T/h" 2>&1
    rc=$?
    check "$group alone exits 2 (got $rc)" test "$rc" -eq 2
    check "$group alone lists its subcommands" grep -q "^用法：planmon $group " "$T/h"
done
"$PLANMON" user frob >"$T/out" 2>"$T/err"
check "an unknown subcommand exits 2" test $? -eq 2
check "an unknown subcommand is named" grep -q '未知命令“frob”' "$T/err"
"$PLANMON" frobnicate >"$T/out" 2>"$T/err"
check "an unknown command exits 2" test $? -eq 2
"$PLANMON" help status >"$T/h"
check "help status = status --help" sh -c "'$PLANMON' status --help | cmp -s - '$T/h'"

# Checks the table itself enforces, not the handlers.
"$PLANMON" submit --unit 110115 >"$T/out" 2>"$T/err"
check "a required option missing exits 2" test $? -eq 2
check "a required option missing is named" grep -q -- '缺少必需的选项 --year' "$T/err"
"$PLANMON" plan parse >"$T/out" 2>"$T/err"
check "a missing argument exits 2" test $? -eq 2
"$PLANMON" plan show extra >"$T/out" 2>"$T/err"
check "an extra argument exits 2" test $? -eq 2
check "an extra argument is named" grep -q '多余的参数“extra”' "$T/err"
"$PLANMON" status --year 12 >"$T/out" 2>"$T/err"
check "a bad year exits 2" test $? -eq 2
"$PLANMON" export --what nothing >"$T/out" 2>"$T/err"
check "a value outside the choices exits 2" test $? -eq 2
check "the refusal lists the choices" grep -q 'values、status' "$T/err"
"$PLANMON" import --as '' x.csv >"$T/out" 2>"$T/err"
check "an empty value exits 2" test $? -eq 2

# The overview lists every shown command; hidden ones stay hidden.
"$PLANMON" help >"$T/overview"
for cmd in 'plan show' 'plan parse' 'user add' 'token add' 'targets import' status report; do
    check "help lists $cmd" grep -q "^  planmon $cmd" "$T/overview"
done
check "help hides routes" sh -c "! grep -q 'planmon routes' '$T/overview'"

# --version: VERSION's number and the commit the build saw.
"$PLANMON" --version >"$T/v"
check "--version exits 0" test $? -eq 0
check "--version gives VERSION's number" grep -qx "planmon $(cat "$ROOT/VERSION")" "$T/v"
if [ -e "$ROOT/.git" ]; then
    commit=$(sed -n 's/^提交 \([0-9a-f]\{12\}\).*/\1/p' "$T/v")
    check "--version names a commit of this repository ($commit)" git -C "$ROOT" cat-file -e "${commit:-none}^{commit}"
fi
# A tree without .git says so instead of borrowing a parent's commit.
mkdir -p "$T/tree/tools" && cp "$ROOT/VERSION" "$T/tree/" && cp "$ROOT/tools/version-h.sh" "$T/tree/tools/"
(cd "$T" && git init -q . 2>/dev/null)   # a repository around the tree must not count
sh "$T/tree/tools/version-h.sh" >"$T/version.h"
check "version-h.sh without .git: empty commit" grep -qx '#define PLANMON_COMMIT ""' "$T/version.h"

# The man page: roff from the table, rendered by man-db.
command -v man >/dev/null 2>&1 || "$ROOT/scripts/deps.sh" >/dev/null
"$PLANMON" help --man >"$T/planmon.1"
MANWIDTH=100 man -l "$T/planmon.1" >"$T/man.txt" 2>"$T/man.err"
check "man renders planmon(1)" test $? -eq 0
for cmd in 'plan parse' 'user add' 'token add' 'import' 'report'; do
    check "man page has planmon $cmd" grep -q "planmon $cmd" "$T/man.txt"
done
check "man page has import's --dry-run" grep -q -- '--dry-run' "$T/man.txt"

# The bash completion: sourced, and asked as bash would ask it.
"$PLANMON" help --completion bash >"$T/planmon.bash"
complete_words() { # the words of a command line; the last is being completed
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _planmon; printf "%s\n" "${COMPREPLY[@]}"' \
        - "$T/planmon.bash" "$@"
}
out=$(complete_words planmon us)
check "completion: 'planmon us' → user" test "$out" = user
out=$(complete_words planmon user '')
check "completion: user's subcommands" test "$(echo $out)" = "add passwd list disable enable dept"
out=$(complete_words planmon status --format '')
check "completion: status --format's choices" test "$(echo $out)" = "table csv json"
out=$(complete_words planmon export --w)
check "completion: export --w → --what" test "$out" = --what
out=$(complete_words planmon import --db "$T/man.t")
check "completion: --db completes a file name" test "$out" = "$T/man.txt"
finish
