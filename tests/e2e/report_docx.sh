#!/bin/sh
# The evaluation report as a Word document (issue 13): the package's parts
# are all there and well-formed (unzip, xmllint), the document XML names A4
# and the 公文 fonts, LibreOffice Writer (headless) converts it to PDF, and
# the PDF's text (poppler's pdftotext) holds every section heading and every
# indicator name; the counts the report states equal those computed here
# from `planmon status`, independently of the report.
. "$(dirname "$0")/../lib.sh"
if ! command -v soffice >/dev/null 2>&1 || [ ! -e /usr/lib/libreoffice/program/swriter ] ||
    ! command -v pdftotext >/dev/null 2>&1; then
    # Large (≈300 MB): installed once, here rather than by scripts/deps.sh for every build.
    if [ "$(id -u)" -eq 0 ]; then
        for try in 1 2; do
            [ $try -eq 2 ] && apt-get -o DPkg::Lock::Timeout=900 update -qq >/dev/null 2>&1
            DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq \
                --no-install-recommends libreoffice-writer-nogui poppler-utils >/dev/null 2>&1 && break
        done
    fi
fi
command -v soffice >/dev/null 2>&1 || { echo "report_docx.sh: soffice (libreoffice-writer-nogui) is missing"; exit 1; }
command -v pdftotext >/dev/null 2>&1 || { echo "report_docx.sh: pdftotext (poppler-utils) is missing"; exit 1; }

DB=$(test_db docx)
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
check "report --format docx -o r.docx (exit 0)" \
    "$PLANMON" report --db "$DB" --year 2023 --issuer 大兴区民政局 --date 2024-06-30 --format docx -o "$T/r.docx"
check "…the format follows the name: -o r2.docx" \
    "$PLANMON" report --db "$DB" --year 2023 --issuer 大兴区民政局 --date 2024-06-30 -o "$T/r2.docx"
check "…the same bytes both ways" cmp "$T/r.docx" "$T/r2.docx"
"$PLANMON" report --db "$DB" --year 2023 --format docx >"$T/stdout.docx" 2>"$T/err.txt"
check "…without -o it is refused (exit 2), naming -o" sh -c "[ $? -eq 2 ] && grep -q -- '-o' '$T/err.txt'"
"$PLANMON" report --db "$DB" --year 2023 --format md -o "$T/r3.docx" >/dev/null 2>&1
check "…--format md with -o r3.docx is refused (exit 2), nothing written" sh -c "[ $? -eq 2 ] && [ ! -e '$T/r3.docx' ]"

# ---- the package -------------------------------------------------------------------------------
unzip -l "$T/r.docx" >"$T/list.txt" 2>&1
for part in '\[Content_Types\].xml' _rels/.rels word/document.xml word/_rels/document.xml.rels word/styles.xml \
    word/settings.xml word/fontTable.xml word/footer1.xml word/footer2.xml docProps/core.xml word/media/chart1.png; do
    check "the package holds $part" grep -q " $part\$" "$T/list.txt"
done
mkdir -p "$T/x"
(cd "$T/x" && unzip -q ../r.docx)
n=0
for f in $(cd "$T/x" && find . -name '*.xml' -o -name '*.rels'); do
    check "xmllint --noout $f" xmllint --noout "$T/x/$f"
    n=$((n + 1))
done
check "…ten XML parts at least ($n)" test $n -ge 10
check "every picture is a PNG" sh -c "for p in '$T'/x/word/media/*.png; do head -c 8 \"\$p\" | grep -q PNG || exit 1; done"

# ---- what the XML says about the page and the type -----------------------------------------------
python3 - "$T/x" >"$T/xml.out" 2>&1 <<'PY'
import re, sys
d = sys.argv[1]
doc = open(d + "/word/document.xml", encoding="utf-8").read()
styles = open(d + "/word/styles.xml", encoding="utf-8").read()
fonts = open(d + "/word/fontTable.xml", encoding="utf-8").read()
footer = open(d + "/word/footer1.xml", encoding="utf-8").read()
sizes = re.findall(r'<w:pgSz w:w="(\d+)" w:h="(\d+)"', doc)
assert sizes and all(sorted(map(int, s)) == [11906, 16838] for s in sizes), sizes    # A4 (twips)
assert ('11906', '16838') in sizes, sizes                                            # portrait body
# GB/T 9704 margins: 天头 37 mm, 订口 28 mm
assert re.search(r'<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"', doc), "margins"
for font in ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"):
    assert f'w:eastAsia="{font}"' in styles, font
    assert f'<w:font w:name="{font}">' in fonts, font
assert re.search(r'<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>', fonts), "fallback"
# Headings are Word's heading styles with outline levels (navigation pane, TOC).
for lvl, name in ((0, "heading 1"), (1, "heading 2")):
    m = re.search(r'<w:style w:type="paragraph" w:styleId="Heading%d">.*?</w:style>' % (lvl + 1), styles, re.S)
    assert m and f'<w:name w:val="{name}"/>' in m.group(0) and f'<w:outlineLvl w:val="{lvl}"/>' in m.group(0), name
