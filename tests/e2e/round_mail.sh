#!/bin/sh
# E-mail reminders (催报, issue 14 item 2) through an SMTP relay: a sink
# (tests/tools/smtp_sink.py) stands for the bureau's relay. On the demo's
# round and on a 2024 round of every town, `round remind` e-mails exactly
# the contacts with an address of the units not reported — the expected
# set computed here from the round's rows (round status JSON) and the
# contacts read straight from the database — each message decoding (the
# email package) to its unit, round and deadline; a unit without an
# address is logged as such; the round page's button does the same and
# shows the log. With the sink stopped, remind names the relay, exits 1
# and the 站内待办 lines are still written. A units file with a bad address
# is refused at its line and field, nothing written.
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DB=$(test_db mail)
PW=mail-pass-2025
SRV=
SINK=
trap 'for p in $SRV $SINK; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >"$T/demo.out" 2>&1
check "demo" db_made "$DB"
export PLANMON_CONFIG="$T/planmon.conf"
: >"$PLANMON_CONFIG"

# sink_start: the sink on a free port (it binds port 0 and writes the port
# it got), its messages in $T/mail; sets SINK and SPORT.
sink_start() {
    rm -f "$T/sink.port"
    python3 "$ROOT/tests/tools/smtp_sink.py" "$T/mail" "$T/sink.port" 2>"$T/sink.err" &
    SINK=$!
    wait_until 10 test -s "$T/sink.port"
    SPORT=$(cat "$T/sink.port")
}
sink_start
check "the sink listens" test -n "$SPORT"
cat >"$PLANMON_CONFIG" <<CONF
smtp-url = smtp://127.0.0.1:$SPORT
smtp-from = planmon@mzj.example.gov.cn
base-url = https://planmon.example.gov.cn/
CONF

# expect ROUND OUT: the units of ROUND not reported (from `round status`),
# each with its contact's address from the database, as "code<TAB>email"
# (email empty when none), one a line, sorted.
expect() {
    "$PLANMON" round status "$1" --db "$DB" --format json >"$T/st.json"
    python3 - "$DB" "$T/st.json" >"$2" <<'PY'
import json, sys, dbrows
mails = dict(dbrows.connect(sys.argv[1]).execute(
    "SELECT o.code, c.email FROM unit_contact c JOIN org_unit o ON o.id = c.unit_id").fetchall())
for u in sorted(json.load(open(sys.argv[2]))["units"], key=lambda u: u["unit"]):
    if u["reported_at"] is None:
        print("%s\t%s" % (u["unit"], mails.get(u["unit"]) or ""))
PY
}
# received FROM ROUND_JSON: checks the sink's messages numbered above FROM
# against the round (title, year, deadline) and prints "code<TAB>address"
# of each (sorted); a message that does not decode as it should prints a
# line starting BAD.
received() {
    python3 - "$T/mail" "$1" "$2" <<'PY'
import email, email.policy, glob, json, os, re, sys
d, after, rnd = sys.argv[1], int(sys.argv[2]), json.load(open(sys.argv[3]))["round"]
out = []
for path in sorted(glob.glob(os.path.join(d, "*.eml"))):
    n = int(os.path.basename(path)[:3])
    if n <= after:
        continue
    raw = open(path, "rb").read()
    env = json.load(open(path[:-4] + ".json"))
    m = email.message_from_bytes(raw, policy=email.policy.default)
    body, subj = m.get_content(), str(m["Subject"])
    code = re.search(r"（(\d+)）：", body)
    bad = []
    if not re.search(rb"^Subject: =\?UTF-8\?B\?", raw, re.M): bad.append("subject not RFC 2047")
    if m.get_content_charset() != "utf-8": bad.append("charset")
    if not m["Date"] or not m["Message-ID"]: bad.append("Date/Message-ID")
    if env["to"] != [str(m["To"])]: bad.append("envelope %r vs To %r" % (env["to"], str(m["To"])))
    if rnd["title"] not in subj or rnd["deadline"] not in subj: bad.append("subject " + subj)
    if rnd["title"] not in body or rnd["deadline"] not in body or "（%d年）" % rnd["year"] not in body: bad.append("body")
    if not code: bad.append("no unit in body")
    elif "/entry?unit=%s&year=%d" % (code.group(1), rnd["year"]) not in body: bad.append("no entry link")
    out.append(("BAD %s: %s" % (path, "; ".join(bad))) if bad else "%s\t%s" % (code.group(1), env["to"][0]))
print("\n".join(sorted(out)))
PY
}
count() { ls "$T/mail" 2>/dev/null | grep -c '\.eml$'; }

