#!/bin/sh
# Settings beyond the database and the address (issue 10 item 7; DESIGN:
# "Thresholds are settings"): the pace thresholds (--pace-on-track,
# --pace-behind, --pace-ahead) as options of every command that judges and
# as keys of the settings file, which status/report/export read too (so
# that a page and `planmon status` judge alike); the time zone of the pages
# (serve --time-zone, key time-zone).
#
# Every status is checked against the rule itself, from the pace the
# program reports: on_track when q >= on-track, behind when behind <= q <
# on-track, lagging when 0 <= q < behind; 快于预期 when on track with q >=
# ahead.
set -u
. "$(dirname "$0")/../lib.sh"

PW=settings-pass-2025
DB=$(test_db d)
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
# No settings file of the machine's (an installed package's) in the way.
export PLANMON_CONFIG="$T/empty.conf"
: >"$PLANMON_CONFIG"

status() { "$PLANMON" status --db "$DB" --year 2023 --format json "$@"; }
# rule FILE ON BEHIND AHEAD: prints the indicators whose status breaks the rule,
# then "n_on n_behind n_lagging n_ahead".
rule() {
    python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
on, behind, ahead = (float(x) for x in sys.argv[2:5])
n = {"on_track": 0, "behind": 0, "lagging": 0, "ahead": 0}
for i in d["indicators"]:
    s, q = i["status"], i["pace"]
    if s not in ("on_track", "behind", "lagging"):
        continue
    n[s] += 1
    want = "on_track" if q >= on else "behind" if q >= behind else "lagging"
    if q < 0 or s != want:
        print("No. %s: %s with pace %r" % (i["no"], s, q))
    if s == "on_track":
        fast = i["status_label"] == "快于预期"
        n["ahead"] += fast
        if fast != (q >= ahead):
            print("No. %s: label %s with pace %r" % (i["no"], i["status_label"], q))
print(n["on_track"], n["behind"], n["lagging"], n["ahead"])
PY
}

status >"$T/def.json"
rule "$T/def.json" 0.95 0.60 1.2 >"$T/def.rule"
check "defaults: every status follows 0.95 / 0.60 / 1.2 ($(head -n 3 "$T/def.rule"))" test "$(wc -l <"$T/def.rule")" -eq 1
status --pace-on-track 1.5 --pace-behind 0.9 --pace-ahead 2 >"$T/opt.json"
rule "$T/opt.json" 1.5 0.9 2 >"$T/opt.rule"
check "options: every status follows 1.5 / 0.9 / 2 ($(head -n 3 "$T/opt.rule"))" test "$(wc -l <"$T/opt.rule")" -eq 1
check "the thresholds change statuses ($(cat "$T/def.rule") → $(cat "$T/opt.rule"))" \
    test "$(cat "$T/def.rule")" != "$(cat "$T/opt.rule")"

# ---- the settings file --------------------------------------------------------------
cat >"$T/judge.conf" <<'EOF'
# serve's keys are left to serve
listen = 127.0.0.1:9
pace-on-track = 1.5
pace-behind = 0.9
pace-ahead = 2
time-zone = -05:00
EOF
PLANMON_CONFIG="$T/judge.conf" "$PLANMON" status --db "$DB" --year 2023 --format json >"$T/file.json"
check "status reads the thresholds from the settings file" cmp -s "$T/file.json" "$T/opt.json"
PLANMON_CONFIG="$T/judge.conf" "$PLANMON" status --db "$DB" --year 2023 --format json \
    --pace-on-track 0.95 --pace-behind 0.6 --pace-ahead 1.2 >"$T/back.json"
check "options win over the file" cmp -s "$T/back.json" "$T/def.json"
PLANMON_CONFIG="$T/judge.conf" "$PLANMON" export --db "$DB" --what status --year 2023 --format json -o "$T/file-exp.json"
"$PLANMON" export --db "$DB" --what status --year 2023 --format json -o "$T/opt-exp.json" \
    --pace-on-track 1.5 --pace-behind 0.9 --pace-ahead 2
