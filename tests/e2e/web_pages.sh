#!/bin/sh
# The data pages of planmon serve, black box over HTTP with curl on loopback:
# indicator, unit, data entry (form, template download, upload), review
# queue and history. Who may see and do what (200/302/401/403), hostile input
# (SQL strings, markup in comments and names, path traversal in codes,
# invalid UTF-8, wrong methods, missing or wrong CSRF tokens, oversized
# uploads) → the right status, a Chinese message, and the database exactly
# as it was; then the yearly cycle over HTTP: a reporter enters and submits,
# a reviewer approves, the figure is locked, the pages show it.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || "$(dirname "$0")/../../scripts/deps.sh" >/dev/null 2>&1
command -v curl >/dev/null 2>&1 || { echo "web_pages.sh: curl is missing"; exit 1; }

DB=$T/pages.db
PW=e2e-pass-2025
TOWN=110115009      # 黄村镇: the demo reporter's town
OTHER=110115010     # another town
VILLAGE=110115009001
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >"$T/demo.out" 2>&1
check "demo makes the database" test -s "$DB"
# A community of 黄村镇 with markup in its name: every page that names it
# must show it as text.
python3 - "$DB" "$VILLAGE" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("update org_unit set name = ? where code = ?", ('<script>alert("u")</script>社区', sys.argv[2]))
c.commit()
PY

"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
check "server prints the address to open" test -n "$PORT"
[ -n "$PORT" ] || { cat "$T/serve.err"; finish; exit 1; }
B=http://127.0.0.1:$PORT

# code METHOD PATH [curl args…]: the status code only.
code() {
    _m=$1 _p=$2
    shift 2
    curl -s -o /dev/null -w '%{http_code}' -X "$_m" "$@" "$B$_p"
}
# get JAR PATH OUT: the page into OUT, the status printed.
get() {
    curl -s -o "$3" -w '%{http_code}' -b "$1" "$B$2"
}
# post JAR PATH OUT [curl args…]: a form post; the answer into OUT, the status printed.
post() {
    _j=$1 _p=$2 _o=$3
    shift 3
    curl -s -o "$_o" -w '%{http_code}' -b "$_j" "$@" "$B$_p"
}
login() {
    rm -f "$3"
    curl -s -c "$3" -b "$3" "$B/login" >"$T/login.html"
    curl -s -o /dev/null -w '%{http_code}' -c "$3" -b "$3" \
        --data-urlencode "csrf=$(csrf_of "$T/login.html")" --data-urlencode "name=$1" \
        --data-urlencode "password=$2" "$B/login"
}
# The database as the CLI exports it, with its history: "nothing changed"
# means both are byte for byte what they were.
state() {
    "$PLANMON" export --db "$DB" --format csv
    "$PLANMON" history --db "$DB" --format csv
}
# valid_html FILE: no error from tidy (when installed), no inline script or style.
valid_html() {
    if command -v tidy >/dev/null 2>&1; then
        tidy -q -e --show-warnings no "$1" >/dev/null 2>&1
        [ $? -lt 2 ] || return 1
    fi
    ! grep -Eq '<script>|<style|style="' "$1"
}

for role in admin planner reviewer reporter; do
    check "$role logs in" test "$(login $role $PW "$T/$role.jar")" = 303
done

# ---- indicator page ---------------------------------------------------------------------
for role in admin planner reviewer reporter; do
    check "$role: /indicator/3 → 200" test "$(get "$T/$role.jar" /indicator/3 "$T/ind-$role.html")" = 200
    check "$role: indicator page is valid HTML" valid_html "$T/ind-$role.html"