# ---- the demo's round ----------------------------------------------------------------
R1=$("$PLANMON" round list --db "$DB" --format csv | sed -n 's/^\([0-9]*\),.*示例.*/\1/p' | head -n 1)
check "the demo's round" test -n "$R1"
expect "$R1" "$T/exp1"
"$PLANMON" round status "$R1" --db "$DB" --format json >"$T/r1.json"
n0=$(count)
"$PLANMON" round remind "$R1" --db "$DB" --as reviewer >"$T/rm1.out" 2>"$T/rm1.err"
check "remind on the demo's round → exit 0 ($(cat "$T/rm1.err"))" test $? = 0
received "$n0" "$T/r1.json" >"$T/got1"
check "…no message badly formed ($(grep BAD "$T/got1" | head -n 2))" sh -c "! grep -q '^BAD' '$T/got1'"
grep -v '	$' "$T/exp1" >"$T/want1"
check "…the recipients are the units not reported with an address ($(cat "$T/want1" | tr '\n' ' '))" \
    cmp -s "$T/want1" "$T/got1"
check "…at least one" test -s "$T/want1"

# ---- a round of every town: some without an address -------------------------------------
"$PLANMON" round open --db "$DB" --year 2024 --deadline 2025-03-31 --items beds_elderly,caregivers \
    --as planner >"$T/open.out" 2>&1
R=$(sed -n 's/^已创建填报任务 \([0-9]*\)：.*/\1/p' "$T/open.out")
check "a 2024 round is opened" test -n "$R"
# 110115001 reports: its 2023 figures again for 2024 (no warning to explain).
"$PLANMON" export --db "$DB" --format csv --encoding utf-8 --year 2023 --unit 110115001 |
    awk -F, 'NR == 1 { print "unit,year,item,value" } $3 == "beds_elderly" || $3 == "caregivers" { print $1 ",2024," $3 "," $4 }' \
    >"$T/fig.csv"
"$PLANMON" import --db "$DB" "$T/fig.csv" >/dev/null 2>&1 &&
    "$PLANMON" submit --db "$DB" --unit 110115001 --year 2024 >/dev/null 2>&1
check "110115001 reports" test $? = 0
expect "$R" "$T/exp"
"$PLANMON" round status "$R" --db "$DB" --format json >"$T/r.json"
check "…a unit reported (not reminded)" sh -c "! grep -q '^110115001	' '$T/exp'"
check "…units with an address among those not reported" grep -q '	.' "$T/exp"
check "…and units without one" grep -q '	$' "$T/exp"
site0=$(db_sql "$DB" "SELECT count(*) FROM round_reminder WHERE round_id = $R AND channel = 'site'")
n0=$(count)
"$PLANMON" round remind "$R" --db "$DB" --as reviewer >"$T/rm.out" 2>"$T/rm.err"
check "remind → exit 0" test $? = 0
received "$n0" "$T/r.json" >"$T/got"
grep -v '	$' "$T/exp" >"$T/want"
check "…no message badly formed ($(grep BAD "$T/got" | head -n 2))" sh -c "! grep -q '^BAD' '$T/got'"
check "…exactly the contacts with an address of the units not reported ($(wc -l <"$T/want") expected)" \
    cmp -s "$T/want" "$T/got"
check "…a 站内待办 for every unit not reported" \
    test "$(db_sql "$DB" "SELECT count(*) FROM round_reminder WHERE round_id = $R AND channel = 'site'")" \
    = "$((site0 + $(wc -l <"$T/exp")))"
db_sql "$DB" "SELECT o.code, m.outcome, coalesce(m.detail, '') FROM round_reminder m JOIN org_unit o ON o.id = m.unit_id
    WHERE m.round_id = $R AND m.channel = 'email' ORDER BY o.code" >"$T/log"
