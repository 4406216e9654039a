#!/bin/sh
# Evidence files (佐证材料) on task progress updates (issue 13): a member of
# the lead department reports on RW04 with a PDF and a PNG through the form
# on /tasks/RW04, adds a DOCX to another update through the API and reports
# with files through the CLI; the files are listed in the task's timeline
# (page and API) and download byte-identical with safe headers to whoever
# may read the task (another department's member and a town reporter whose
# town does not carry it get 403). Files whose bytes are not PDF, PNG,
# JPEG, XLSX or DOCX (an .exe named .pdf, HTML named .png, a PDF whose
# header or end is cut off, a ZIP that is no workbook, an empty file) and a
# file over the limit are refused with the file named and why, and the
# update with them: the counts of updates and attachments do not move. The
# limit is the setting attach-max-mb (20 by default; serve option,
# settings file, task update option): a 21 MB file refused, then accepted
# at 30. `planmon copy` carries the files.
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "task_attach.sh: curl is missing"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "task_attach.sh: python3 is missing"; exit 1; }
DB=$(test_db ta)
PW=attach-pass-2025
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
# yl1: a member of 养老服务科 (ylfw), which leads RW04; sj1: of 社会救助科.
for u in yl1 sj1; do
    PLANMON_PASSWORD=$PW "$PLANMON" user add $u --role reporter --db "$DB" >/dev/null 2>&1
done
check "yl1 joins 养老服务科" "$PLANMON" user dept yl1 养老服务科 --db "$DB"
check "sj1 joins 社会救助科" "$PLANMON" user dept sj1 社会救助科 --db "$DB"
for u in yl1 sj1; do "$PLANMON" token add $u e2e --db "$DB" >"$T/$u.tok" 2>/dev/null; done
export PLANMON_CONFIG="$T/none.conf" # no settings file of the machine's
printf '# empty\n' >"$PLANMON_CONFIG"

# ---- the files ----------------------------------------------------------------------------------
python3 - "$T" <<'PY'
import io, struct, sys, zipfile, zlib
d = sys.argv[1]
def w(name, data):
    open(f"{d}/{name}", "wb").write(data)
w("scan.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n" + bytes(range(256)) + b"\n%%EOF\n")
def chunk(t, b):
    return struct.pack(">I", len(b)) + t + b + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
w("photo.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) +
  chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))