done
check "anonymous /indicator/3 → login" test "$(code GET /indicator/3)" = 302
H=$T/ind-admin.html
check "indicator: name in the heading" grep -q '每千名常住人口养老床位数</h1>' "$H"
check "indicator: series chart (SVG)" grep -q '<svg xmlns="http://www.w3.org/2000/svg"' "$H"
check "indicator: pace line explained" grep -q '序时进度' "$H"
check "indicator: judgment with pace" grep -q '完成进度' "$H"
check "indicator: formula in words" grep -q '“养老床位（含机构与社区）” ÷ “常住人口” × 1000' "$H"
check "indicator: elements with units" grep -q '<td>常住人口</td><td>人</td>' "$H"
check "indicator: 属性" grep -q '<dt>属性</dt>' "$H"
check "indicator: towns as a table linking to their pages" grep -q "href=\"/unit/$TOWN?year=2023\"" "$H"
check "indicator: towns as a bar chart" grep -q '各街道乡镇2023年数值' "$H"
check "indicator by code works too" test "$(code GET /indicator/I03 -b "$T/admin.jar")" = 200
get "$T/admin.jar" /indicator/5 "$T/ind5.html" >/dev/null
check "a count shows the towns' share of the district" grep -q '<th>占全区</th>' "$T/ind5.html"
check "reporter: indicator of its town" test "$(code GET "/indicator/3?unit=$TOWN" -b "$T/reporter.jar")" = 200
check "reporter: indicator of the district → 403" test "$(code GET '/indicator/3?unit=110115' -b "$T/reporter.jar")" = 403
check "reporter: indicator of another town → 403" test "$(code GET "/indicator/3?unit=$OTHER" -b "$T/reporter.jar")" = 403
check "unknown indicator → 404" test "$(code GET /indicator/999 -b "$T/admin.jar")" = 404
check "SQL in an indicator number → 404" test "$(code GET "/indicator/3%27%20OR%20%271%27=%271" -b "$T/admin.jar")" = 404
get "$T/admin.jar" "/indicator/%3Cscript%3Ealert(1)%3C%2Fscript%3E" "$T/ind-evil.html" >/dev/null
check "markup in an indicator number is not echoed raw" sh -c "! grep -q '<script>alert(1)' '$T/ind-evil.html'"
get "$T/reporter.jar" "/indicator/14?unit=$TOWN" "$T/ind-town.html" >/dev/null
check "a hostile community name is escaped in the chart and table" \
    grep -q '&lt;script&gt;alert("u")&lt;/script&gt;社区' "$T/ind-town.html"
check "no raw script from a unit name" sh -c "! grep -q '<script>alert' '$T/ind-town.html'"
check "POST /indicator/3 → 405" test "$(code POST /indicator/3 -b "$T/admin.jar" -d x=1)" = 405

# ---- unit page --------------------------------------------------------------------------
for role in admin planner reviewer reporter; do
    check "$role: /unit/$TOWN → 200" test "$(get "$T/$role.jar" /unit/$TOWN "$T/unit-$role.html")" = 200
    check "$role: unit page is valid HTML" valid_html "$T/unit-$role.html"
done
H=$T/unit-reporter.html
check "unit: its ranking among peers" grep -q '在大兴区的 22 个街道乡镇中排第' "$H"
check "unit: completeness" grep -q '本单位应报 16 项数据' "$H"
check "unit: indicators link to the indicator page" grep -q "href=\"/indicator/3?unit=$TOWN&amp;year=2023\"" "$H"
check "unit: counts show 占全区 without own target" grep -q '未设分解目标' "$H"
check "unit: links to the children" grep -q "href=\"/unit/$VILLAGE?year=2023\"" "$H"
check "unit: hostile child name escaped" grep -q '&lt;script&gt;alert("u")&lt;/script&gt;社区' "$H"
check "unit: a reporter does not see the other towns' table" sh -c "! grep -q 'ranking-table' '$H'"
check "unit: a planner sees the peers' table" grep -q 'ranking-table' "$T/unit-planner.html"
# 完成度 of a figure that moved away from its target reads in words, never as
# a negative percent (the demo's towns have 逆向变化 indicators).
for t in $(seq -f '110115%03g' 1 22); do get "$T/admin.jar" "/unit/$t?year=2023" "$T/u-$t.html" >/dev/null; done
check "unit pages: no negative percent" sh -c "! grep -E -q '(>|完成度 )-[0-9][0-9.]*%' $T/u-110115*.html"
check "unit pages: a fall from the base in words" sh -c "cat $T/u-110115*.html | grep -q '较基期下降'"
check "reporter: district unit page → 403" test "$(code GET /unit/110115 -b "$T/reporter.jar")" = 403
check "reporter: another town → 403" test "$(code GET /unit/$OTHER -b "$T/reporter.jar")" = 403
check "reporter: its village → 200" test "$(code GET /unit/$VILLAGE -b "$T/reporter.jar")" = 200
check "unknown unit → 404" test "$(code GET /unit/nope -b "$T/admin.jar")" = 404
check "SQL in a unit code → 404" test "$(code GET "/unit/1%27%20OR%20%271%27=%271" -b "$T/admin.jar")" = 404
check "encoded traversal in a unit code → 404" test "$(code GET '/unit/..%2F..%2Fetc%2Fpasswd' -b "$T/admin.jar")" = 404
check "dot segments in a unit path → 404" \
    test "$(curl -s --path-as-is -o /dev/null -w '%{http_code}' -b "$T/admin.jar" "$B/unit/../users")" = 404