check "export --what status: the file's thresholds" cmp -s "$T/file-exp.json" "$T/opt-exp.json"
PLANMON_CONFIG="$T/judge.conf" "$PLANMON" report --db "$DB" --year 2023 --format json -o "$T/file-rep.json"
# The file's time-zone reaches the report too (its dates): the run with
# options has the same zone from a file of that key alone.
printf 'time-zone = -05:00\n' >"$T/zone5.conf"
PLANMON_CONFIG="$T/zone5.conf" "$PLANMON" report --db "$DB" --year 2023 --format json -o "$T/opt-rep.json" \
    --pace-on-track 1.5 --pace-behind 0.9 --pace-ahead 2
check "report: the file's thresholds" cmp -s "$T/file-rep.json" "$T/opt-rep.json"
PLANMON_CONFIG="$T/zone5.conf" "$PLANMON" report --db "$DB" --year 2023 --format json -o "$T/def-rep.json"
check "… which change the report" sh -c "! cmp -s '$T/def-rep.json' '$T/opt-rep.json'"

# ---- refusals -------------------------------------------------------------------------
out=$(status --pace-behind abc 2>&1 >/dev/null)
check "a threshold that is not a number: exit 2" test "$(status --pace-behind abc >/dev/null 2>&1; echo $?)" -eq 2
check "… naming it ($out)" sh -c "echo '$out' | grep -q 'pace-behind'"
out=$(status --pace-behind 0.99 --pace-on-track 0.9 2>&1 >/dev/null)
check "behind above on-track: exit 2" test "$(status --pace-behind 0.99 --pace-on-track 0.9 >/dev/null 2>&1; echo $?)" -eq 2
check "… saying the order ($out)" sh -c "echo '$out' | grep -q 'pace-behind < pace-on-track'"
printf 'pace-ahead = 0.5\n' >"$T/bad.conf"
check "a bad threshold in the file: exit 2" \
    test "$(PLANMON_CONFIG="$T/bad.conf" "$PLANMON" status --db "$DB" >/dev/null 2>&1; echo $?)" -eq 2
check "PLANMON_CONFIG naming no file: exit 2" \
    test "$(PLANMON_CONFIG="$T/none.conf" "$PLANMON" status --db "$DB" >/dev/null 2>&1; echo $?)" -eq 2
check "serve: a time zone that is not one: exit 2" \
    test "$("$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 --time-zone Mars/Base >/dev/null 2>&1; echo $?)" -eq 2

# ---- serve with the settings file: judged and dated by it -------------------------------
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 --config "$T/judge.conf" >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out" "$SRV")
check "serve starts with the settings file ($(head -c 200 "$T/serve.err"))" test -n "$PORT"
B=http://127.0.0.1:$PORT
curl -s -c "$T/jar" -b "$T/jar" "$B/login" >"$T/login.html"
csrf=$(csrf_of "$T/login.html")
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$T/jar" -b "$T/jar" --data-urlencode "csrf=$csrf" \
    --data-urlencode name=admin --data-urlencode "password=$PW" "$B/login")
check "admin logs in ($code)" test "$code" = 303
curl -s -b "$T/jar" "$B/api/v1/status?year=2023" >"$T/api.json"
check "the API judges by the file's thresholds" python3 - "$T/api.json" "$T/opt.json" <<'PY'
import json, sys
a = {i["no"]: i["status"] for i in json.load(open(sys.argv[1]))["indicators"]}
c = {i["no"]: i["status"] for i in json.load(open(sys.argv[2]))["indicators"]}
sys.exit(0 if a == c else 1)
PY
curl -s -b "$T/jar" "$B/audit" >"$T/audit.html"
kill "$SRV"
wait "$SRV"
"$PLANMON" audit --db "$DB" --format json >"$T/audit.json"
check "the audit page names the zone" grep -q '时间（UTC-05:00）' "$T/audit.html"
check "… and shows the login 5 hours before UTC" python3 - "$T/audit.json" "$T/audit.html" <<'PY'
import datetime, json, sys
a = [e for e in json.load(open(sys.argv[1])) if e["action"] == "login"][-1]
t = datetime.datetime.strptime(a["at"][:19], "%Y-%m-%dT%H:%M:%S") - datetime.timedelta(hours=5)
sys.exit(0 if t.strftime("%Y-%m-%d %H:%M:%S") in open(sys.argv[2], encoding="utf-8").read() else 1)
PY

