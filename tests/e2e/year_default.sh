#!/bin/sh
# The overview's default year (issue 14): the latest year whose collection
# is over — every round of it past its deadline, or at least
# --year-approved-share (default 0.8) of its units approved — with a
# banner linking to a later year still being collected. The demo's 2023
# round (six streets and towns, due 2024-01-31) is the year in progress
# when the clock is pinned before its deadline (PLANMON_NOW, which the
# server's rounds read as the store does). The expected approved share is
# recomputed from the database's rows (dbrows.py), not from planmon.
. "$(dirname "$0")/../lib.sh"
DB=$(test_db yd)
PW=e2e-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >"$T/demo.out" 2>&1
check "demo" db_made "$DB"

# From the rows: the round's units whose every item is approved (state 2),
# the latest year holding a figure of the default plan, the deadline.
python3 - "$DB" >"$T/rows.out" 2>&1 <<'PY'
import sys
import dbrows
db = dbrows.connect(sys.argv[1])
rid, year, deadline = db.execute("SELECT id, year, deadline FROM collection_round").fetchone()
units = [r[0] for r in db.execute("SELECT unit_id FROM round_unit WHERE round_id = ?", (rid,)).fetchall()]
items = [r[0] for r in db.execute("SELECT element_id FROM round_item WHERE round_id = ?", (rid,)).fetchall()]
approved = 0
for u in units:
    states = [db.execute("SELECT state FROM data_value WHERE element_id = ? AND unit_id = ? AND year = ?",
                         (e, u, year)).fetchone() for e in items]
    approved += all(s is not None and s[0] == 2 for s in states)
print(rid, year, deadline, approved, len(units))
PY
read -r RID RYEAR RDEAD APPROVED UNITS <"$T/rows.out"
check "the demo's round read from the rows (2023, six units, three approved)" \
    test "$RYEAR $UNITS $APPROVED" = "2023 6 3"
[ "$RYEAR $UNITS $APPROVED" = "2023 6 3" ] || cat "$T/rows.out"

# serve_at NOW [OPTION…]: a server whose clock reads NOW; B its address.
serve_at() {
    if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; fi
    _now=$1
    shift
    PLANMON_NOW=$_now serve_start "$DB" "$@"
    web_login "$B" planner "$PW" "$T/p.jar"
}
# banner_of FILE: the year banner's text, tags dropped ("" when none).
banner_of() {
    python3 -c "
import re, sys
m = re.search(r'<p class=\"msg msg-info year-open\"[^>]*>(.*?)</p>', open(sys.argv[1], encoding='utf-8').read(), re.S)
sys.stdout.write(re.sub(r'<[^>]+>', '', m.group(1)) if m else '')" "$1"
}
# year_of FILE: the overview's year, from its title.
year_of() {
    sed -n 's/.*<h1>.* · \([0-9]*\)年 规划实施进度总览<\/h1>.*/\1/p' "$1" | head -n 1
}

# 1. After the deadline: the round is over, the overview opens on 2023, no banner.
check "server (clock after the deadline)" serve_at 2024-06-01T00:00:00Z
curl -s -o "$T/after.html" -b "$T/p.jar" "$B/"
check "…opens on 2023, the latest year with figures" test "$(year_of "$T/after.html")" = 2023
check "…without a banner" test -z "$(banner_of "$T/after.html")"

# 2. Before the deadline, 3 of 6 approved (0.5 < 0.8): 2023 is still being
# collected; the overview opens on 2022 and the banner names the round.
check "server (clock before the deadline)" serve_at 2024-01-15T00:00:00Z
curl -s -o "$T/before.html" -b "$T/p.jar" "$B/"
check "…opens on 2022" test "$(year_of "$T/before.html")" = 2022
banner_of "$T/before.html" >"$T/before.banner"
check "…the banner: 2023 collected, the round, its deadline, $APPROVED / $UNITS approved, a link to 2023" grep -qx \
    "2023 年数据正在收集：填报任务“2023年度养老和社会服务设施数据填报（示例）”将于 $RDEAD 截止，已审核 $APPROVED / $UNITS 个单位。总览默认显示数据已基本收齐的 2022 年；查看 2023 年进展。" \
    "$T/before.banner"
check "…linking the round and the year" sh -c 'grep -q "href=\"/rounds/$2\"" "$1" && grep -q "year=2023\">查看 2023 年进展</a>" "$1"' \
    sh "$T/before.html" "$RID"
curl -s -o "$T/y2023.html" -b "$T/p.jar" "$B/?year=2023"
check "?year=2023: 2023" test "$(year_of "$T/y2023.html")" = 2023
check "…the banner says its figures may still change" grep -q "本页数字尚未全部审核，可能变动。" "$T/y2023.html"
curl -s -o "$T/y2021.html" -b "$T/p.jar" "$B/?year=2021"
check "?year=2021: no banner" test -z "$(banner_of "$T/y2021.html")"

# 3. The bureau's share: 0.5 makes 3 of 6 enough, and 2023 opens again.
check "server (before the deadline, --year-approved-share 0.5)" serve_at 2024-01-15T00:00:00Z --year-approved-share 0.5
curl -s -o "$T/half.html" -b "$T/p.jar" "$B/"
check "…opens on 2023" test "$(year_of "$T/half.html")" = 2023
check "…without a banner" test -z "$(banner_of "$T/half.html")"
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
SRV=
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 --year-approved-share 1.5 >/dev/null 2>"$T/bad.err"
check "--year-approved-share 1.5 → exit 2" test $? = 2
check "…saying the range" grep -q 'year-approved-share 须大于 0 且不大于 1' "$T/bad.err"
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 --year-approved-share x >/dev/null 2>"$T/bad2.err"
check "--year-approved-share x → exit 2" test $? = 2
finish