w("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(200)) + b"\xff\xd9")
def pkg(part):
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as f:
        f.writestr("[Content_Types].xml", "<Types/>")
        f.writestr(part, "<x/>")
    return z.getvalue()
w("minutes.docx", pkg("word/document.xml"))
w("ledger.xlsx", pkg("xl/workbook.xml"))
w("plain.xlsx", pkg("readme.txt"))                             # a ZIP, no workbook
w("tool.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)     # an .exe named .pdf
w("page.png", b"<!DOCTYPE html><html><body>hi</body></html>\n")  # HTML named .png
w("cut.pdf", b"%PDF-1")                                         # the header cut off
w("noeof.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n")   # the end cut off
w("empty.pdf", b"")
PY
# 21 MiB and a little: over the default 20 MB, a whole PDF.
{ printf '%%PDF-1.4\n'; head -c 22020096 /dev/zero; printf '\n%%%%EOF\n'; } >"$T/big.pdf"
check "big.pdf is 21 MB" test "$(wc -c <"$T/big.pdf")" -gt 22020096

updates() { db_sql "$DB" "SELECT count(*) FROM task_update"; }
files() { db_sql "$DB" "SELECT count(*) FROM attachment"; }
counts() { echo "$(updates) $(files)"; }

serve_start "$DB"
for u in yl1 sj1 reporter planner reviewer; do
    check "$u logs in" web_login "$B" "$u" "$PW" "$T/$u.jar"
done
curl -s -o "$T/task.html" -b "$T/yl1.jar" "$B/tasks/RW04"
TOK=$(csrf_of "$T/task.html")
check "the update form takes files (multipart, a file input, multiple)" \
    sh -c 'grep -q "enctype=\"multipart/form-data\" class=\"task-update\"" "$1" &&
           grep -q "name=\"file\" type=\"file\" multiple" "$1" && grep -q "每个不超过 20 MB" "$1"' sh "$T/task.html"
# post JAR [curl -F args…] → status; the page in $T/post.html
post() {
    _jar=$1
    shift
    curl -s -o "$T/post.html" -w '%{http_code}' -b "$_jar" -F "csrf=$TOK" -F period=2024H1 -F state=on_plan \
        -F percent=40 -F 'text=养老床位建设进展' "$@" "$B/tasks/RW04/updates"
}

# ---- the form: an update with a PDF and a PNG -----------------------------------------------------
before=$(counts)
check "form: update with a PDF and a PNG → 200" \
    test "$(post "$T/yl1.jar" -F "file=@$T/scan.pdf;filename=验收报告（盖章）.pdf" -F "file=@$T/photo.png;filename=C:\\fakepath\\现场照片.png")" = 200
check "… says so" grep -q '附佐证材料 2 份' "$T/post.html"
check "… one update and two files more" test "$(counts)" = "$(( ${before% *} + 1 )) $(( ${before#* } + 2 ))"
U1=$(db_sql "$DB" "SELECT max(id) FROM task_update")
check "… the files' ref names the task and the update" \
    test "$(db_sql "$DB" "SELECT count(*) FROM attachment WHERE ref = 'task:RW04:$U1' AND kind = 'evidence'")" = 2
PDF1=$(db_sql "$DB" "SELECT id FROM attachment WHERE name = '验收报告（盖章）.pdf'")
PNG1=$(db_sql "$DB" "SELECT id FROM attachment WHERE name = '现场照片.png'")
check "… stored under their names (without the browser's path)" sh -c 'test -n "$1" && test -n "$2"' sh "$PDF1" "$PNG1"
check "… of the district (the lead is a department)" \
    test "$(db_sql "$DB" "SELECT DISTINCT o.code FROM attachment a JOIN org_unit o ON o.id = a.unit_id WHERE a.ref = 'task:RW04:$U1'")" = 110115
check "… year of the period" test "$(db_sql "$DB" "SELECT DISTINCT year FROM attachment WHERE ref = 'task:RW04:$U1'")" = 2024
check "an update without files still works (an empty file input is no file)" \
    test "$(post "$T/yl1.jar" -F "file=@/dev/null;filename=")" = 200
check "… no file with it" test "$(db_sql "$DB" "SELECT count(*) FROM attachment WHERE ref = 'task:RW04:$(db_sql "$DB" "SELECT max(id) FROM task_update")'")" = 0

# ---- the API: a DOCX added to that update -----------------------------------------------------------
before=$(counts)
check "API: a DOCX to update $U1 → 201" test "$(api_req yl1 POST "/api/v1/tasks/RW04/updates/$U1/attachments?name=%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.docx" \
    -H 'Content-Type: application/octet-stream' --data-binary "@$T/minutes.docx")" = 201
DOC1=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["attachments"][0]["id"])' "$T/body")
check "… one file more, no update more" test "$(counts)" = "${before% *} $(( ${before#* } + 1 ))"
check "… named 会议纪要.docx" test "$(db_sql "$DB" "SELECT name FROM attachment WHERE id = $DOC1")" = 会议纪要.docx
check "API: an .exe named .pdf → 422" test "$(api_req yl1 POST "/api/v1/tasks/RW04/updates/$U1/attachments?name=tool.pdf" \
    -H 'Content-Type: application/octet-stream' --data-binary "@$T/tool.pdf")" = 422
check "… bad_file, naming the file and why" python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; sys.exit(not (e["code"] == "bad_file" and "tool.pdf" in e["message"] and "可执行程序" in e["message"]))' "$T/body"
check "API: 21 MB → 413" test "$(api_req yl1 POST "/api/v1/tasks/RW04/updates/$U1/attachments?name=big.pdf" \
    -H 'Content-Type: application/octet-stream' --data-binary "@$T/big.pdf")" = 413
check "… naming the file, its size and the limit" python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["error"]["message"]; sys.exit(not ("big.pdf" in m and "21.0 MB" in m and "20 MB" in m))' "$T/body"
check "API: another department's member → 403" test "$(api_req sj1 POST "/api/v1/tasks/RW04/updates/$U1/attachments?name=a.pdf" \
    -H 'Content-Type: application/octet-stream' --data-binary "@$T/scan.pdf")" = 403
check "… nothing written by the refusals" test "$(counts)" = "${before% *} $(( ${before#* } + 1 ))"
check "API: the task lists update $U1's three files" test "$(api_req yl1 GET /api/v1/tasks/RW04 >/dev/null; python3 -c '
import json,sys
d = json.load(open(sys.argv[1]))
u = [u for u in d["updates"] if u["id"] == int(sys.argv[2])][0]
print(" ".join(sorted(a["name"] for a in u["attachments"])))' "$T/body" "$U1")" = "会议纪要.docx 现场照片.png 验收报告（盖章）.pdf"

# ---- the CLI: an update with an XLSX and a JPEG -------------------------------------------------------
before=$(counts)
check "CLI: task update --attach twice" "$PLANMON" task update RW04 --period 2024 --state 按计划推进 --percent 50 \
    --attach "$T/ledger.xlsx" --attach "$T/photo.jpg" --db "$DB" --as yl1
check "… one update and two files more" test "$(counts)" = "$(( ${before% *} + 1 )) $(( ${before#* } + 2 ))"
U3=$(db_sql "$DB" "SELECT max(id) FROM task_update")
XLS=$(db_sql "$DB" "SELECT id FROM attachment WHERE ref = 'task:RW04:$U3' AND name = 'ledger.xlsx'")
JPG=$(db_sql "$DB" "SELECT id FROM attachment WHERE ref = 'task:RW04:$U3' AND name = 'photo.jpg'")
"$PLANMON" task update RW04 --period 2024 --state 按计划推进 --attach "$T/ledger.xlsx" --attach "$T/plain.xlsx" \
    --db "$DB" --as yl1 >/dev/null 2>"$T/cli.err"
check "CLI: a ZIP that is no workbook → exit 2" test $? = 2
check "… naming it and why" grep -q '文件“plain.xlsx”是 ZIP 压缩包，但不是 Excel' "$T/cli.err"
check "… the update refused with it (nothing written)" test "$(counts)" = "$(( ${before% *} + 1 )) $(( ${before#* } + 2 ))"

# ---- downloads --------------------------------------------------------------------------------------
dl() { # dl JAR ID → status; the file in $T/dl, the headers in $T/dl.head
    curl -s -o "$T/dl" -D "$T/dl.head" -w '%{http_code}' -b "$1" "$B/attachments/$2"
}
for pair in "$PDF1 scan.pdf application/pdf" "$PNG1 photo.png image/png" \
    "$DOC1 minutes.docx application/vnd.openxmlformats-officedocument.wordprocessingml.document" \
    "$XLS ledger.xlsx application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" "$JPG photo.jpg image/jpeg"; do
    set -- $pair
    check "download $2 as yl1 → 200" test "$(dl "$T/yl1.jar" "$1")" = 200
    check "… byte-identical" cmp -s "$T/dl" "$T/$2"
    check "… Content-Type $3" grep -qi "^content-type: $3" "$T/dl.head"
    check "… nosniff" grep -qi '^x-content-type-options: nosniff' "$T/dl.head"
done
check "… Content-Disposition attachment with the UTF-8 name (RFC 5987)" \
    sh -c 'dl() { curl -s -o /dev/null -D "$1" -b "$2" "$3"; }; dl "$1" "$2" "$3" && grep -qi "^content-disposition: attachment; .*filename\*=UTF-8'"''"'%E9%AA%8C%E6%94%B6%E6%8A%A5%E5%91%8A%EF%BC%88%E7%9B%96%E7%AB%A0%EF%BC%89.pdf" "$1"' \
    sh "$T/cd.head" "$T/yl1.jar" "$B/attachments/$PDF1"
check "a planner downloads it → 200" test "$(dl "$T/planner.jar" "$PDF1")" = 200
check "another department's member → 403" test "$(dl "$T/sj1.jar" "$PDF1")" = 403
check "… not the file" sh -c '! cmp -s "$1" "$2"' sh "$T/dl" "$T/scan.pdf"
check "a town reporter (RW04 is not its town's) → 403" test "$(dl "$T/reporter.jar" "$XLS")" = 403
check "an unknown attachment → 404" test "$(dl "$T/yl1.jar" 999999)" = 404

# ---- the page: the timeline lists the files; the reviewer sees them --------------------------------------
curl -s -o "$T/task.html" -b "$T/yl1.jar" "$B/tasks/RW04"
check "the timeline has a 佐证材料 column" grep -q '<th[^>]*>佐证材料</th>' "$T/task.html"
check "… linking every file" sh -c 'for i in $2; do grep -q "href=\"/attachments/$i\"" "$1" || exit 1; done' sh "$T/task.html" "$PDF1 $PNG1 $DOC1 $XLS $JPG"
check "… with name, type, uploader" grep -q '验收报告（盖章）.pdf</a> <span class="sub">PDF 文件 · 0.3 KB · yl1' "$T/task.html"
curl -s -o "$T/rv.html" -b "$T/reviewer.jar" "$B/tasks/RW04"
check "the reviewer's page links the files" grep -q "href=\"/attachments/$DOC1\"" "$T/rv.html"
check "… and the review form counts them" grep -q "佐证材料 3 份" "$T/rv.html"

# ---- bad files through the form: each refused with its name and why, nothing written ------------------------
before=$(counts)
bad() { # bad FILE NAME STATUS WHY
    check "form: $2 → $3" test "$(post "$T/yl1.jar" -F "file=@$T/scan.pdf;filename=good.pdf" -F "file=@$T/$1;filename=$2")" = "$3"
    check "… names $2: $4" grep -q "文件“$2”$4" "$T/post.html"
    check "… the update is not recorded" grep -q '（进展未记录）' "$T/post.html"
    check "… nothing written" test "$(counts)" = "$before"
}
bad tool.pdf tool.pdf 422 '是可执行程序'
bad page.png page.png 422 '不是 PDF、PNG/JPEG 图片、Excel（.xlsx）或 Word（.docx）文件'
bad cut.pdf cut.pdf 422 '以 PDF 文件头开始，但文件头或文件结尾（%%EOF）不完整'
bad noeof.pdf noeof.pdf 422 '以 PDF 文件头开始，但文件头或文件结尾（%%EOF）不完整'
bad plain.xlsx plain.xlsx 422 '是 ZIP 压缩包，但不是 Excel 工作簿（.xlsx）或 Word 文档（.docx）'
bad empty.pdf empty.pdf 422 '是空的'
bad photo.png photo.pdf 422 '的内容是PNG 图片，与扩展名不符'
bad big.pdf big.pdf 413 '有 21.0 MB，超过 20 MB 的上限'
"$PLANMON" task update RW04 --period 2024 --state 按计划推进 --attach "$T/big.pdf" --db "$DB" --as yl1 >/dev/null 2>"$T/cli.err"
check "CLI: 21 MB under the default → exit 2" test $? = 2
check "… naming it, its size and the limit" grep -q '文件“big.pdf”有 21.0 MB，超过 20 MB 的上限' "$T/cli.err"
check "… nothing written" test "$(counts)" = "$before"

# ---- the limit raised to 30 MB: serve option, settings file, task update option -------------------------------
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
SRV=
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 --attach-max-mb 0 >/dev/null 2>"$T/bad.err"
check "serve --attach-max-mb 0 → exit 2" test $? = 2
check "… saying the range" grep -q 'attach-max-mb 须为 1 到 200 之间的整数' "$T/bad.err"
serve_start "$DB" --attach-max-mb 30
for u in yl1; do web_login "$B" "$u" "$PW" "$T/$u.jar"; done
curl -s -o "$T/task.html" -b "$T/yl1.jar" "$B/tasks/RW04"
TOK=$(csrf_of "$T/task.html")
check "the form says 30 MB" grep -q "每个不超过 30 MB" "$T/task.html"
check "form: the 21 MB file at 30 MB → 200" test "$(post "$T/yl1.jar" -F "file=@$T/big.pdf;filename=big.pdf")" = 200
check "… one update and one file more" test "$(counts)" = "$(( ${before% *} + 1 )) $(( ${before#* } + 1 ))"
BIG=$(db_sql "$DB" "SELECT max(id) FROM attachment")
check "… downloads byte-identical" sh -c 'test "$(curl -s -o "$1" -w "%{http_code}" -b "$2" "$3")" = 200 && cmp -s "$1" "$4"' \
    sh "$T/dl" "$T/yl1.jar" "$B/attachments/$BIG" "$T/big.pdf"
printf 'attach-max-mb = 30\n' >"$PLANMON_CONFIG"
check "CLI: the settings file's attach-max-mb = 30 admits it" "$PLANMON" task update RW04 --period 2024 \
    --state 按计划推进 --attach "$T/big.pdf" --db "$DB" --as yl1
printf '# empty\n' >"$PLANMON_CONFIG"
check "CLI: --attach-max-mb 30 admits it" "$PLANMON" task update RW04 --period 2024 --state 按计划推进 \
    --attach "$T/big.pdf" --attach-max-mb 30 --db "$DB" --as yl1
check "… two updates and two files more" test "$(counts)" = "$(( ${before% *} + 3 )) $(( ${before#* } + 3 ))"

# ---- planmon copy carries the files ----------------------------------------------------------------------
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
SRV=
check "planmon copy to SQLite" "$PLANMON" copy --from "$DB" --to "$T/copy.db"
check "… every task file there, byte for byte" python3 - "$T/copy.db" "$T" "$PDF1:scan.pdf" "$PNG1:photo.png" \
    "$DOC1:minutes.docx" "$XLS:ledger.xlsx" "$JPG:photo.jpg" "$BIG:big.pdf" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for pair in sys.argv[3:]:
    i, name = pair.split(":")
    row = db.execute("SELECT data, ref FROM attachment WHERE id = ?", (int(i),)).fetchone()
    assert row and row[1].startswith("task:RW04:"), pair
    assert bytes(row[0]) == open(f"{sys.argv[2]}/{name}", "rb").read(), pair
PY
finish
