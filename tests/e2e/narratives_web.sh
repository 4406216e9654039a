#!/bin/sh
# Narratives (评估意见) over HTTP (issue 13): GET/POST /api/v1/narratives and the
# /narratives page under the access rule — planners read, write and accept all;
# a department's member writes about its department's tasks and indicators only
# (another's → 403, nothing written); a town's reporter about its town's tasks;
# only planners accept, and an accepted text is changed by them only (409). Every
# change is kept (old and new text); a form without its CSRF token is refused;
# text is escaped on the page; the accepted text of a section is what
# `planmon report --format md` prints instead of the generated first draft.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "narratives_web.sh: curl is missing"; exit 1; }
DB=$(test_db n)
PW=narr-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
# yl1: a member of 养老服务科 (ylfw), which leads RW04 and indicator I06 in the demo; 社会救助科
# (shjz) leads RW01 and XM01 and indicator I01. The demo's reporter is of 黄村镇 (110115009),
# a party of RW03.
PLANMON_PASSWORD=$PW "$PLANMON" user add yl1 --role reporter --db "$DB" >/dev/null 2>&1
check "dept user" "$PLANMON" user dept yl1 养老服务科 --db "$DB"
for u in admin planner reviewer reporter yl1; do
    "$PLANMON" token add "$u" e2e --db "$DB" >"$T/$u.tok" 2>/dev/null
done
# The report's 七、下一步工作建议 before anything is written on the web: the demo's draft follows
# the generated text, marked as a draft.
"$PLANMON" report --db "$DB" --format md -o "$T/before.md" >/dev/null 2>&1
section7() { sed -n '/^## 七、/,/^## 八、/p' "$1"; }
section7 "$T/before.md" >"$T/before7.md"
check "report before: 七 holds the generated draft and the demo's draft, marked" sh -c \
    'grep -q "（草稿，待采纳）" "$1" && grep -q 加快推进“ "$1"' sh "$T/before7.md"

serve_start "$DB"
JSON='Content-Type: application/json'

py() {
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(($1))" "$T/body"
}
post() { # USER JSON-BODY → status
    api_req "$1" POST /api/v1/narratives -H "$JSON" --data-binary "$2"
}
hist() { db_sql "$DB" 'select count(*) from narrative_history'; }

# ---- reading ------------------------------------------------------------------------------------------
check "planner lists → 200" test "$(api_req planner GET /api/v1/narratives)" = 200
check "… the demo's 4 narratives of 2023" test "$(py 'd["year"], len(d["narratives"])')" = "(2023, 4)"
check "… each with what it is about" test "$(py 'all(n["about"] for n in d["narratives"])')" = True
check "dept user lists → 200" test "$(api_req yl1 GET /api/v1/narratives)" = 200
check "… none of the demo's (they are the planners' and 社会救助科's)" test "$(py 'len(d["narratives"])')" = 0
check "filter by section" test "$(api_req planner GET '/api/v1/narratives?section=存在问题及原因')" = 200
check "… only that section's" test "$(py '[(n["scope"], n["target"]) for n in d["narratives"]]')" = "[('section', 'problems')]"
check "filter by scope and ref" test "$(api_req planner GET '/api/v1/narratives?scope=task&ref=XM01')" = 200
check "… XM01's" test "$(py '[n["target"] for n in d["narratives"]]')" = "['XM01']"
check "unknown kind → 400" test "$(api_req planner GET '/api/v1/narratives?kind=nope')" = 400
check "unknown section → 400" test "$(api_req planner GET '/api/v1/narratives?section=第九章')" = 400

# ---- writing: the access rule ---------------------------------------------------------------------------
h0=$(hist)
check "dept user: its department's task → 200" \
    test "$(post yl1 '{"scope":"task","target":"RW04","kind":"problems","text":"（测试）驿站选址困难"}')" = 200
check "… saved as a draft by yl1" test "$(py '[(n["state"], n["who"]) for n in d["narratives"]]')" = "[('draft', 'yl1')]"
check "… one history row" test "$(hist)" = $((h0 + 1))
check "dept user: its department's indicator (I06) → 200" \
    test "$(post yl1 '{"scope":"indicator","target":"6","kind":"achievements","text":"（测试）驿站覆盖提高"}')" = 200
