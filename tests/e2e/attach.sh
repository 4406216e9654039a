#!/bin/sh
# Attachments (佐证材料, issue 14): the stamped 报表 scan and evidence of a
# town's submission, uploaded on the entry page, listed for the reviewer,
# downloaded byte-identical with safe headers; the type is judged from
# the bytes (a PNG named .pdf, a text file named .pdf, an empty file are
# refused with the field named), the size is limited, other towns'
# files are not shown; the files are in the database and so in a backup
# (PostgreSQL: in the SQLite copy `planmon copy` makes of it; `planmon
# backup` copies SQLite files only).
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "attach.sh: curl is missing"; exit 1; }
DB=$(test_db att)
PW=e2e-pass-2025
TOWN=110115009
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null; fi; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$DB" >"$T/demo.out" 2>&1
"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
check "server starts" test -n "$PORT"
[ -n "$PORT" ] || { finish; exit 1; }
B=http://127.0.0.1:$PORT
login() {
    rm -f "$2"
    curl -s -c "$2" -b "$2" "$B/login" >"$T/login.html"
    curl -s -o /dev/null -c "$2" -b "$2" --data-urlencode "csrf=$(csrf_of "$T/login.html")" \
        --data-urlencode "name=$1" --data-urlencode "password=$PW" "$B/login"
}
login reporter "$T/p.jar"
login reviewer "$T/v.jar"
E="/entry?unit=$TOWN&year=2024"
curl -s -o "$T/e.html" -b "$T/p.jar" "$B$E"
TOK=$(csrf_of "$T/e.html")
check "the entry page links the printable 报表" grep -q 'href="/entry/print?unit=110115009&amp;year=2024"' "$T/e.html"
check "the printable 报表 → 200" test "$(curl -s -o "$T/print.html" -w '%{http_code}' -b "$T/p.jar" "$B/entry/print?unit=$TOWN&year=2024")" = 200
check "…with its head: 填报单位（盖章）and the town" grep -q '填报单位（盖章）：黄村镇' "$T/print.html"
check "…its items with last year's figure" grep -q '养老护理员' "$T/print.html"
check "…and its foot: 单位负责人, 填表人 (the user), 报出日期" grep -q '单位负责人：.*填表人：黄村镇填报人.*报出日期：20[0-9][0-9]-' "$T/print.html"
check "another town's 报表 → 403" test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/p.jar" "$B/entry/print?unit=110115010&year=2024")" = 403
check "the entry page offers an upload of the scan" grep -q 'action="/entry/attach?unit=110115009&amp;year=2024"' "$T/e.html"
# A small real PDF (and bytes that are not text: every byte value).
python3 - "$T/scan.pdf" "$T/photo.png" "$T/big.pdf" <<'PY'
import sys, struct, zlib
pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n" + bytes(range(256)) + b"\n%%EOF\n"
open(sys.argv[1], "wb").write(pdf)
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)) + \
    chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b"")
open(sys.argv[2], "wb").write(png)
open(sys.argv[3], "wb").write(b"%PDF-1.4\n" + b"0" * (21 << 20) + b"\n%%EOF\n")
PY
up() { # up JAR FILE NAME KIND → status
    curl -s -o "$T/up.html" -w '%{http_code}' -b "$1" -F "csrf=$TOK" -F "kind=$4" -F "file=@$2;filename=$3" "$B/entry/attach?unit=$TOWN&year=2024"
}
check "the stamped scan uploads → 303" test "$(up "$T/p.jar" "$T/scan.pdf" '黄村镇2024年报表（盖章）.pdf' scan)" = 303
check "a photo uploads as evidence → 303" test "$(up "$T/p.jar" "$T/photo.png" 'C:\fakepath\台账照片.png' evidence)" = 303
check "…under its name without the browser's path" \
    test "$(db_sql "$DB" "SELECT name FROM attachment WHERE kind = 'evidence'")" = '台账照片.png'