check "invalid UTF-8 in a unit code → 400" test "$(code GET '/unit/%ff%fe' -b "$T/admin.jar")" = 400
check "unit page, bad year → 400" test "$(code GET "/unit/$TOWN?year=1900" -b "$T/admin.jar")" = 400
check "anonymous unit page → login" test "$(code GET /unit/$TOWN)" = 302

# ---- overview links to the new pages --------------------------------------------------------
get "$T/reporter.jar" / "$T/ov.html" >/dev/null
check "overview links each indicator to its page" grep -q "href=\"/indicator/1?unit=$TOWN&amp;year=2023\"" "$T/ov.html"
check "overview links to the unit page" grep -q "href=\"/unit/$TOWN?year=2023\"" "$T/ov.html"
check "navigation offers data entry to a reporter" grep -q 'href="/entry"' "$T/ov.html"
check "navigation hides the review queue from a reporter" sh -c "! grep -q 'href=\"/review\"' '$T/ov.html'"

# ---- who may use the entry, review and history pages -------------------------------------------
for role in admin reviewer reporter; do
    check "$role: /entry → 200" test "$(get "$T/$role.jar" "/entry?unit=$TOWN&year=2024" "$T/entry-$role.html")" = 200
    check "$role: entry page is valid HTML" valid_html "$T/entry-$role.html"
done
check "planner: /entry → 403" test "$(code GET /entry -b "$T/planner.jar")" = 403
check "planner: template → 403" test "$(code GET "/entry/template.xlsx?unit=$TOWN&year=2024" -b "$T/planner.jar")" = 403
check "reporter: entry for another town → 403" test "$(code GET "/entry?unit=$OTHER&year=2024" -b "$T/reporter.jar")" = 403
check "reporter: entry for the district → 403" test "$(code GET '/entry?unit=110115&year=2024' -b "$T/reporter.jar")" = 403
check "reporter: entry for its village → 200" test "$(code GET "/entry?unit=$VILLAGE&year=2024" -b "$T/reporter.jar")" = 200
check "entry: SQL in the unit → 404" test "$(code GET "/entry?unit=$TOWN%27%20OR%20%271%27=%271" -b "$T/admin.jar")" = 404
check "entry: year outside the plan → 400" test "$(code GET "/entry?unit=$TOWN&year=2030" -b "$T/admin.jar")" = 400
check "anonymous /entry → login" test "$(code GET /entry)" = 302
check "anonymous POST /entry → 401" test "$(code POST /entry -d action=save)" = 401
for role in admin reviewer; do
    check "$role: /review → 200" test "$(get "$T/$role.jar" /review "$T/review-$role.html")" = 200
    check "$role: review page is valid HTML" valid_html "$T/review-$role.html"
done
for role in planner reporter; do
    check "$role: /review → 403" test "$(code GET /review -b "$T/$role.jar")" = 403
done
for role in admin planner reviewer reporter; do
    check "$role: /history → 200" test "$(get "$T/$role.jar" "/history?year=2023" "$T/hist-$role.html")" = 200
    check "$role: history page is valid HTML" valid_html "$T/hist-$role.html"