check "… stored under the indicator's code" test "$(py '[n["target"] for n in d["narratives"]]')" = "['I06']"
h1=$(hist)
check "dept user: another department's task → 403" \
    test "$(post yl1 '{"scope":"task","target":"RW01","kind":"problems","text":"越权"}')" = 403
check "… a JSON error" test "$(py 'd["error"]["code"]')" = forbidden
check "dept user: another department's indicator (I01) → 403" \
    test "$(post yl1 '{"scope":"indicator","target":"I01","kind":"problems","text":"越权"}')" = 403
check "dept user: a report section → 403" \
    test "$(post yl1 '{"scope":"section","target":"problems","kind":"problems","text":"越权"}')" = 403
check "dept user: accepting → 403" \
    test "$(post yl1 '{"scope":"task","target":"RW04","kind":"problems","text":"自行采纳","accept":true}')" = 403
check "… nothing written by the refusals" test "$(hist)" = "$h1"
check "town reporter: its town's task (RW03) → 200" \
    test "$(post reporter '{"scope":"task","target":"RW03","kind":"next_steps","text":"（测试）黄村镇加快建设"}')" = 200
check "town reporter: another's task (RW01) → 403" \
    test "$(post reporter '{"scope":"task","target":"RW01","kind":"problems","text":"越权"}')" = 403
check "unknown task → 400" test "$(post planner '{"scope":"task","target":"NOPE","kind":"problems","text":"x"}')" = 400
check "unknown kind → 400" test "$(post planner '{"scope":"task","target":"RW04","kind":"x","text":"x"}')" = 400
check "empty text → 400" test "$(post planner '{"scope":"task","target":"RW04","kind":"problems","text":""}')" = 400
check "not an object → 400" test "$(post planner '[]')" = 400
check "a member of the wrong type → 400 naming it" sh -c \
    'test "$1" = 400 && test "$2" = "text 应为字符串。"' sh \
    "$(post planner '{"scope":"task","target":"RW04","kind":"problems","text":5}')" "$(py 'd["error"]["message"]')"
check "accept not a boolean → 400 naming it" sh -c \
    'test "$1" = 400 && test "$2" = "accept 应为 true 或 false。"' sh \
    "$(post planner '{"scope":"task","target":"RW04","kind":"problems","text":"x","accept":"yes"}')" "$(py 'd["error"]["message"]')"
# The store takes at most 20000 bytes of text (a CJK character is 3 bytes in UTF-8): in 2024, so
# that 2023's lists and report stay as the checks below expect.
long() { # N → a narrative body whose text is N times 评 (3N bytes)
    python3 -c 'import json,sys; print(json.dumps({"scope":"section","target":"problems","kind":"problems","text":"评"*int(sys.argv[1])},ensure_ascii=False))' "$1"
}
long 6667 >"$T/long.json"
check "a text of 20001 bytes → 400, the limit in bytes named" sh -c \
    'test "$1" = 400 && test "$2" = "评估意见过长（最多 20000 字节）。"' sh \
    "$(api_req planner POST '/api/v1/narratives?year=2024' -H "$JSON" --data-binary @"$T/long.json")" "$(py 'd["error"]["message"]')"
check "town reporter sees its town's narrative, not yl1's" test "$(api_req reporter GET /api/v1/narratives >/dev/null; py 'sorted(n["target"] for n in d["narratives"])')" = "['RW03']"
# RW03 is led by 养老服务科 and carried by 黄村镇: both see the reporter's narrative on it.
check "dept user sees its department's three" test "$(api_req yl1 GET /api/v1/narratives >/dev/null; py 'sorted(n["target"] for n in d["narratives"])')" = "['I06', 'RW03', 'RW04']"

# ---- planners edit and accept; history kept ---------------------------------------------------------------
check "planner edits and accepts yl1's draft → 200" \
    test "$(post planner '{"scope":"task","target":"RW04","kind":"problems","text":"（测试）驿站选址困难，已协调解决","accept":true}')" = 200
