#!/bin/sh
# Review per item (issue 14): a reviewer returns one item of a town's
# submission with a reason; the other items stay submitted; the reporter
# sees the reason at that item on the entry form, replies there and
# resubmits; the reviewer sees the reply in the item's thread and
# approves. Notes on a figure outside the writer's subtree are refused.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "item_return.sh: curl is missing"; exit 1; }

DB=$(test_db ret)
PW=e2e-pass-2025
TOWN=110115009 # 黄村镇: the demo reporter's town
OTHER=110115010
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >"$T/demo.out" 2>&1
serve_start "$DB"
get() { curl -s -o "$3" -w '%{http_code}' -b "$1" "$B$2"; }
post() {
    _j=$1 _p=$2 _o=$3
    shift 3
    curl -s -o "$_o" -w '%{http_code}' -b "$_j" "$@" "$B$_p"
}
# state_of ITEM: the review state of 黄村镇's 2024 figure of ITEM.
state_of() {
    "$PLANMON" export --db "$DB" --format csv --encoding utf-8 --year 2024 --unit $TOWN |
        awk -F, -v u=$TOWN -v i="$1" '$1 == u && $3 == i { print $6 }' | head -n 1
}
# last_of ITEM: 黄村镇's 2023 figure of ITEM, entered again for 2024 so
# that no "far from last year" warning holds the submission back.
last_of() {
    "$PLANMON" export --db "$DB" --format csv --encoding utf-8 --year 2023 --unit $TOWN |
        awk -F, -v u=$TOWN -v i="$1" '$1 == u && $3 == i { print $4 }' | head -n 1
}
BEDS=$(last_of beds_elderly)
CARE=$(last_of caregivers)
INST=$(last_of beds_institution)
TAL=$(last_of sw_talent)
check "the demo has 2023 figures to start from" test -n "$BEDS" -a -n "$CARE" -a -n "$INST"
for role in reviewer reporter; do
    check "$role logs in" web_login "$B" "$role" "$PW" "$T/$role.jar"
done

E="/entry?unit=$TOWN&year=2024"
get "$T/reporter.jar" "$E" "$T/e0.html" >/dev/null
RTOK=$(csrf_of "$T/e0.html")
check "reporter saves and submits three items" test "$(post "$T/reporter.jar" "$E" "$T/e1.html" \
    --data-urlencode "csrf=$RTOK" --data-urlencode action=submit --data-urlencode "v_beds_elderly=$BEDS" \
    --data-urlencode "v_caregivers=$CARE" --data-urlencode "v_beds_institution=$INST" \
    --data-urlencode "v_sw_talent=$TAL" --data-urlencode "v_sw_certified=$((TAL + 1))" \
    --data-urlencode "c_sw_certified=含在外区执业的持证社工")" = 200
check "…submitted, a warning rule answered with a comment" grep -q '已提交本单位 2024 年的 5 个数据' "$T/e1.html"

get "$T/reviewer.jar" /review "$T/q.html" >/dev/null
VTOK=$(csrf_of "$T/q.html")
check "the queue offers a return per item" grep -q 'name="item" value="caregivers"' "$T/q.html"
check "the queue lists the rule the figures break, naming both" grep -q \
    "不符合校验规则.*警告：“[^”]*”（$((TAL + 1))）不应大于“[^”]*”（$TAL）" "$T/q.html"
check "per-item return without a reason → 400" test "$(post "$T/reviewer.jar" /review "$T/p.html" \
    --data-urlencode "csrf=$VTOK" --data-urlencode action=return --data-urlencode unit=$TOWN \
    --data-urlencode year=2024 --data-urlencode item=caregivers --data-urlencode 'reason= ')" = 400
check "…nothing moved" test "$(state_of caregivers)" = submitted
check "return of an unknown item → 400" test "$(post "$T/reviewer.jar" /review "$T/p.html" \
    --data-urlencode "csrf=$VTOK" --data-urlencode action=return --data-urlencode unit=$TOWN \
    --data-urlencode year=2024 --data-urlencode "item=x' OR 1=1" --data-urlencode reason=x)" = 400
REASON='护理员人数请与台账核对'
check "reviewer returns one item → 200" test "$(post "$T/reviewer.jar" /review "$T/r.html" \
    --data-urlencode "csrf=$VTOK" --data-urlencode action=return --data-urlencode unit=$TOWN \
    --data-urlencode year=2024 --data-urlencode item=caregivers --data-urlencode "reason=$REASON")" = 200
check "…that item is returned" test "$(state_of caregivers)" = returned
check "…the others stay submitted" test "$(state_of beds_elderly)" = submitted
check "…and the third too" test "$(state_of beds_institution)" = submitted
check "the history keeps the reason once, on that item" test "$("$PLANMON" history --db "$DB" --format csv --unit $TOWN \
    --year 2024 | grep -c "$REASON")" = 1