done
check "reporter: history of the district → 403" test "$(code GET '/history?unit=110115' -b "$T/reporter.jar")" = 403
check "reporter: history shows only its subtree" sh -c "! grep -q 'href=\"/unit/$OTHER?' '$T/hist-reporter.html'"
check "admin: history covers every town" grep -q "href=\"/unit/$OTHER?" "$T/hist-admin.html"
check "history is paginated" grep -q 'rel="next"' "$T/hist-admin.html"
check "history page 2 → 200" test "$(code GET '/history?year=2023&page=2' -b "$T/admin.jar")" = 200
check "history: page past the end → 404" test "$(code GET '/history?page=100000' -b "$T/admin.jar")" = 404
check "history: bad page → 400" test "$(code GET '/history?page=-1' -b "$T/admin.jar")" = 400
check "history: SQL as an item → 400" test "$(code GET "/history?item=x%27%20OR%201=1--" -b "$T/admin.jar")" = 400
check "history: filter by item" test "$(get "$T/admin.jar" "/history?unit=$TOWN&item=beds_elderly" "$T/hist-item.html")" = 200
check "history: only that item" sh -c "! grep -q '<code>caregivers</code>' '$T/hist-item.html' && grep -q '<code>beds_elderly</code>' '$T/hist-item.html'"
for m in "DELETE /entry" "PUT /review" "POST /history" "GET /entry/upload" "POST /entry/template.xlsx" "DELETE /unit/$TOWN"; do
    check "${m%% *} ${m#* } → 405" test "$(code ${m%% *} "${m#* }" -b "$T/admin.jar" -d x=1)" = 405
done

# ---- hostile posts change nothing ------------------------------------------------------------
state >"$T/before"
RTOK=$(csrf_of "$T/entry-reporter.html")
VTOK=$(csrf_of "$T/review-reviewer.html")
ATOK=$(csrf_of "$T/review-admin.html")
check "entry page carries a CSRF token" test -n "$RTOK"
E="/entry?unit=$TOWN&year=2024"
check "POST /entry without CSRF → 403" test "$(post "$T/reporter.jar" "$E" "$T/p.html" \
    --data-urlencode action=save --data-urlencode v_beds_elderly=300)" = 403
check "403 explains CSRF in Chinese" grep -q 'CSRF 校验失败' "$T/p.html"
check "POST /entry with a wrong CSRF token → 403" test "$(post "$T/reporter.jar" "$E" "$T/p.html" \
    --data-urlencode csrf=wrong --data-urlencode action=save --data-urlencode v_beds_elderly=300)" = 403
check "POST /entry with another session's token → 403" test "$(post "$T/reporter.jar" "$E" "$T/p.html" \
    --data-urlencode "csrf=$VTOK" --data-urlencode action=save --data-urlencode v_beds_elderly=300)" = 403
check "reporter posts for another town → 403" test "$(post "$T/reporter.jar" "/entry?unit=$OTHER&year=2024" "$T/p.html" \
    --data-urlencode "csrf=$RTOK" --data-urlencode action=save --data-urlencode v_beds_elderly=300)" = 403
check "planner posts an entry → 403" test "$(post "$T/planner.jar" "$E" "$T/p.html" \
    --data-urlencode "csrf=$(csrf_of "$T/ind-planner.html")" --data-urlencode action=save --data-urlencode v_beds_elderly=3)" = 403
check "SQL as a value → 422" test "$(post "$T/reporter.jar" "$E" "$T/sql.html" --data-urlencode "csrf=$RTOK" \
    --data-urlencode action=save --data-urlencode "v_beds_elderly=1; DROP TABLE data_value;--")" = 422
check "the CLI's message for a non-number" grep -q '“1; DROP TABLE data_value;--”不是数字' "$T/sql.html"
check "the refusal says nothing was changed" grep -q '数据库未作任何改动' "$T/sql.html"
check "markup as a value → 422" test "$(post "$T/reporter.jar" "$E" "$T/xss.html" --data-urlencode "csrf=$RTOK" \
    --data-urlencode action=save --data-urlencode 'v_beds_elderly=<script>alert(9)</script>')" = 422
check "markup in a refused value is escaped" sh -c "! grep -q '<script>alert(9)' '$T/xss.html' && grep -q '&lt;script&gt;alert(9)' '$T/xss.html'"
check "a negative count → 422" test "$(post "$T/reporter.jar" "$E" "$T/neg.html" --data-urlencode "csrf=$RTOK" \
    --data-urlencode action=save --data-urlencode v_beds_elderly=-5)" = 422
check "…with the CLI's wording" grep -q '是计数，不能为负数' "$T/neg.html"
check "one bad row refuses the whole save" test "$(post "$T/reporter.jar" "$E" "$T/mix.html" --data-urlencode "csrf=$RTOK" \
    --data-urlencode action=save --data-urlencode v_beds_elderly=250 --data-urlencode v_caregivers=1.5)" = 422
check "…and the good value is kept in the form" grep -q 'name="v_beds_elderly" [^>]*value="250"' "$T/mix.html"
check "a district item posted to a town's form is ignored" test "$(post "$T/reporter.jar" "$E" "$T/p.html" \
    --data-urlencode "csrf=$RTOK" --data-urlencode action=save --data-urlencode v_I02=5)" = 200
check "invalid UTF-8 in a comment → 400" test "$(printf 'csrf=%s&action=save&v_beds_elderly=250&c_beds_elderly=%%ff%%fe' "$RTOK" | \
    curl -s -o /dev/null -w '%{http_code}' -b "$T/reporter.jar" --data-binary @- "$B$E")" = 400
check "an unknown action → 400" test "$(post "$T/reporter.jar" "$E" "$T/p.html" --data-urlencode "csrf=$RTOK" \
    --data-urlencode action=drop)" = 400
check "reporter POST /review → 403" test "$(post "$T/reporter.jar" /review "$T/p.html" --data-urlencode "csrf=$RTOK" \
    --data-urlencode action=approve --data-urlencode unit=$TOWN --data-urlencode year=2023)" = 403
check "POST /review without CSRF → 403" test "$(post "$T/reviewer.jar" /review "$T/p.html" \
    --data-urlencode action=approve --data-urlencode unit=$TOWN --data-urlencode year=2023)" = 403
check "return without a reason → 400" test "$(post "$T/reviewer.jar" /review "$T/p.html" --data-urlencode "csrf=$VTOK" \
    --data-urlencode action=return --data-urlencode unit=$TOWN --data-urlencode year=2023 --data-urlencode 'reason=  ')" = 400
check "…asking for one in Chinese" grep -q '退回需要说明原因' "$T/p.html"
check "a reviewer may not reopen → 403" test "$(post "$T/reviewer.jar" /review "$T/p.html" --data-urlencode "csrf=$VTOK" \
    --data-urlencode action=reopen --data-urlencode unit=$TOWN --data-urlencode year=2023 --data-urlencode reason=x)" = 403
check "reopen without a reason → 400" test "$(post "$T/admin.jar" /review "$T/p.html" --data-urlencode "csrf=$ATOK" \
    --data-urlencode action=reopen --data-urlencode unit=$TOWN --data-urlencode year=2023)" = 400
check "review of an unknown unit → 404" test "$(post "$T/reviewer.jar" /review "$T/p.html" --data-urlencode "csrf=$VTOK" \
    --data-urlencode action=approve --data-urlencode "unit=x' OR '1'='1" --data-urlencode year=2023)" = 404
check "review with a bad year → 400" test "$(post "$T/reviewer.jar" /review "$T/p.html" --data-urlencode "csrf=$VTOK" \
    --data-urlencode action=approve --data-urlencode unit=$TOWN --data-urlencode year=20x3)" = 400
check "approve with nothing submitted → 409" test "$(post "$T/reviewer.jar" /review "$T/p.html" --data-urlencode "csrf=$VTOK" \
    --data-urlencode action=approve --data-urlencode unit=$TOWN --data-urlencode year=2023)" = 409
U="/entry/upload?unit=$TOWN&year=2024"
printf 'unit,year,item,value,comment\n%s,2024,beds_elderly,abc,\n%s,2024,caregivers,-1,<script>alert(7)</script>\n' \
    $TOWN $TOWN >"$T/bad.csv"
check "upload with errors → 422" test "$(post "$T/reporter.jar" "$U" "$T/up-bad.html" -F "csrf=$RTOK" \
    -F "file=@$T/bad.csv;filename=坏文件.csv")" = 422
check "…says nothing was imported" grep -q '导入失败：2 行中有 2 个错误，数据库未作任何改动。' "$T/up-bad.html"
check "…names the file and the line like the CLI" grep -q '文件 坏文件.csv 第 2 行 列“value”：错误：“abc”不是数字' "$T/up-bad.html"
# Issue 10: a row of another town in a locked (approved) year was refused
# as locked, with that town's figure ("现值 …"): the subtree comes first.
printf 'unit,year,item,value,comment\n%s,2024,beds_elderly,250,\n%s,2023,beds_elderly,5,\n' $TOWN $OTHER >"$T/other.csv"
check "upload with another town's row → 403" test "$(post "$T/reporter.jar" "$U" "$T/up-other.html" -F "csrf=$RTOK" \
    -F "file=@$T/other.csv;filename=别镇.csv")" = 403
check "…refuses rows outside the reporter's subtree" grep -q '无权填报' "$T/up-other.html"
check "…without the other town's locked figure" sh -c "! grep -q -e '现值' -e '审核锁定（' '$T/up-other.html'"
check "…escapes what the file holds" sh -c "! grep -q '<script>alert(7)' '$T/up-bad.html'"
check "the upload report page is valid HTML" valid_html "$T/up-bad.html"
head -c 3000 /dev/urandom >"$T/garbage.xlsx"
printf 'PK\003\004' | cat - "$T/garbage.xlsx" >"$T/fake.xlsx"
check "a broken XLSX → 422" test "$(post "$T/reporter.jar" "$U" "$T/up-fake.html" -F "csrf=$RTOK" -F "file=@$T/fake.xlsx")" = 422
check "…with a Chinese message" grep -q '无法读取文件 fake.xlsx' "$T/up-fake.html"
check "upload without a file → 400" test "$(post "$T/reporter.jar" "$U" "$T/p.html" -F "csrf=$RTOK")" = 400
check "upload without CSRF → 403" test "$(post "$T/reporter.jar" "$U" "$T/p.html" -F "file=@$T/bad.csv")" = 403
check "planner upload → 403" test "$(post "$T/planner.jar" "$U" "$T/p.html" -F "csrf=$RTOK" -F "file=@$T/bad.csv")" = 403
head -c 11000000 /dev/zero >"$T/huge.csv"
check "an upload over 10 MB → 413" test "$(post "$T/reporter.jar" "$U" "$T/p.html" -F "csrf=$RTOK" -F "file=@$T/huge.csv")" = 413
state >"$T/after"
check "nothing changed after the hostile posts" cmp -s "$T/before" "$T/after"

# ---- the cycle: enter → submit → approve → locked → shown ---------------------------------------
LAST=$("$PLANMON" export --db "$DB" --format csv | sed -n "s/^$TOWN,2023,beds_elderly,\([0-9.]*\),.*/\1/p")
check "last year's figure is known" test -n "$LAST"
NEW=$((LAST + 7))
check "the form shows last year's figure" grep -q "<td class=\"num\" data-label=\"2023年值\">$LAST</td>" "$T/entry-reporter.html"
# latest FILE: the latest value an indicator page states ("5.4 张（2024年）").
latest() {
    sed -n 's/.*<dt>最新值<\/dt><dd>\([^<]*\)<.*/\1/p' "$1" | head -n 1
}
get "$T/reporter.jar" "/indicator/3?unit=$TOWN&year=2024" "$T/ind-before.html" >/dev/null
BEFORE=$(latest "$T/ind-before.html")
check "before: the indicator page states a latest value" test -n "$BEFORE"
check "reporter saves a draft (200)" test "$(post "$T/reporter.jar" "$E" "$T/saved.html" --data-urlencode "csrf=$RTOK" \
    --data-urlencode action=save --data-urlencode "v_beds_elderly=$NEW" \
    --data-urlencode 'c_beds_elderly=新增养老机构<script>alert(3)</script>')" = 200
check "…and is told so" grep -q '已保存：写入 1 个数据（草稿）' "$T/saved.html"
check "the draft is stored" sh -c "'$PLANMON' export --db '$DB' --format csv | grep -q '^$TOWN,2024,beds_elderly,$NEW,.*,draft,'"
check "the comment is shown escaped" grep -q '新增养老机构&lt;script&gt;alert(3)&lt;/script&gt;' "$T/saved.html"
check "a jump asks for a comment" test "$(post "$T/reporter.jar" "$E" "$T/warn.html" --data-urlencode "csrf=$RTOK" \
    --data-urlencode action=submit --data-urlencode "v_beds_elderly=$NEW" --data-urlencode v_caregivers=9999)" = 200
check "…with the CLI's warning" grep -q '警告（需说明）：比上年' "$T/warn.html"
check "…and holds the submission back" grep -q '暂未提交' "$T/warn.html"
check "…so nothing is submitted yet" sh -c "! '$PLANMON' export --db '$DB' --format csv | grep -q '^$TOWN,2024,.*,submitted,'"
check "reporter saves with a comment and submits (200)" test "$(post "$T/reporter.jar" "$E" "$T/sub.html" \
    --data-urlencode "csrf=$RTOK" --data-urlencode action=submit --data-urlencode "v_beds_elderly=$NEW" \
    --data-urlencode v_caregivers=9999 --data-urlencode 'c_caregivers=新招聘护理员')" = 200
check "…submitted" grep -q '已提交本单位 2024 年的 2 个数据' "$T/sub.html"
check "the figure is submitted" sh -c "'$PLANMON' export --db '$DB' --format csv | grep -q '^$TOWN,2024,beds_elderly,$NEW,.*,submitted,'"
check "a submitted figure cannot be changed (422)" test "$(post "$T/reporter.jar" "$E" "$T/p.html" --data-urlencode "csrf=$RTOK" \
    --data-urlencode action=save --data-urlencode "v_beds_elderly=$((NEW + 1))")" = 422
get "$T/reviewer.jar" /review "$T/queue.html" >/dev/null
check "the queue shows the town's group" grep -q "href=\"/unit/$TOWN?year=2024\">黄村镇</a>" "$T/queue.html"
check "the queue shows the comment escaped" grep -q '新增养老机构&lt;script&gt;' "$T/queue.html"
check "reviewer approves (200)" test "$(post "$T/reviewer.jar" /review "$T/ok.html" --data-urlencode "csrf=$VTOK" \
    --data-urlencode action=approve --data-urlencode unit=$TOWN --data-urlencode year=2024)" = 200
check "…told in Chinese" grep -q '已审核通过黄村镇 2024 年的 2 个数据' "$T/ok.html"
check "the figure is approved" sh -c "'$PLANMON' export --db '$DB' --format csv | grep -q '^$TOWN,2024,beds_elderly,$NEW,.*,approved,'"
state >"$T/locked.before"
check "a further post by the reporter is refused (422)" test "$(post "$T/reporter.jar" "$E" "$T/lock.html" \
    --data-urlencode "csrf=$RTOK" --data-urlencode action=save --data-urlencode "v_beds_elderly=$((NEW + 1))")" = 422
check "…because it is locked" grep -q '该数据已审核锁定' "$T/lock.html"
check "a locked figure uploaded again is refused too" test "$(printf 'unit,year,item,value\n%s,2024,beds_elderly,%s\n' $TOWN $((NEW + 2)) | \
    curl -s -o "$T/lock-up.html" -w '%{http_code}' -b "$T/reporter.jar" -F "csrf=$RTOK" -F 'file=@-;filename=again.csv' "$B$U")" = 422
state >"$T/locked.after"
check "the locked figure did not move" cmp -s "$T/locked.before" "$T/locked.after"
get "$T/reporter.jar" "$E" "$T/entry-locked.html" >/dev/null
check "the form shows it read-only" sh -c "! grep -q 'name=\"v_beds_elderly\"' '$T/entry-locked.html' && grep -q '已锁定' '$T/entry-locked.html'"
get "$T/reporter.jar" "/indicator/3?unit=$TOWN&year=2024" "$T/ind-after.html" >/dev/null
AFTER=$(latest "$T/ind-after.html")
EXPECT=$("$PLANMON" status --db "$DB" --unit $TOWN --year 2024 --format csv | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "value") v = i } $3 == 3 { printf "%.1f", $v }')
check "after: the indicator page shows the new figure" test "$AFTER" = "$EXPECT 张（2024年）"
check "after: it changed" test "$AFTER" != "$BEFORE"
get "$T/reporter.jar" "/?unit=$TOWN&year=2024" "$T/ov-after.html" >/dev/null
check "after: the overview's row of indicator 3 shows the new figure" sh -c "sed 's/<tr/\\
<tr/g' '$T/ov-after.html' | grep 'href=\"/indicator/3?' | grep -q '>$EXPECT<span class=\"year\">2024年</span>'"
get "$T/reporter.jar" "/history?unit=$TOWN&year=2024" "$T/hist-cycle.html" >/dev/null
check "history: the reporter's entry" grep -q '<td>reporter</td>' "$T/hist-cycle.html"
check "history: the reviewer's approval" grep -q '<td>reviewer</td>' "$T/hist-cycle.html"
check "history: old → new" grep -q "— → $NEW" "$T/hist-cycle.html"
check "history: the comment escaped" grep -q '新增养老机构&lt;script&gt;' "$T/hist-cycle.html"
check "admin reopens with a reason (200)" test "$(post "$T/admin.jar" /review "$T/reopen.html" --data-urlencode "csrf=$ATOK" \
    --data-urlencode action=reopen --data-urlencode unit=$TOWN --data-urlencode year=2024 --data-urlencode 'reason=床位数有误')" = 200
