#!/bin/sh
# The HTML report as it prints (issue 13, item 5): Chromium (headless,
# Debian's) prints the demo's report to PDF, and the printed pages are read
# back with poppler (pdftotext -bbox-layout: each word with its box on the
# page; pdftoppm: the pages as PNG, kept in tests/out/report-print/ to look
# at). In 表2 主要指标完成情况:
#   - every indicator's name starts at the same left edge, in the first row
#     under a merged 领域 cell and in the rows after it alike (an nth-child
#     rule, shifted by the rowspans, once centred the later rows' names);
#   - 约束性 and 预期性 print on one line each, never broken in a narrow column,
#     nor a status label (符合预期) inside its four characters.
# The names and the binding flags are the plan's (planmon status --format
# json); where each printed word stands is the PDF's, not planmon's.
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=$ROOT/tests/out/report-print
"$ROOT/tests/browser/setup.sh" >"$T/setup.log" 2>&1
check "setup: Chromium is there" test -x "${CHROMIUM:-/usr/bin/chromium}"
command -v pdftotext >/dev/null 2>&1 || "$ROOT/scripts/deps.sh" >/dev/null 2>&1
DB=$T/demo.db
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo" test -s "$DB"
"$PLANMON" report --db "$DB" --format html -o "$T/r.html" >/dev/null 2>&1
check "report --format html" test -s "$T/r.html"
"$PLANMON" status --db "$DB" --format json >"$T/status.json"
HOME=$T timeout 300 "${CHROMIUM:-/usr/bin/chromium}" --headless --no-sandbox --disable-gpu \
    --user-data-dir="$T/chromium" --no-pdf-header-footer --print-to-pdf="$T/r.pdf" "file://$T/r.html" \
    >"$T/chromium.log" 2>&1
check "Chromium prints it to PDF" test -s "$T/r.pdf"
pdftotext -bbox-layout "$T/r.pdf" "$T/words.html" 2>"$T/pdftotext.err"
check "pdftotext reads the words and their boxes" test -s "$T/words.html"

python3 - "$T/words.html" "$T/status.json" >"$T/py.out" 2>&1 <<'PY'
import json, re, sys
words_html, status = sys.argv[1], json.load(open(sys.argv[2]))
inds = status['indicators']
pages = []
for page in re.split(r'<page ', open(words_html, encoding='utf-8').read())[1:]:
    pages.append([(float(x0), float(y0), w) for x0, y0, w in
                  re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', page)])
# The table's pages: from the one holding its caption (表2) to the one before
# section 四 (each section starts a page).
first = next(i for i, p in enumerate(pages) if any(w == '表2' or w.startswith('表2') for _, _, w in p))
last = next(i for i, p in enumerate(pages) if i > first and any(w.startswith('四、') for _, _, w in p)) - 1
words = [w for p in pages[first:last + 1] for w in p]
# Each name's first printed line: a word of 2 or more characters the name
# starts with (a name may also stand elsewhere on these pages: other tables,
# charts). The names' column edge is the left edge shared by the most
# indicators (within 1 pt); every indicator must have its first line there.
cands = {i['no']: [x for x, _, w in words if len(w) >= 2 and i['name'].startswith(w)] for i in inds}
missing = [n for n, xs in cands.items() if not xs]
assert not missing, ('names not found on the printed table', missing)
near = lambda e: {n for n, xs in cands.items() if any(abs(x - e) <= 1.0 for x in xs)}
edge = max(sorted({x for xs in cands.values() for x in xs}), key=lambda e: len(near(e)))
bad = sorted(set(cands) - near(edge))
assert not bad, ('names not at the left edge %.1f pt that %d names share' % (edge, len(near(edge))), bad)
# 属性 on one line: as many whole 约束性 / 预期性 words as the plan has binding /
# other indicators, and no piece of either word standing alone.
text = [w for _, _, w in words]
binding = sum(1 for i in inds if i['binding'])
assert text.count('约束性') == binding, ('约束性', text.count('约束性'), binding)
assert text.count('预期性') == len(inds) - binding, ('预期性', text.count('预期性'), len(inds) - binding)
cols = {round(x) for x, _, w in words if w in ('约束性', '预期性')}
pieces = [w for x, _, w in words if round(x) in cols and w in ('约', '约束', '束', '束性', '预', '预期', '期', '期性')]
assert not pieces, ('属性 broken over lines', pieces)
# A status label (符合预期 …) never broken inside its four characters: at
# least as many printed words start with each label as indicators carry it.
for label in {i['status_label'] for i in inds}:
    want = sum(1 for i in inds if i['status_label'] == label)
    got = sum(1 for w in text if w.startswith(label))
    assert got >= want, ('status label broken over lines', label, got, want)
print('ok', len(inds), binding, first + 1, last + 1)
PY
check "表2: every name at one left edge, 约束性/预期性 and the status labels whole (the PDF's word boxes)" grep -q '^ok 32 ' "$T/py.out"
grep -q '^ok ' "$T/py.out" || cat "$T/py.out"
mkdir -p "$OUT" && rm -f "$OUT"/table-*.png
P=$(sed -n 's/^ok [0-9]* [0-9]* \([0-9]*\) [0-9]*$/\1/p' "$T/py.out")
[ -n "$P" ] && pdftoppm -f "$P" -l "$P" -r 96 -png "$T/r.pdf" "$OUT/table" 2>/dev/null
check "the table's first page as PNG (tests/out/report-print/)" sh -c 'ls "$1"/table-*.png' sh "$OUT"
finish