get "$T/reporter.jar" "$E" "$T/e2.html" >/dev/null
check "the entry form says an item was returned" grep -q '有 1 项数据被退回' "$T/e2.html"
# The reason sits in the returned item's own row, next to its input.
# row_of ITEM FILE: the table row of the entry form that holds ITEM's input.
row_of() {
    python3 -c 'import re, sys
for row in re.findall(r"<tr.*?</tr>", open(sys.argv[2], encoding="utf-8").read(), re.S):
    if "name=\"v_%s\"" % sys.argv[1] in row:
        print(row)' "$1" "$2"
}
row_of caregivers "$T/e2.html" >"$T/row.html"
check "the reason is shown at the returned item" grep -q "退回原因.*$REASON" "$T/row.html"
check "…with who returned it" grep -q 'reviewer' "$T/row.html"
check "…and a reply field" grep -q 'name="n_caregivers"' "$T/row.html"
row_of caregivers "$T/e0.html" >"$T/row0.html"
check "no reason before the return" sh -c "test -s '$T/row0.html' && ! grep -q 'return-reason' '$T/row0.html'"
grep -o 'class="return-reason"' "$T/e2.html" | wc -l | tr -d ' ' >"$T/nreasons"
check "the reason is shown at that one item only" test "$(cat "$T/nreasons")" = 1
check "the returned item's figure is editable again" grep -q 'name="v_caregivers"' "$T/e2.html"

REPLY='已与台账核对，数据无误'
RTOK=$(csrf_of "$T/e2.html")
check "reporter replies and resubmits → 200" test "$(post "$T/reporter.jar" "$E" "$T/e3.html" \
    --data-urlencode "csrf=$RTOK" --data-urlencode action=submit --data-urlencode "v_caregivers=$CARE" \
    --data-urlencode "n_caregivers=$REPLY")" = 200
check "…the reply is kept" grep -q '回复审核意见 1 条' "$T/e3.html"
check "…the item is submitted again" test "$(state_of caregivers)" = submitted
check "a reply over 500 characters → 422" test "$(post "$T/reporter.jar" "$E" "$T/e4.html" \
    --data-urlencode "csrf=$RTOK" --data-urlencode action=save \
    --data-urlencode "n_caregivers=$(python3 -c 'print("长" * 501)')")" = 422

get "$T/reviewer.jar" /review "$T/q2.html" >/dev/null
check "the reviewer sees the reason and the reply in the item's thread" sh -c \
    "grep -q '$REASON' '$T/q2.html' && grep -q '$REPLY' '$T/q2.html'"
VTOK=$(csrf_of "$T/q2.html")
check "a note without moving the figure → 200" test "$(post "$T/reviewer.jar" /review "$T/n.html" \
    --data-urlencode "csrf=$VTOK" --data-urlencode action=note --data-urlencode unit=$TOWN \
    --data-urlencode year=2024 --data-urlencode item=beds_elderly --data-urlencode 'reason=床位数请附台账')" = 200
check "…the figure stays submitted" test "$(state_of beds_elderly)" = submitted
check "an empty note → 400" test "$(post "$T/reviewer.jar" /review "$T/n.html" \
    --data-urlencode "csrf=$VTOK" --data-urlencode action=note --data-urlencode unit=$TOWN \
    --data-urlencode year=2024 --data-urlencode item=beds_elderly --data-urlencode 'reason=　')" = 400
check "a reporter's note on another town → 403" test "$(post "$T/reporter.jar" /review "$T/n.html" \
    --data-urlencode "csrf=$RTOK" --data-urlencode action=note --data-urlencode unit=$OTHER \
    --data-urlencode year=2024 --data-urlencode item=beds_elderly --data-urlencode 'reason=x')" = 403
check "reviewer approves the rest → 200" test "$(post "$T/reviewer.jar" /review "$T/a.html" \
    --data-urlencode "csrf=$VTOK" --data-urlencode action=approve --data-urlencode unit=$TOWN \
    --data-urlencode year=2024)" = 200
check "…all three approved" test "$(state_of caregivers)$(state_of beds_elderly)$(state_of beds_institution)" = \
    approvedapprovedapproved
get "$T/reporter.jar" "$E" "$T/e5.html" >/dev/null
check "an approved item shows no return reason" sh -c "! grep -q 'return-reason' '$T/e5.html'"
check "…but its thread stays" grep -q "$REPLY" "$T/e5.html"
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
RC=$?
SRV=
# (on PostgreSQL the review page's empty list of attachments once leaked)
check "the server stops cleanly" test "$RC" -eq 0
check "no sanitizer report from the server" sh -c "! grep -q 'Sanitizer' '$T/serve.err'"
check "the database is sound" "$PLANMON" check --db "$DB"
finish
