#!/bin/sh
# End-to-end: `planmon plan parse FILE --format json|csv|table` on the plan
# tables under tests/data/plans/ (DESIGN "Reading a plan's indicator table
# from text"). Good files must print the right indicators in every format;
# bad ones must exit 2 with nothing on stdout and a message naming the file
# and the line. Run from the repository root with $PLANMON set (tests/run.sh).
# Prints every failed check; exits non-zero if there was one.
set -u
: "${PLANMON:?PLANMON must point at the planmon binary}"
if [ ! -x "$PLANMON" ]; then
    echo "FAIL: $PLANMON is not an executable (build it first)"
    exit 1
fi
D=tests/data/plans
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
checks=0

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# run FILE ARGS...: runs planmon, leaving stdout, stderr and status in $tmp.
run() {
    "$PLANMON" "$@" >"$tmp/out" 2>"$tmp/err"
    echo $? >"$tmp/rc"
}

rc() { cat "$tmp/rc"; }

# json_check WHAT PYTHON-EXPR: the JSON that good() (or a cp) saved in
# $tmp/json, loaded as d (ind: its indicators, by: them by no), must make
# the expression true.
json_check() {
    checks=$((checks + 1))
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
ind = d["indicators"]
by = {i["no"]: i for i in ind}
sys.exit(0 if eval(sys.argv[2]) else 1)
' "$tmp/json" "$2" 2>"$tmp/pyerr" || fail "$1: json check failed: $2 $(tail -n 1 "$tmp/pyerr")"
}

# good FILE COUNT Y0 Y1: parses in all three formats, checks the basics.
good() {
    f=$D/$1
    rm -f "$tmp/json" # a failed parse must not leave the last file's JSON to check
    run plan parse "$f" --format json
    checks=$((checks + 1))
    if [ "$(rc)" != 0 ]; then
        fail "$1 --format json: exit $(rc): $(cat "$tmp/err")"
        return
    fi
    [ -s "$tmp/err" ] && fail "$1: stderr not empty: $(cat "$tmp/err")"
    cp "$tmp/out" "$tmp/json"
    json_check "$1" "len(ind) == $2 and d['base_year'] == $3 and d['target_year'] == $4"
    json_check "$1" "[i['no'] for i in ind] == sorted(set(i['no'] for i in ind))"
    json_check "$1" "all(set(i) >= {'no','domain','subdomain','name','unit','baseline','target','target_op','binding','cumulative','polarity'} for i in ind)"
    json_check "$1" "all(i['name'] and '（' + i['unit'] + '）' not in i['name'] and '*' not in i['name'] for i in ind)"

    run plan parse "$f" --format csv
    checks=$((checks + 1))
    if [ "$(rc)" != 0 ]; then
        fail "$1 --format csv: exit $(rc)"
    else
        head -n 1 "$tmp/out" | grep -q '^no,code,domain,subdomain,name,unit,baseline,target,target_op,binding,cumulative,polarity' ||
            fail "$1 --format csv: header: $(head -n 1 "$tmp/out")"
        rows=$(($(wc -l <"$tmp/out") - 1))
        [ "$rows" -eq "$2" ] || fail "$1 --format csv: $rows rows, want $2"
    fi

    run plan parse "$f" --format table
    checks=$((checks + 1))
    if [ "$(rc)" != 0 ]; then
        fail "$1 --format table: exit $(rc)"
    else
        grep -q "${3}年" "$tmp/out" && grep -q "${4}年" "$tmp/out" || fail "$1 --format table: years not in the header"
        grep -q "共 $2 项指标" "$tmp/out" || fail "$1 --format table: no \"共 $2 项指标\": $(tail -n 1 "$tmp/out")"
    fi
}

# bad FILE LINE WORD: exit 2, empty stdout, stderr names file, line, word.
bad() {
    f=$1
    checks=$((checks + 1))
    run plan parse "$f" --format json
    [ "$(rc)" = 2 ] || fail "$f: exit $(rc), want 2"
    [ -s "$tmp/out" ] && fail "$f: stdout not empty: $(head -c 200 "$tmp/out")"
    grep -qF "$f" "$tmp/err" || fail "$f: stderr does not name the file: $(head -c 300 "$tmp/err")"
    grep -qF "第 $2 行" "$tmp/err" || fail "$f: stderr does not name line $2: $(head -c 300 "$tmp/err")"
    grep -qF "$3" "$tmp/err" || fail "$f: stderr lacks \"$3\": $(head -c 300 "$tmp/err")"
}