check "the figure is returned" sh -c "'$PLANMON' export --db '$DB' --format csv | grep -q '^$TOWN,2024,beds_elderly,$NEW,.*,returned,'"
check "the reason is in the history" sh -c "'$PLANMON' history --db '$DB' --unit $TOWN --year 2024 --format csv | grep -q '床位数有误'"
check "the reporter may change it again (200)" test "$(post "$T/reporter.jar" "$E" "$T/p.html" --data-urlencode "csrf=$RTOK" \
    --data-urlencode action=save --data-urlencode "v_beds_elderly=$((NEW + 1))")" = 200
check "…as a draft" sh -c "'$PLANMON' export --db '$DB' --format csv | grep -q '^$TOWN,2024,beds_elderly,$((NEW + 1)),.*,draft,'"

# ---- template download and upload ---------------------------------------------------------------
curl -s -D "$T/tpl.h" -o "$T/tpl.xlsx" -b "$T/reporter.jar" "$B/entry/template.xlsx?unit=$TOWN&year=2025"
check "template → 200" grep -q '^HTTP/1.1 200' "$T/tpl.h"
check "template is served as XLSX" grep -qi '^Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' "$T/tpl.h"
check "template has a UTF-8 file name" grep -qi "^Content-Disposition: attachment; filename=\"planmon-template-2025.xlsx\"; filename\\*=UTF-8''%E9%BB%84%E6%9D%91%E9%95%87" "$T/tpl.h"
check "template is a valid zip with the 填报 sheet" python3 - "$T/tpl.xlsx" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
assert "填报" in z.read("xl/workbook.xml").decode()
PY
check "reporter: template of another town → 403" test "$(code GET "/entry/template.xlsx?unit=$OTHER&year=2025" -b "$T/reporter.jar")" = 403
# Fill 本年值 (column G) with last year's value (F), else 1, as in collect.sh.
python3 - "$T/tpl.xlsx" "$T/filled.xlsx" <<'PY'
import re, sys, zipfile
zin = zipfile.ZipFile(sys.argv[1])
zout = zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED)
for item in zin.infolist():
    data = zin.read(item.filename)
    if item.filename == "xl/worksheets/sheet1.xml":
        x = data.decode()
        last = {m.group(1): m.group(2) for m in re.finditer(r'<c r="F(\d+)"[^>]*><v>([^<]*)</v></c>', x)}
        x = re.sub(r'<c r="G(\d+)"([^>]*)/>', lambda m: '<c r="G%s"%s><v>%s</v></c>' % (m.group(1), m.group(2), last.get(m.group(1), "1")), x)
        data = x.encode()
    zout.writestr(item.filename, data)
