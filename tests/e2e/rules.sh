#!/bin/sh
# Validation rules (校验规则) through every door: four impossible pairs of the
# Daxing plan — 已集中供养 25 with 有需求 10, 节地生态安葬 300 with 安葬总数 215
# (the whole already stored), 60岁以上 5000 with 常住人口 3000 in a community,
# and 持证社工 80 with 社会工作专业人才 50 (a warning rule) — entered by CLI
# import, the API, the web form and an XLSX upload: the three error rules
# refuse with a message naming both items and values, the warning rule asks
# for a comment; `planmon rules` lists them.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || "$(dirname "$0")/../../scripts/deps.sh" >/dev/null 2>&1
MKXLSX="python3 $(dirname "$0")/mkxlsx.py"

DB=$(test_db rules)
PW=rules-pass-2025
TOWN=110115009
VILLAGE=110115009001
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; if [ -n "${KEEP:-}" ]; then echo "kept $T"; else rm -rf "$T"; fi' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"

# The demo's own figures keep every rule, error or warning, in every unit and
# year (its 60岁以上 counts were once drawn apart from the residents' and
# exceeded them in hundreds of communities).
# (pairs|broken: every rule against every unit and year that has both figures)
db_sql "$DB" "SELECT count(*), coalesce(sum(CASE WHEN (r.op = '<=' AND l.value <= w.value)
                  OR (r.op = '<' AND l.value < w.value) OR (r.op = '>=' AND l.value >= w.value)
                  OR (r.op = '>' AND l.value > w.value) OR (r.op = '=' AND l.value = w.value) THEN 0 ELSE 1 END), 0)
              FROM validation_rule r
              JOIN element el ON el.code = r.left_code JOIN data_value l ON l.element_id = el.id
              JOIN element er ON er.code = r.right_code
              JOIN data_value w ON w.element_id = er.id AND w.unit_id = l.unit_id AND w.year = l.year
              WHERE l.value IS NOT NULL AND w.value IS NOT NULL" >"$T/pairs" 2>&1
check "demo: every rule holds for every stored pair" awk -F'|' '$1 > 1000 && $2 == 0 { ok = 1 } END { exit !ok }' "$T/pairs"

# ---- planmon rules --------------------------------------------------------------------
"$PLANMON" rules --db "$DB" >"$T/rules.txt" 2>&1
check "rules: lists the part ≤ whole pair of 特困供养" grep -q 'tk_central.*<=.*tk_need_central' "$T/rules.txt"
check "rules: with the Chinese names" grep -q '已集中供养的特困对象' "$T/rules.txt"
"$PLANMON" rules --db "$DB" --format json >"$T/rules.json"
check "rules --format json: eco_burials <= burials, an error" python3 -c "
import json,sys
r=json.load(open(sys.argv[1]))
assert any(x['left']=='eco_burials' and x['op']=='<=' and x['right']=='burials' and x['severity']=='error' for x in r)
assert any(x['severity']=='warning' for x in r)" "$T/rules.json"
"$PLANMON" rules --db "$DB" --format csv >"$T/rules.csv"
check "rules --format csv: a header and a row per rule" test "$(wc -l <"$T/rules.csv")" -eq "$(($(python3 -c "import json,sys;print(len(json.load(open(sys.argv[1]))))" "$T/rules.json") + 1))"

# The whole of pair B is stored before the doors are tried.
printf 'unit,year,item,value\n%s,2024,burials,215\n%s,2025,burials,215\n' $TOWN $TOWN >"$T/burials.csv"
check "安葬总数 215 stored for 2024 and 2025" "$PLANMON" import --db "$DB" "$T/burials.csv"

# pairs YEAR: the four pairs as CSV rows (unit,year,item,value).
pairs() {
    printf '%s,%s,tk_central,25\n%s,%s,tk_need_central,10\n' $TOWN "$1" $TOWN "$1"
    printf '%s,%s,eco_burials,300\n' $TOWN "$1"
    printf '%s,%s,pop_elderly,5000\n%s,%s,pop_resident,3000\n' $VILLAGE "$1" $VILLAGE "$1"
    printf '%s,%s,sw_certified,80\n%s,%s,sw_talent,50\n' $TOWN "$1" $TOWN "$1"
}
A='“已集中供养的特困对象”（25）不应大于“有集中供养需求的特困对象”（10）'
Bm='“当年节地生态安葬数”（300）不应大于“当年安葬总数”（215，库中已有）'
C='“60岁及以上老年人口”（5000）不应大于“常住人口”（3000）'
D='“持社会工作者职业水平证书的人才”（80）不应大于“社会工作专业人才”（50）'
# says FILE: every pair's message is in FILE (grep -F: the texts hold parentheses).
says() {
    grep -qF "$A" "$1" && grep -qF "$Bm" "$1" && grep -qF "$C" "$1" && grep -qF "$D" "$1"
}
state() { "$PLANMON" export --db "$DB" --format csv; }
state >"$T/before.csv"