check "…the log: sent to each address, no_address for the others" python3 - "$T/exp" "$T/log" <<'PY'
import sys
exp = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
want = sorted("%s|%s|%s" % (c, "sent" if a else "no_address", a) for c, a in exp)
got = sorted(l.rstrip("\n") for l in open(sys.argv[2]))
sys.exit(0 if want == got else print(want, got))
PY
nomail=$(grep '	$' "$T/exp" | head -n 1 | cut -f 1)
check "the CLI lists the unit without an address" grep -q "$nomail .*：邮件无邮箱" "$T/rm.out"
check "…and the counts" grep -q "邮件：已发送 $(wc -l <"$T/want") 封，失败 0 封，无邮箱 $(grep -c '	$' "$T/exp") 个单位。" "$T/rm.out"
"$PLANMON" round status "$R" --db "$DB" --overdue --format xlsx -o "$T/over.xlsx" >/dev/null 2>&1
check "the overdue XLSX has the e-mail column with the addresses" python3 - "$T/over.xlsx" "$T/exp" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
want = [a for _, a in (l.rstrip("\n").split("\t") for l in open(sys.argv[2])) if a]
sys.exit(0 if "电子邮箱" in text and all(a in text for a in want) else 1)
PY

# ---- the round page's button: one unit --------------------------------------------------
one=$(grep '	.' "$T/exp" | tail -n 1)
ONE=$(printf '%s' "$one" | cut -f 1)
ONE_MAIL=$(printf '%s' "$one" | cut -f 2)
serve_start "$DB" --smtp-url "smtp://127.0.0.1:$SPORT" --smtp-from planmon@mzj.example.gov.cn
check "reviewer logs in" web_login "$B" reviewer "$PW" "$T/v.jar"
curl -s -o "$T/page0.html" -b "$T/v.jar" "$B/rounds/$R"
n0=$(count)
code=$(curl -s -o "$T/page1.html" -w '%{http_code}' -b "$T/v.jar" --data-urlencode "csrf=$(csrf_of "$T/page0.html")" \
    --data-urlencode "unit=$ONE" "$B/rounds/$R/remind")
check "the page's 催报 of one unit → 200 ($code)" test "$code" = 200
received "$n0" "$T/r.json" >"$T/got2"
check "…one message, to that unit's contact" test "$(cat "$T/got2")" = "$(printf '%s\t%s' "$ONE" "$ONE_MAIL")"
check "…the page says it was sent" grep -q '邮件：已发送 1 封，失败 0 封，无邮箱 0 个单位。' "$T/page1.html"
check "…the page shows the reminder log with the e-mail" grep -q "<td>已发送</td><td>$ONE_MAIL</td>" "$T/page1.html"
check "…and the 无邮箱 lines" grep -q '<td>无邮箱</td>' "$T/page1.html"
check "…and the e-mail column" grep -q '<th>电子邮箱</th>' "$T/page1.html"
n0=$(count)
code=$(curl -s -o "$T/page2.html" -w '%{http_code}' -b "$T/v.jar" --data-urlencode "csrf=$(csrf_of "$T/page0.html")" \
    --data-urlencode "unit=nope" "$B/rounds/$R/remind")
check "a unit not of the round → 409 ($code)" test "$code" = 409
check "…saying so" grep -q '该单位不是本填报任务中您可催报的报送单位' "$T/page2.html"
check "…nothing sent" test "$(count)" = "$n0"
kill "$SRV"
wait "$SRV" 2>/dev/null
SRV=

# ---- the relay down -------------------------------------------------------------------------
kill "$SINK"
wait "$SINK" 2>/dev/null
SINK=
site0=$(db_sql "$DB" "SELECT count(*) FROM round_reminder WHERE round_id = $R AND channel = 'site'")
"$PLANMON" round remind "$R" --db "$DB" --as reviewer >"$T/down.out" 2>"$T/down.err"
check "relay down → exit 1" test $? = 1
check "…naming the relay" grep -q "邮件服务器 smtp://127.0.0.1:$SPORT" "$T/down.err"
check "…the failures listed" grep -q '：邮件发送失败，邮件服务器 smtp://127.0.0.1' "$T/down.out"
check "…the 站内待办 lines still written" \
    test "$(db_sql "$DB" "SELECT count(*) FROM round_reminder WHERE round_id = $R AND channel = 'site'")" \
    = "$((site0 + $(wc -l <"$T/exp")))"