zout.close()
PY
state >"$T/up.before"
check "upload of the filled template → 200" test "$(post "$T/reporter.jar" "/entry/upload?unit=$TOWN&year=2025" "$T/up.html" \
    -F "csrf=$RTOK" -F "file=@$T/filled.xlsx;filename=黄村镇2025.xlsx")" = 200
check "…reports the import like the CLI" grep -q '已导入 黄村镇2025.xlsx：16 行，写入 16 个数据（草稿）' "$T/up.html"
check "the figures are stored as drafts" test "$("$PLANMON" export --db "$DB" --format csv | grep -c "^$TOWN,2025,.*,draft,")" = 16
check "the upload is in the history under the reporter" sh -c "'$PLANMON' history --db '$DB' --unit $TOWN --year 2025 --format csv | grep -q 'reporter,.*网页上传 黄村镇2025.xlsx'"
check "the reporter submits the whole subtree (200)" test "$(post "$T/reporter.jar" "/entry?unit=$TOWN&year=2025" "$T/p.html" \
    --data-urlencode "csrf=$RTOK" --data-urlencode action=submit_tree)" = 200
check "…all 16 submitted" test "$("$PLANMON" export --db "$DB" --format csv | grep -c "^$TOWN,2025,.*,submitted,")" = 16

# ---- stop ---------------------------------------------------------------------------------------------
kill -TERM "$SRV"
i=0
while [ $i -lt 100 ] && kill -0 "$SRV" 2>/dev/null; do
    sleep 0.1
    i=$((i + 1))
done
wait "$SRV"
RC=$?
SRV=
check "SIGTERM stops the server cleanly (exit 0)" test "$RC" -eq 0
check "no sanitizer report from the server" sh -c "! grep -q 'Sanitizer' '$T/serve.err'"
finish