# ---- good inputs ----------------------------------------------------------
good seed-daxing.txt 32 2020 2025
json_check seed "sorted(i['no'] for i in ind if i['binding']) == [2, 5, 6, 8, 11, 12, 13, 14, 15, 25, 27, 28]"
json_check seed "by[17]['baseline'] is None and by[17]['target'] == 130 and by[17]['unit'] == '个' and by[17]['name'] == '实施村（居）委会撤销（调整）'"
json_check seed "by[10]['unit'] == '' and by[10]['target_op'] == '>=' and by[10]['target'] == 0.6"
json_check seed "by[32]['domain'] == '基础保障' and by[32]['subdomain'] is None"
json_check seed "all(by[n]['subdomain'] == '城乡社区治理' for n in range(13, 18))"
json_check seed "by[9]['baseline'] == 30.3 and by[7]['target_op'] == '>=' and all(i['polarity'] == 1 for i in ind)"
run plan parse "$D/seed-daxing.txt" --format csv
# (target_op = stays bare: a lone = carries no formula, so the CSV guard leaves it)
grep -q '^17,I17,基层社会治理,城乡社区治理,实施村（居）委会撤销（调整）,个,,130,=,false,false,1$' "$tmp/out" ||
    fail "seed csv: row 17: $(grep '^17,' "$tmp/out")"
run plan parse "$D/seed-daxing.txt"
grep -q '共 32 项指标，其中约束性 12 项、预期性 20 项' "$tmp/out" || fail "seed table (default format): totals"

good tsv-merged.txt 7 2020 2025
json_check tsv-merged "by[4]['name'] == '社区书记工作室示范点' and by[4]['unit'] == '个' and by[4]['binding']"
json_check tsv-merged "by[3]['subdomain'] == '养老服务' and by[7]['subdomain'] is None and by[7]['domain'] == '基础保障'"

good tsv-empty-last.txt 4 2020 2025
json_check tsv-empty-last "by[1]['name'] == '养老床位' and by[1]['baseline'] is None and by[1]['target'] is None"
json_check tsv-empty-last "by[2]['name'] == '护理员' and by[2]['target'] == 60 and by[4]['target'] is None"

good pipe-attr.txt 6 2015 2020
json_check pipe-attr "by[1]['cumulative'] and by[1]['target'] == 500 and by[1]['baseline'] is None and by[1]['binding']"
json_check pipe-attr "by[3]['binding'] and not by[6]['binding'] and by[6]['target_op'] == '<=' and by[6]['polarity'] == -1"
json_check pipe-attr "by[2]['unit'] == '元/月' and by[2]['name'] == '城乡低保标准' and by[3]['unit'] == '%'"

good pipe-forms.txt 12 2021 2035
json_check pipe-forms "[i['target_op'] for i in ind[:8]] == ['<=']*4 + ['>=']*4"
json_check pipe-forms "[i['polarity'] for i in ind] == [-1]*4 + [1]*6 + [-1, 1]"
json_check pipe-forms "by[9]['cumulative'] and by[10]['baseline'] is None and by[10]['target'] is None and by[12]['unit'] == ''"

good cells-bom-crlf.txt 6 2020 2025
json_check cells-bom-crlf "ind[0]['domain'] == '基本民生保障' and by[3]['subdomain'] == '城乡社区治理' and by[4]['unit'] == '%'"
json_check cells-bom-crlf "not any('\r' in str(v) or '\ufeff' in str(v) for i in ind for v in i.values())"

good cells-prose-after.txt 2 2020 2025
json_check cells-prose-after "by[2]['target'] == 50 and by[2]['target_op'] == '>='"

good pipe-merged-header.txt 4 2020 2025
json_check pipe-merged-header "[i['subdomain'] for i in ind] == ['社会救助', '社会救助', '养老服务', None]"

# Standard input.
run plan parse - --format json <"$D/pipe-forms.txt"
checks=$((checks + 1))
[ "$(rc)" = 0 ] || fail "stdin: exit $(rc)"
cp "$tmp/out" "$tmp/json"
json_check stdin "len(ind) == 12"

# Text values make the indicator qualitative (DESIGN); 约80 is 80.
good qual-text.txt 2 2020 2025
json_check qual-text "by[2]['qualitative'] and by[2]['target'] is None and by[2]['baseline'] is None and by[2]['target_text'] == '好' and by[2]['baseline_text'] == '较好' and not by[1]['qualitative']"
good approx.txt 2 2020 2025
json_check approx "by[2]['target'] == 80 and by[2]['target_op'] == '=' and d['warnings'] == []"