check "… accepted, by planner" test "$(py '[(n["state"], n["who"]) for n in d["narratives"]]')" = "[('accepted', 'planner')]"
check "dept user: changing the accepted text → 409" \
    test "$(post yl1 '{"scope":"task","target":"RW04","kind":"problems","text":"改回"}')" = 409
check "… and can no longer edit it" test "$(api_req yl1 GET '/api/v1/narratives?scope=task&ref=RW04' >/dev/null; py '[n["can_edit"] for n in d["narratives"]]')" = "[False]"
check "history of RW04: created by yl1, then the planner's text with the old one kept" python3 - "$T/body" <<'PY'
import json, sys
h = [c for c in json.load(open(sys.argv[1]))['history'] if c['target'] == 'RW04']
assert [(c['who'], c['old_text'], c['new_text'], c['state']) for c in h] == [
    ('yl1', None, '（测试）驿站选址困难', 'draft'),
    ('planner', '（测试）驿站选址困难', '（测试）驿站选址困难，已协调解决', 'accepted')], h
PY
check "the store keeps the same history (append-only rows)" test \
    "$(db_sql "$DB" "select count(*) from narrative_history where target = 'RW04'")" = 2

# ---- the page -----------------------------------------------------------------------------------------------
page() { curl -s -o "$T/page.html" -w '%{http_code}' -b "$2" -c "$2" "$B$1"; }
check "yl1 logs in" web_login "$B" yl1 "$PW" "$T/yl.jar"
check "planner logs in" web_login "$B" planner "$PW" "$T/pl.jar"
check "dept user: /narratives → 200" test "$(page /narratives "$T/yl.jar")" = 200
check "… the five kinds as sections" test "$(grep -o '<section class="narr-kind" id="kind-[a-z_]*"><h2>[^<]*</h2>' "$T/page.html" | sed 's/.*<h2>//; s/<.*//' | tr '\n' ' ')" = "评估工作开展情况 主要成效 存在问题及原因 下一步工作建议 规划调整建议 "
check "… its narratives, the accepted one without an edit form" sh -c \
    'grep -q "驿站选址困难，已协调解决" "$1" && grep -q "已采纳，由规划人员修改" "$1" && grep -q "驿站覆盖提高" "$1"' sh "$T/page.html"
check "… not the narratives of another department (XM01)" sh -c 'test -s "$1" && ! grep -q XM01 "$1"' sh "$T/page.html"
check "… no accept box for a department" sh -c 'test -s "$1" && ! grep -q "name=\"accept\"" "$1"' sh "$T/page.html"
check "… the history table" grep -q '<table class="narr-history">' "$T/page.html"
check "… the navigation offers 评估意见" grep -q 'href="/narratives"' "$T/page.html"
CSRF=$(csrf_of "$T/page.html")
code=$(curl -s -o "$T/post.html" -w '%{http_code}' -b "$T/yl.jar" -c "$T/yl.jar" --data-urlencode "csrf=$CSRF" \
    --data-urlencode scope=task --data-urlencode target=RW05 --data-urlencode kind=problems \
    --data-urlencode 'text=<script>alert(1)</script>护理员招聘难' "$B/narratives?year=2023")
check "page: dept user writes about its task → 200" test "$code" = 200
check "… says it is saved" grep -q '已保存 2023 年任务或项目：RW05' "$T/post.html"
check "… the text shown escaped, never raw" sh -c \
    'grep -q "&lt;script&gt;alert(1)&lt;/script&gt;护理员招聘难" "$1" && ! grep -q "<script>alert" "$1"' sh "$T/post.html"
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/yl.jar" -c "$T/yl.jar" --data-urlencode "csrf=$CSRF" \
    --data-urlencode scope=task --data-urlencode target=RW01 --data-urlencode kind=problems \
    --data-urlencode text=越权 "$B/narratives")
check "page: dept user writing another department's → 403" test "$code" = 403
code=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/yl.jar" --data-urlencode scope=task --data-urlencode target=RW05 \
    --data-urlencode kind=problems --data-urlencode text=无令牌 "$B/narratives")