check "…each failure logged with the reason" \
    test "$(db_sql "$DB" "SELECT count(*) FROM round_reminder WHERE round_id = $R AND channel = 'email'
        AND outcome = 'failed' AND detail LIKE '%smtp://127.0.0.1:$SPORT%'")" = "$(wc -l <"$T/want")"

# ---- no relay: as before ------------------------------------------------------------------
: >"$PLANMON_CONFIG"
"$PLANMON" round remind "$R" --db "$DB" --unit "$ONE" --as reviewer >"$T/off.out" 2>&1
check "no smtp-url: remind → exit 0" test $? = 0
check "…saying e-mail is off" grep -q '邮件催报未开启（未设置 smtp-url）' "$T/off.out"
printf 'smtp-url = http://127.0.0.1:1\nsmtp-from = a@b.example\n' >"$PLANMON_CONFIG"
"$PLANMON" round remind "$R" --db "$DB" --as reviewer >"$T/bad.out" 2>"$T/bad.err"
check "an smtp-url that is not smtp:// → exit 2" test $? = 2
check "…naming it" grep -q 'smtp-url“http://127.0.0.1:1”应以 smtp:// 或 smtps:// 开头' "$T/bad.err"
: >"$PLANMON_CONFIG"

# ---- contacts from a units file ---------------------------------------------------------------
dump0=$(db_sql "$DB" "SELECT unit_id, person, phone, coalesce(email, '') FROM unit_contact ORDER BY unit_id")
printf '%s\r\n' 'code,name,parent,level,联系人,电话,邮箱' \
    '110115001,兴丰街道,110115,1,张三,010-1,zhang@x.example' \
    '110115002,林校路街道,110115,1,李四,010-2,li si@x.example' \
    '110115003,清源街道,110115,1,王五,010-3,wangwu.x.example' \
    '110115004,观音寺街道,110115,1,赵六,010-4,a@b@c.example' \
    '110115005,天宫院街道,110115,1,钱七,010-5,"q@x.example' \
    'Bcc: all@x.example"' >"$T/units.csv"
"$PLANMON" units import --db "$DB" "$T/units.csv" >"$T/u.out" 2>"$T/u.err"
check "bad addresses → exit 2" test $? = 2
check "…a space, at its line and field" grep -q "units.csv 第 3 行：列“邮箱”：电子邮箱“li si@x.example”含有空格" "$T/u.err"
check "…no @" grep -q 'units.csv 第 4 行：列“邮箱”：电子邮箱“wangwu.x.example”格式不对' "$T/u.err"
check "…two @" grep -q 'units.csv 第 5 行：列“邮箱”：电子邮箱“a@b@c.example”格式不对' "$T/u.err"
check "…a line break (header injection)" grep -q 'units.csv 第 6 行：列“邮箱”：电子邮箱含有换行或控制字符' "$T/u.err"
check "…nothing written" test "$(db_sql "$DB" "SELECT unit_id, person, phone, coalesce(email, '') FROM unit_contact
    ORDER BY unit_id")" = "$dump0"
NAME1=$(db_sql "$DB" "SELECT name FROM org_unit WHERE code = '110115001'")
printf 'code,name,parent,level,联系人,电话,电子邮箱\n110115001,%s,110115,1,张三,010-1,zhang@x.example\n' "$NAME1" >"$T/ok.csv"
"$PLANMON" units import --db "$DB" "$T/ok.csv" >"$T/ok.out" 2>&1
check "a good address is imported ($(cat "$T/ok.out"))" test "$(db_sql "$DB" "SELECT c.person || '|' || c.email FROM unit_contact c
    JOIN org_unit o ON o.id = c.unit_id WHERE o.code = '110115001'")" = '张三|zhang@x.example'
finish