# ---- door 1: CLI import ---------------------------------------------------------------
{ echo unit,year,item,value; pairs 2024; } >"$T/pairs.csv"
"$PLANMON" import --db "$DB" "$T/pairs.csv" >"$T/cli.out" 2>&1
check "CLI: refused (exit 2)" test $? -eq 2
check "CLI: each pair named with both items and values" says "$T/cli.out"
check "CLI: the error rules are errors" test "$(grep -c '：错误：.*不应大于' "$T/cli.out")" -eq 3
check "CLI: the warning rule asks for a comment" grep -qF "$D" "$T/cli.out"
check "CLI: …as a warning" grep -q '警告（需说明）：“持社会工作者' "$T/cli.out"
check "CLI: nothing written" sh -c "'$PLANMON' export --db '$DB' --format csv | cmp -s - '$T/before.csv'"
# The warning pair alone goes through, with its warning; explained, it is a note.
printf 'unit,year,item,value,comment\n%s,2024,sw_certified,80,\n%s,2024,sw_talent,50,含外区持证人员\n' $TOWN $TOWN >"$T/d.csv"
"$PLANMON" import --db "$DB" --dry-run "$T/d.csv" >"$T/d.out" 2>&1
check "CLI: a warning rule alone does not refuse" test $? -eq 0
check "CLI: …and is reported" grep -qF "$D" "$T/d.out"

# ---- the server -----------------------------------------------------------------------
"$PLANMON" token add reporter e2e --db "$DB" >"$T/reporter.tok" 2>/dev/null
serve_start "$DB"

# ---- door 2: API POST /api/v1/values --------------------------------------------------
pairs 2024 | python3 -c '
import csv, json, sys
rows = [{"unit": u, "year": int(y), "item": i, "value": float(v)} for u, y, i, v in csv.reader(sys.stdin)]
print(json.dumps({"values": rows}))' >"$T/pairs.json"
st=$(curl -s -o "$T/api.json" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/reporter.tok")" \
    -H 'Content-Type: application/json' --data-binary @"$T/pairs.json" "$B/api/v1/values")
check "API: refused with 422" test "$st" = 422
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False))' "$T/api.json" >"$T/api.txt"
check "API: the three error pairs named" sh -c "grep -qF '$A' '$T/api.txt' && grep -qF '$Bm' '$T/api.txt' && grep -qF '$C' '$T/api.txt'"
printf '{"values":[{"unit":"%s","year":2024,"item":"sw_certified","value":80},{"unit":"%s","year":2024,"item":"sw_talent","value":50}]}' \
    $TOWN $TOWN >"$T/d.json"
st=$(curl -s -o "$T/api-d.json" -w '%{http_code}' -H "Authorization: Bearer $(cat "$T/reporter.tok")" \
    -H 'Content-Type: application/json' --data-binary @"$T/d.json" "$B/api/v1/values?dry_run=1")
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])), ensure_ascii=False))' "$T/api-d.json" >"$T/api-d.txt"
check "API: the warning pair passes (200)" test "$st" = 200
check "API: …with its warning" grep -qF "$D" "$T/api-d.txt"
check "API: nothing written" sh -c "'$PLANMON' export --db '$DB' --format csv | cmp -s - '$T/before.csv'"

# ---- door 3: the web form -------------------------------------------------------------
J=$T/reporter.jar
check "web: the reporter logs in" web_login "$B" reporter "$PW" "$J"
curl -s -b "$J" -o "$T/entry.html" "$B/entry?unit=$TOWN&year=2024"
TOK=$(csrf_of "$T/entry.html")
check "web: the entry page and its token" test -n "$TOK"
form() { # form UNIT OUT FIELD=VALUE…: the save's status
    _u=$1 _o=$2
    shift 2
    _args=""
    for kv in "$@"; do _args="$_args --data-urlencode $kv"; done
    # shellcheck disable=SC2086
    curl -s -o "$_o" -w '%{http_code}' -b "$J" --data-urlencode "csrf=$TOK" --data-urlencode action=save $_args \
        "$B/entry?unit=$_u&year=2024"
}
check "web: 已集中供养 25 with 有需求 10 → 422" test "$(form $TOWN "$T/w1.html" v_tk_central=25 v_tk_need_central=10)" = 422
check "web: …with both named" grep -qF "$A" "$T/w1.html"
check "web: 节地生态安葬 300 with 215 stored → 422" test "$(form $TOWN "$T/w2.html" v_eco_burials=300)" = 422
check "web: …with both named" grep -qF "$Bm" "$T/w2.html"
check "web: 老年人口 over 常住人口 in a community → 422" \
    test "$(form $VILLAGE "$T/w3.html" v_pop_elderly=5000 v_pop_resident=3000)" = 422
check "web: …with both named" grep -qF "$C" "$T/w3.html"
check "web: nothing written" sh -c "'$PLANMON' export --db '$DB' --format csv | cmp -s - '$T/before.csv'"
check "web: the warning rule saves (200)" test "$(form $TOWN "$T/w4.html" v_sw_certified=80 v_sw_talent=50)" = 200
check "web: …and shows the warning" grep -qF "$D" "$T/w4.html"

# ---- door 4: XLSX upload --------------------------------------------------------------
{ echo unit,year,item,value; pairs 2025; } | $MKXLSX "$T/pairs.xlsx" 填报 --text 0
state >"$T/before2.csv"
st=$(curl -s -o "$T/up.html" -w '%{http_code}' -b "$J" -F "csrf=$TOK" -F "file=@$T/pairs.xlsx" \
    "$B/entry/upload?unit=$TOWN&year=2025")
check "upload: refused with 422" test "$st" = 422
check "upload: each pair named" says "$T/up.html"
check "upload: nothing written" sh -c "'$PLANMON' export --db '$DB' --format csv | cmp -s - '$T/before2.csv'"
finish