# The command line's tables show stored UTC times in the default zone
# (UTC+08:00), naming it; CSV and JSON keep the stored UTC form. A figure
# written at 17:30 UTC belongs to the next day in Beijing.
printf 'unit,year,item,value\n110115001,2024,beds_elderly,4321\n' >"$T/late.csv"
PLANMON_NOW=2025-03-20T17:30:00Z "$PLANMON" import --db "$DB" "$T/late.csv" >/dev/null 2>&1
check "a figure written at 17:30 UTC" test $? -eq 0
"$PLANMON" history --db "$DB" --unit 110115001 --item beds_elderly --year 2024 >"$T/h.txt"
"$PLANMON" history --db "$DB" --unit 110115001 --item beds_elderly --year 2024 --format csv >"$T/h.csv"
check "history table: the zone in the title" grep -q '^时间（UTC+08:00）' "$T/h.txt"
check "history table: 17:30 UTC is 01:30 the next day (computed by Python)" python3 - "$T/h.txt" <<'PY'
import datetime, sys
t = datetime.datetime(2025, 3, 20, 17, 30, tzinfo=datetime.timezone.utc)
local = t.astimezone(datetime.timezone(datetime.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M:%S")
lines = [l for l in open(sys.argv[1], encoding="utf-8") if "4321" in l]
sys.exit(0 if len(lines) == 1 and lines[0].startswith(local) else 1)
PY
check "history CSV keeps the stored UTC time" grep -q '^2025-03-20T17:30:00.000Z,' "$T/h.csv"
check "history table: no UTC form left" sh -c "! grep -q 'T17:30' '$T/h.txt'"

# The zone is a setting of every door (issue 14 item 6): the settings file's
# time-zone, which serve reads, the command line reads too. At UTC-5 the
# figure's stored time (read from the database, not from planmon) shows 5
# hours earlier: 12:30 the same day.
printf 'time-zone = UTC-5\n' >"$T/zone.conf"
PLANMON_CONFIG="$T/zone.conf" "$PLANMON" history --db "$DB" --unit 110115001 --item beds_elderly --year 2024 >"$T/hz.txt"
check "history at time-zone = UTC-5: the zone in the title" grep -q '^时间（UTC-05:00）' "$T/hz.txt"
check "…the stored time shifted by -5 hours (computed by Python)" python3 - "$DB" "$T/hz.txt" <<'PY'
import datetime, sys, dbrows
at = dbrows.connect(sys.argv[1]).execute("SELECT coalesce(h.at, b.at) FROM value_history h"
    " LEFT JOIN value_batch b ON b.id = h.batch_id JOIN org_unit o ON o.id = h.unit_id"
    " JOIN element e ON e.id = h.element_id WHERE o.code = '110115001' AND e.code = 'beds_elderly'"
    " AND h.year = 2024 AND h.new_value = 4321").fetchone()[0]
t = datetime.datetime.strptime(at[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
local = t.astimezone(datetime.timezone(datetime.timedelta(hours=-5))).strftime("%Y-%m-%d %H:%M:%S")
lines = [l for l in open(sys.argv[2], encoding="utf-8") if "4321" in l]
sys.exit(0 if len(lines) == 1 and lines[0].startswith(local) and local.endswith("12:30:00") else 1)
PY
printf 'time-zone = 北京\n' >"$T/badzone.conf"
PLANMON_CONFIG="$T/badzone.conf" "$PLANMON" history --db "$DB" >"$T/hb.out" 2>"$T/hb.err"
check "a bad time-zone setting → exit 2" test $? = 2
check "…naming the file and the value" grep -q "设置文件 $T/badzone.conf 中的时区“北京”无效" "$T/hb.err"
finish
