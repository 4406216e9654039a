#!/bin/sh
# Issue 15's pages over HTTP, held against `planmon status` (the judgment
# the pages must agree with): the leader's one page, the overview's status
# filters, its alerts linked to the lagging towns, the towns × indicators
# matrix, and no empty chart for an indicator the towns do not report.
# (tests/e2e/browser.sh does the same tasks in Chromium, with axe-core.)
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "web_leader.sh: curl is missing"; exit 1; }

DB=$(test_db leader)
PW=e2e-pass-2025
YEAR=2023
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
serve_start "$DB"
get() { curl -s -o "$3" -w '%{http_code}' -b "$1" "$B$2"; }
for role in planner reporter; do
    check "$role logs in" web_login "$B" "$role" "$PW" "$T/$role.jar"
done
"$PLANMON" status --db "$DB" --year $YEAR --format json >"$T/district.json"

# ---- the leader's one page ------------------------------------------------------------
check "GET /leader → 200" test "$(get "$T/planner.jar" "/leader?year=$YEAR" "$T/leader.html")" = 200
for part in 约束性指标预警 四大目标进展 完成度变化最大的 数据报送; do
    check "the one page shows $part" grep -q "$part" "$T/leader.html"
done
ALERTS=$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1]))["indicators"] if x["alert"]))' \
    "$T/district.json")
check "the one page lists the $ALERTS binding alerts of planmon status" \
    test "$(grep -o 'href="/indicator/[0-9]*?unit=110115&amp;year=2023#lagging"' "$T/leader.html" | wc -l)" -eq "$ALERTS"
check "…and counts them in its headline" grep -q "预警 $ALERTS 项" "$T/leader.html"
check "the reporter's one page is its town's" test "$(get "$T/reporter.jar" /leader "$T/leader-r.html")" = 200
check "…titled 黄村镇" grep -q '<h1>黄村镇 · ' "$T/leader-r.html"
check "a unit outside the reporter's → 403" test "$(get "$T/reporter.jar" /leader?unit=110115 "$T/x.html")" = 403
check "a year outside the plan → 400" test "$(get "$T/planner.jar" /leader?year=2031 "$T/x.html")" = 400

# ---- the overview's status filters ----------------------------------------------------------
get "$T/planner.jar" "/?year=$YEAR" "$T/all.html" >/dev/null
LAG=$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1]))["indicators"] if x["status_label"] == "明显滞后"))' \
    "$T/district.json")
check "the counts link to their filter" grep -q "show=%E6%98%8E%E6%98%BE%E6%BB%9E%E5%90%8E#indicators" "$T/all.html"
check "filter 明显滞后 → 200" test "$(get "$T/planner.jar" "/?year=$YEAR&show=%E6%98%8E%E6%98%BE%E6%BB%9E%E5%90%8E" "$T/lag.html")" = 200
check "…shows the $LAG indicators planmon status calls 明显滞后, no other" \
    test "$(grep -o '<tr[^>]*><td class="num">[0-9]*</td><td class="name">' "$T/lag.html" | wc -l)" -eq "$LAG"
check "…each of them 明显滞后" test "$(grep -o 'class="st st-lagging">明显滞后' "$T/lag.html" | wc -l)" -ge "$LAG"
check "…and says so, with the way back" grep -q '显示全部指标' "$T/lag.html"
check "an unknown status word → 400" test "$(get "$T/planner.jar" "/?show=abc" "$T/x.html")" = 400

# ---- alerts → the lagging towns -----------------------------------------------------------
# Every town the indicator page lists under #lagging lags by planmon status,
# and every town that lags by planmon status is listed.
TOWNS=$(grep -o 'href="/unit/[0-9]*?year' "$T/all.html" | sed 's#href="/unit/##; s#?year##' | grep -v '^110115$' | sort -u)
check "the overview names the 22 towns" test "$(echo "$TOWNS" | wc -l)" -eq 22
for town in $TOWNS; do
    "$PLANMON" status --db "$DB" --unit "$town" --year $YEAR --format json >"$T/s$town.json"
done
for no in $(python3 -c 'import json,sys; print(" ".join(str(x["no"]) for x in json.load(open(sys.argv[1]))["indicators"] if x["alert"]))' "$T/district.json"); do
    check "alert $no links to its lagging towns" grep -q "href=\"/indicator/$no?unit=110115&amp;year=$YEAR#lagging\"" "$T/all.html"
    get "$T/planner.jar" "/indicator/$no?unit=110115&year=$YEAR" "$T/ind$no.html" >/dev/null
    sed -n 's/.*<section class="lagging" id="lagging"\(.*\)<\/section>.*/\1/p' "$T/ind$no.html" |
        grep -o 'href="/unit/[0-9]*' | sed 's#.*/##' | sort >"$T/listed$no"
    python3 -c 'import json,os,sys
no=int(sys.argv[1])
for f in sys.argv[2:]:
    x=[i for i in json.load(open(f))["indicators"] if i["no"]==no][0]
    if x["status"] in ("behind","lagging","regressing","missed"):
        print(os.path.basename(f)[1:-5])' "$no" $(for town in $TOWNS; do echo "$T/s$town.json"; done) | sort >"$T/lags$no"
    echo "alert $no: $(wc -l <"$T/lags$no") towns lag"; check "alert $no: the page lists exactly the towns that lag" cmp -s "$T/listed$no" "$T/lags$no"
done

# ---- the towns × indicators matrix --------------------------------------------------------
check "the district's overview has the matrix" grep -q 'class="matrix-table"' "$T/all.html"
BAD=$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1]))["indicators"] if x["status"] in ("behind","lagging","regressing","missed")))' "$T/s110115009.json")
check "黄村镇's row counts its $BAD short indicators" \
    grep -q "<a href=\"/unit/110115009?year=$YEAR\">黄村镇</a></th><td class=\"num\">$BAD / " "$T/all.html"
check "22 town rows" test "$(grep -o '<tr><th scope="row"><a href="/unit/' "$T/all.html" | wc -l)" -eq 22

# ---- no empty chart ----------------------------------------------------------------------
# No. 2 (临时救助和长期照料总床位数) is counted at the district only.
check "an indicator the towns do not report: a sentence" grep -q '都没有该指标的数值' "$T/ind2.html"
check "…and no chart of empty bars" sh -c "! grep -q 'class=\"kids-table\"' '$T/ind2.html'"

kill -TERM "$SRV"
wait "$SRV"
RC=$?
SRV=
check "the server stops cleanly" test "$RC" -eq 0
check "no sanitizer report" sh -c "! grep -q Sanitizer '$T/serve.err'"
finish