check "a PNG named .pdf → 422" test "$(up "$T/p.jar" "$T/photo.png" '伪装.pdf' evidence)" = 422
check "…naming the type found in the bytes" grep -q 'PNG 图片，与扩展名不符' "$T/up.html"
printf 'just text\n' >"$T/t.pdf"
check "text named .pdf → 422" test "$(up "$T/p.jar" "$T/t.pdf" 'x.pdf' evidence)" = 422
check "…saying what is accepted" grep -q '不是 PDF、PNG/JPEG 图片、Excel（.xlsx）或 Word（.docx）文件' "$T/up.html"
: >"$T/empty.pdf"
check "an empty file → 422" test "$(up "$T/p.jar" "$T/empty.pdf" 'empty.pdf' evidence)" = 422
check "a file over the limit (21 MB, the default 20) → 413" test "$(up "$T/p.jar" "$T/big.pdf" 'big.pdf' evidence)" = 413
check "…naming it, its size and the limit" grep -q '文件“big.pdf”有 21.0 MB，超过 20 MB 的上限' "$T/up.html"
check "an unknown kind → 422" test "$(up "$T/p.jar" "$T/scan.pdf" 'a.pdf' other)" = 422
check "another town's upload → 403" test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/p.jar" -F "csrf=$TOK" \
    -F "file=@$T/scan.pdf;filename=a.pdf" "$B/entry/attach?unit=110115010&year=2024")" = 403
check "without CSRF → 403" test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/p.jar" \
    -F "file=@$T/scan.pdf;filename=a.pdf" "$B/entry/attach?unit=$TOWN&year=2024")" = 403
check "only the two good files were stored" test "$(db_sql "$DB" 'SELECT count(*) FROM attachment')" = 2

curl -s -o "$T/e2.html" -b "$T/p.jar" "$B$E"
check "the entry page lists the scan" grep -q '黄村镇2024年报表（盖章）.pdf</a> <span class="sub">盖章报表扫描件' "$T/e2.html"
ID=$(sed -n 's/.*href="\/attachments\/\([0-9]*\)">黄村镇2024年报表.*/\1/p' "$T/e2.html" | head -n 1)
check "…with a link" test -n "$ID"
curl -s -D "$T/h.txt" -o "$T/down.pdf" -b "$T/v.jar" "$B/attachments/$ID"
check "the reviewer downloads it byte-identical" cmp "$T/scan.pdf" "$T/down.pdf"
check "…as application/pdf" grep -qi '^content-type: application/pdf' "$T/h.txt"
check "…as an attachment with its Chinese name (RFC 6266)" grep -qi "^content-disposition: attachment; filename=\"planmon-attachment-$ID\"; filename\*=UTF-8''%E9%BB%84" "$T/h.txt"
check "…with nosniff" grep -qi '^x-content-type-options: nosniff' "$T/h.txt"
login admin "$T/a.jar"
curl -s -o /dev/null -b "$T/a.jar" "$B/"
db_sql "$DB" "UPDATE users SET unit_id = (SELECT id FROM org_unit WHERE code = '110115010') WHERE name = 'reporter'" \
    >/dev/null
check "a reporter of another town gets 404 for it" test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/p.jar" "$B/attachments/$ID")" = 404
check "an unknown attachment → 404" test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/v.jar" "$B/attachments/999")" = 404
check "anonymous → login" test "$(curl -s -o /dev/null -w '%{http_code}' "$B/attachments/$ID")" = 302
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
SRV=
if on_postgresql; then
    check "a copy holds the files" "$PLANMON" copy --from "$DB" --to "$T/bak.db"
else
    check "a backup holds the files" "$PLANMON" backup --db "$DB" "$T/bak.db"
fi
check "…byte-identical" python3 -c "
import sqlite3
a = sqlite3.connect('$T/bak.db').execute('select data from attachment where id = $ID').fetchone()[0]
assert a == open('$T/scan.pdf', 'rb').read()"
check "the database is sound" "$PLANMON" check --db "$DB"
finish