check "page: without the CSRF token → 403" test "$code" = 403
check "… nothing written" test "$(db_sql "$DB" "select count(*) from narrative_history where new_text = '无令牌'")" = 0
check "planner: /narratives → 200 with every narrative and the accept box" sh -c \
    "test \"\$(curl -s -o '$T/pl.html' -w '%{http_code}' -b '$T/pl.jar' '$B/narratives')\" = 200 && grep -q 'XM01' '$T/pl.html' && grep -q 'name=\"accept\"' '$T/pl.html'"
check "… the text boxes let through no more than the store takes (3 bytes a character, 20000 bytes)" python3 - "$T/pl.html" <<'PY'
import re, sys
m = set(re.findall(r'<textarea [^>]*name="text"[^>]*maxlength="(\d+)"', open(sys.argv[1], encoding='utf-8').read()))
assert len(m) == 1 and int(m.pop()) == 20000 // 3, m
PY
# The box's limit of characters all written (19998 bytes) is saved, on the page as the API.
MAXBOX=$(grep -o '<textarea [^>]*name="text"[^>]*maxlength="[0-9]*"' "$T/pl.html" | sed 's/.*maxlength="//; s/"//' | head -n 1)
code=$(curl -s -o "$T/post.html" -w '%{http_code}' -b "$T/pl.jar" -c "$T/pl.jar" --data-urlencode "csrf=$(csrf_of "$T/pl.html")" \
    --data-urlencode scope=section --data-urlencode target=problems --data-urlencode kind=problems \
    --data-urlencode "text=$(python3 -c 'import sys; print("评" * int(sys.argv[1]))' "$MAXBOX")" "$B/narratives?year=2024")
check "page: a text as long as the box allows → 200" test "$code" = 200
check "… saved whole" test "$(db_sql "$DB" "select length(text) from narrative where year = 2024 and target = 'problems'")" = "$MAXBOX"
code=$(curl -s -o "$T/post.html" -w '%{http_code}' -b "$T/pl.jar" -c "$T/pl.jar" --data-urlencode "csrf=$(csrf_of "$T/pl.html")" \
    --data-urlencode scope=section --data-urlencode target=problems --data-urlencode kind=nope \
    --data-urlencode text=类别有误 "$B/narratives?year=2024")
check "page: an unknown kind → 400, the page drawn with the message" sh -c \
    'test "$1" = 400 && grep -q "类别应为 评估工作开展情况" "$2" && grep -q "<section class=\"narr-kind\"" "$2"' sh "$code" "$T/post.html"
NEXT='（测试）下一步：建立重点任务月调度机制，采纳稿'
code=$(curl -s -o "$T/post.html" -w '%{http_code}' -b "$T/pl.jar" -c "$T/pl.jar" --data-urlencode "csrf=$(csrf_of "$T/pl.html")" \
    --data-urlencode scope=section --data-urlencode target=下一步工作建议 --data-urlencode kind=next_steps \
    --data-urlencode "text=$NEXT" --data-urlencode accept=1 "$B/narratives?year=2023")
check "page: planner accepts the section 下一步工作建议 → 200" test "$code" = 200
check "… the history keeps the demo's draft as the old text" test \
    "$(db_sql "$DB" "select count(*) from narrative_history where target = 'next_steps' and old_text like '（示例）加快推进滞后项目%' and new_text = '$NEXT'")" = 1
kill "$SRV"
wait "$SRV" 2>/dev/null
SRV=
check "no sanitizer report from the server" sh -c "! grep -q 'Sanitizer' '$T/serve.err'"

# ---- the report uses the accepted text -----------------------------------------------------------------------
"$PLANMON" report --db "$DB" --format md -o "$T/after.md" >/dev/null 2>&1
section7 "$T/after.md" >"$T/after7.md"
check "report: 七 holds the accepted text" grep -qF "$NEXT" "$T/after7.md"
check "… and no draft any more (the accepted text stands instead of the generated one)" sh -c \
    'test -s "$1" && ! grep -q 草稿 "$1" && ! grep -q 加快推进“ "$1"' sh "$T/after7.md"
check "… and the accepted task narrative" grep -qF '驿站选址困难，已协调解决' "$T/after.md"

# ---- the contract: every API answer above against docs/openapi.json ------------------------
api_contract
finish