assert doc.count('w:pStyle w:val="Heading1"') == 8, "section headings 一 … 八"
assert doc.count('w:pStyle w:val="AnnexHeading"') == 2, "annexes"
assert 'TOC \\o' in doc, "table of contents field"
assert doc.count("<w:tblHeader/>") >= 5, "repeated header rows"
assert "PAGE" in footer and "—" in footer, "page number — N —"
assert doc.count("<w:drawing>") >= 1, "charts"
print("xml ok")
PY
check "document.xml/styles.xml: A4, 公文 margins, 仿宋_GB2312/方正小标宋简体/黑体/楷体_GB2312 with fallbacks, heading styles, TOC, header rows, — N — footer" \
    grep -q "xml ok" "$T/xml.out"
grep -v "xml ok" "$T/xml.out" | head -5

# ---- LibreOffice Writer opens it and prints it -------------------------------------------------
mkdir -p "$T/pdf"
HOME=$T/lo timeout 300 soffice --headless --norestore -env:UserInstallation=file://$T/lo/profile \
    --convert-to pdf --outdir "$T/pdf" "$T/r.docx" >"$T/lo.out" 2>&1
check "LibreOffice converts the DOCX to PDF" test -s "$T/pdf/r.pdf"
check "…A4 pages" sh -c "pdfinfo '$T/pdf/r.pdf' | grep -q 'Page size: *595.[0-9]* x 841.[0-9]* pts (A4)'"
# -raw keeps a table cell's wrapped lines together (names); -layout keeps a
# table row on one line (counts).
pdftotext -raw "$T/pdf/r.pdf" "$T/r.txt"
pdftotext -layout "$T/pdf/r.pdf" "$T/rl.txt"
"$PLANMON" status --db "$DB" --year 2023 --format json >"$T/status.json"
"$PLANMON" task list --db "$DB" --year 2023 --format json >"$T/tasks.json"
python3 - "$T/r.txt" "$T/rl.txt" "$T/status.json" "$T/tasks.json" >"$T/text.out" 2>&1 <<'PY'
import json, re, sys
flat = re.sub(r"\s+", "", open(sys.argv[1], encoding="utf-8").read())
layout = open(sys.argv[2], encoding="utf-8").read()
status = json.load(open(sys.argv[3], encoding="utf-8"))
missing = []
# The report's outline (DESIGN / issue 13), in order: each heading in the
# 目录 first, then in the body.
headings = ["一、评估工作开展情况", "二、总体评价", "三、主要指标完成情况", "四、重点任务推进情况", "五、重大工程项目进展",
            "六、存在问题及原因", "七、下一步工作建议", "八、规划调整建议", "附件1街道乡镇进展排名", "附件2数据说明"]
pos = 0
for h in headings:
    i = flat.find(h, flat.find(h) + 1)
    if i < pos:
        missing.append("heading " + h)
    pos = max(pos, i)
for ind in status["indicators"]:
    if re.sub(r"\s+", "", ind["name"]) not in flat:
        missing.append("indicator " + ind["name"])
# Every key task's and major project's title (四 and 五's tables), and the
# counts of 四 and 五 as planmon task list judges them.
tasks = json.load(open(sys.argv[4], encoding="utf-8"))
if len(tasks) < 25:
    missing.append("task list: only %d tasks and projects" % len(tasks))
for t in tasks:
    if re.sub(r"\s+", "", t["title"]) not in flat:
        missing.append("task " + t["code"] + " " + t["title"])
for what, kind in (("重点任务", "task"), ("重大工程项目", "project")):
    items = [t for t in tasks if t["type"] == kind]
    words = "、".join("%s%d项" % (label, sum(1 for t in items if t["judgment_label"] == label))
                     for label in ("已完成", "按进度推进", "进度滞后", "逾期未完成", "未启动", "已取消"))
    if ("规划确定的%d项%s中，%s。" % (len(items), what, words)) not in flat:
        missing.append("%s counts %s" % (what, words))
# 表1: a row per label with the counts of all and of binding indicators,
# counted here from planmon status.
want = {}
for ind in status["indicators"]:
    a, b = want.get(ind["status_label"], (0, 0))
    want[ind["status_label"]] = (a + 1, b + (1 if ind["binding"] else 0))
want["合计"] = (len(status["indicators"]), sum(1 for i in status["indicators"] if i["binding"]))
got = {}
for m in re.finditer(r"^\s*(\S+)\s+(\d+)\s+(\d+)\s*$", layout, re.M):
    got.setdefault(m.group(1), (int(m.group(2)), int(m.group(3))))
for label, w in want.items():
    if got.get(label) != w:
        missing.append(f"表1 {label}: report {got.get(label)}, planmon status {w}")
# The 落款 closes the body, before the annexes.
i = flat.find("大兴区民政局2024年6月30日")
if i < 0 or i > flat.rfind("附件1街道乡镇进展排名"):
    missing.append("落款 大兴区民政局 2024年6月30日 before the annexes")
print("\n".join(missing) if missing else "text ok")
PY
check "the PDF holds every section heading, every indicator name, every task title, 表1's counts equal planmon status and 四/五's planmon task list" \
    grep -q "text ok" "$T/text.out"
grep -v "text ok" "$T/text.out" | head -10
finish