# A target column alone is enough: baseline null, base year the five years
# before, and a warning on stderr that says so.
run plan parse $D/one-year.txt --format json
checks=$((checks + 1))
[ "$(rc)" = 0 ] || fail "one-year.txt: exit $(rc): $(cat "$tmp/err")"
grep -q '没有基期列' "$tmp/err" || fail "one-year.txt: no warning on stderr: $(cat "$tmp/err")"
cp "$tmp/out" "$tmp/json"
json_check one-year "d['base_year'] == 2020 and d['target_year'] == 2025 and by[1]['baseline'] is None and by[1]['target'] == 7 and any('没有基期列' in w for w in d['warnings'])"

# No year and no period anywhere: refused naming the line and --years; with it, read.
run plan parse $D/no-years.txt
checks=$((checks + 1))
[ "$(rc)" = 2 ] && grep -q '第 1 行.*--years 2020-2025' "$tmp/err" || fail "no-years.txt without --years: exit $(rc): $(cat "$tmp/err")"
run plan parse $D/no-years.txt --years 2015-2020 --format json
checks=$((checks + 1))
[ "$(rc)" = 0 ] || fail "no-years.txt --years 2015-2020: exit $(rc): $(cat "$tmp/err")"
cp "$tmp/out" "$tmp/json"
json_check no-years "d['base_year'] == 2015 and d['target_year'] == 2020 and by[1]['target'] == 5 and by[1]['unit'] == '张'"
run plan parse $D/no-years.txt --years 2020
checks=$((checks + 1))
[ "$(rc)" = 2 ] && grep -q 'years' "$tmp/err" || fail "--years 2020: exit $(rc), want 2 and a message"

# ---- bad inputs -----------------------------------------------------------
bad $D/bad-empty.txt 1 为空
bad $D/bad-no-table.txt 1 未找到指标表
bad $D/bad-ragged.txt 4 不整齐
bad $D/bad-target.txt 3 80..5
bad $D/bad-empty-name.txt 4 名称为空
bad $D/bad-utf8.txt 3 UTF-8
bad $D/bad-nul.txt 3 空字符
bad $D/bad-dup-no.txt 5 重复
bad $D/bad-attr.txt 4 指导性
bad $D/bad-header-only.txt 3 没有指标行
bad $D/bad-header-only-cells.txt 2 没有指标行

# A line of 2 MB: made here, too big to keep in the repository.
long=$tmp/long-line.txt
{
    echo '前言'
    awk 'BEGIN { s = "xxxxxxxx"; while (length(s) < 2097152) s = s s; print s }'
    printf '| 指标 | 2020年 | 2025年 |\n| 甲 | 1 | 2 |\n'
} >"$long"
checks=$((checks + 1))
[ "$(wc -c <"$long")" -gt 2097152 ] || fail "long-line.txt is only $(wc -c <"$long") bytes"
bad "$long" 2 过长

# ---- the command line -----------------------------------------------------
run plan parse
checks=$((checks + 1))
[ "$(rc)" = 2 ] || fail "plan parse without a file: exit $(rc), want 2"
[ -s "$tmp/out" ] && fail "plan parse without a file: stdout not empty"
[ -s "$tmp/err" ] || fail "plan parse without a file: nothing on stderr"

run plan parse "$D/no-such-file.txt"
checks=$((checks + 1))
[ "$(rc)" = 2 ] || fail "missing file: exit $(rc), want 2"
[ -s "$tmp/out" ] && fail "missing file: stdout not empty"
grep -qF "$D/no-such-file.txt" "$tmp/err" || fail "missing file: stderr does not name it: $(cat "$tmp/err")"

run plan parse "$D/seed-daxing.txt" --format xml
checks=$((checks + 1))
[ "$(rc)" = 2 ] || fail "--format xml: exit $(rc), want 2"
[ -s "$tmp/out" ] && fail "--format xml: stdout not empty"
grep -q 'xml' "$tmp/err" || fail "--format xml: stderr does not name the format: $(cat "$tmp/err")"

run plan parse --format csv "$D/seed-daxing.txt"
checks=$((checks + 1))
[ "$(rc)" = 0 ] && [ "$(wc -l <"$tmp/out")" -eq 33 ] || fail "--format before the file: exit $(rc)"

if [ "$fails" -gt 0 ]; then
    echo "plan_parse.sh: $fails failures in $checks checks"
    exit 1
fi
echo "plan_parse.sh: all $checks checks passed"
