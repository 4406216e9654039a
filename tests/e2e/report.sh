#!/bin/sh
# planmon report: the demo's mid-term report in every format (Markdown
# against a golden file, HTML through tidy, XLSX read back with python's
# zipfile and ElementTree), its counts against `planmon status`, and the
# edges that must still give a sensible report: an empty database, a year
# without data, a plan without binding indicators, a unit without
# children, unapproved figures, hostile names; and the refusals.
# UPDATE_GOLDEN=1 rewrites the golden file (review the diff before committing).
set -u
. "$(dirname "$0")/../lib.sh"

GOLDEN=tests/data/golden/report-demo-2023.md
D=tests/data/report
DEMO=$(test_db demo)
"$PLANMON" demo --db "$DEMO" >/dev/null 2>&1
check "demo database" db_made "$DEMO"

# ---- Markdown: the golden file ----------------------------------------------------
# The issuer and date are given: the report's date is today's otherwise.
"$PLANMON" report --db "$DEMO" --year 2023 --issuer 大兴区民政局 --date 2024-06-30 --format md >"$T/r.md" 2>"$T/r.err"
check "md: exit 0" test $? -eq 0
check "md: nothing on stderr" test ! -s "$T/r.err"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$T/r.md" "$GOLDEN"
    echo "updated $GOLDEN"
fi
check "md: equals the golden file $GOLDEN" cmp -s "$T/r.md" "$GOLDEN"
cmp -s "$T/r.md" "$GOLDEN" || diff "$GOLDEN" "$T/r.md" | head -20
"$PLANMON" report --db "$DEMO" --year 2023 --issuer 大兴区民政局 --date 2024-06-30 -o "$T/again.md" >"$T/again.out" 2>&1
check "md by -o extension: exit 0 and says where" grep -q "已生成.*中期评估报告（2023年）" "$T/again.out"
check "md by -o extension: same bytes as stdout" cmp -s "$T/r.md" "$T/again.md"
check "md: title" grep -q '^# 大兴区民政事业发展“十四五”规划中期评估报告（2023年）$' "$T/r.md"
# The outline of a real 中期评估报告 (issue 13), the towns' ranking and the
# data notes as annexes.
for h in '## 一、评估工作开展情况' '## 二、总体评价' '### （一）基本民生保障能力显著增强' '### （四）民政服务方式更加智慧多元' \
    '## 三、主要指标完成情况' '## 四、重点任务推进情况' '## 五、重大工程项目进展' '## 六、存在问题及原因' \
    '### （一）约束性指标预警' '#### 1. ' '## 七、下一步工作建议' '## 八、规划调整建议' '## 附件1　街道乡镇进展排名' \
    '## 附件2　数据说明'; do
    check "md: heading $h" grep -q "^$h" "$T/r.md"
done
check "md: time against task" grep -q '时间进度为 60.0%' "$T/r.md"
check "md: cover names the issuer, not the unit evaluated" sh -c "grep -q '^评估单位：大兴区民政局$' '$T/r.md' && ! grep -q '评估单位：大兴区（' '$T/r.md'"
check "md: 落款 at the end of the body: issuer and date" grep -q '^2024年6月30日$' "$T/r.md"
check "md: no generator line in the report" sh -c "! grep -q 'planmon' '$T/r.md'"
"$PLANMON" report --db "$DEMO" --year 2023 --date 2024-02-30 --format md >/dev/null 2>"$T/date.err"
check "--date 2024-02-30 refused (exit 2), naming the value" sh -c "[ $? -eq 2 ] && grep -q '2024-02-30' '$T/date.err'"
check "md: the charts become notes" grep -q '^> 图1 .*（图表见 HTML 版报告）$' "$T/r.md"

# ---- the counts agree with `planmon status` ----------------------------------------------
"$PLANMON" status --db "$DEMO" --year 2023 --format json >"$T/st.json"
"$PLANMON" report --db "$DEMO" --year 2023 --format json >"$T/model.json"
check "json model: exit 0" test $? -eq 0
check "summary counts (model and Markdown table) equal those of status" python3 - "$T/st.json" "$T/model.json" "$T/r.md" <<'PY'
import collections, json, re, sys
st = json.load(open(sys.argv[1]))
model = json.load(open(sys.argv[2]))
md = open(sys.argv[3], encoding='utf-8').read()
ind = st['indicators']
# Counted in the words of the table: status_label, never a word of its own.
want = collections.Counter(i['status_label'] for i in ind)
want_b = collections.Counter(i['status_label'] for i in ind if i['binding'])
s = model['summary']
got = {c['label']: c['all'] for c in s['counts']}
got_b = {c['label']: c['binding'] for c in s['counts']}
for k in set(want) | set(got):
    assert want.get(k, 0) == got.get(k, 0), (k, want, got)
    assert want_b.get(k, 0) == got_b.get(k, 0), (k, want_b, got_b)
assert s['total'] == len(ind) == 32 and s['binding_total'] == sum(i['binding'] for i in ind)
assert s['alerts'] == sum(i['alert'] for i in ind)
# The Markdown table 表1 says the same.
table = md.split('**表1 主要指标评估结果汇总**')[1].split('\n\n')[1]
rows = {r[0]: (int(r[1]), int(r[2])) for r in
        ([c.strip() for c in line.strip('|').split('|')] for line in table.splitlines()[2:])}
for c in s['counts']:
    assert rows[c['label']] == (c['all'], c['binding']), (c, rows)
assert rows['合计'] == (32, s['binding_total']) and rows['其中：预警'][0] == s['alerts']
# Every indicator's judgment is status's, field by field.
by_no = {i['no']: i for i in ind}
for i in model['indicators']:
    o = by_no[i['no']]
    for k in ('status', 'status_label', 'year', 'alert'):
        assert i[k] == o[k], (i['no'], k, i[k], o[k])
    for k in ('value', 'gap_share', 'pace', 'projected', 'required_yearly_change'):
        assert (i[k] is None) == (o[k] is None), (i['no'], k)
        assert i[k] is None or abs(i[k] - o[k]) <= 1e-9 * max(1, abs(o[k])), (i['no'], k, i[k], o[k])
# Sections in order, each alert with a series chart, towns ranked.
assert [x['id'] for x in model['sections']] == ['work', 'summary', 'table', 'tasks', 'projects', 'problems', 'next',
                                                'adjust', 'annex-units', 'annex-notes']
risks = next(x for x in model['sections'] if x['id'] == 'problems')['blocks']
series = [b for b in risks if b['type'] == 'chart' and b['chart'] == 'series']
assert len(series) == s['alerts'] > 0, (len(series), s['alerts'])
assert len(model['units']) == 22 and model['units'][0]['rank'] == 1
shares = [u['share'] for u in model['units']]
assert shares == sorted(shares, reverse=True)
assert model['kind'] == 'midterm' and model['data_year'] == 2023 and abs(model['elapsed_share'] - 0.6) < 1e-12
PY

# ---- HTML ----------------------------------------------------------------------------
"$PLANMON" report --db "$DEMO" --year 2023 -o "$T/r.html" >/dev/null 2>"$T/h.err"
check "html: exit 0" test $? -eq 0
tidy -errors -quiet "$T/r.html" >"$T/tidy.out" 2>&1
check "html: tidy finds no errors" test $? -lt 2
check "html: self-contained A4 print" python3 - "$T/r.html" <<'PY'
import re, sys
h = open(sys.argv[1], encoding='utf-8').read()
assert h.startswith('<!DOCTYPE html>') and '<html lang="zh-CN">' in h
assert '@page { size: A4' in h and 'counter(page)' in h and 'break-before: page' in h
# No scripts, no external resources (the SVG namespace is a name, not a fetch).
assert '<script' not in h.lower()
assert not re.search(r'\b(src|href)\s*=', h), re.search(r'\b(src|href)\s*=', h)
assert 'url(' not in h and '@import' not in h
assert len(re.findall(r'https?://', h)) == h.count('http://www.w3.org/2000/svg')
assert h.count('<svg ') >= 5 and h.count('<svg ') == h.count('</svg>')
assert h.count('<section ') == 10 and '<h1>大兴区民政事业发展“十四五”规划中期评估报告（2023年）</h1>' in h
assert 'class="r st-behind"' in h or 'class="c st-behind"' in h
assert 'rowspan="12"' in h  # the first domain's merged cell
PY

# ---- XLSX -------------------------------------------------------------------------------
"$PLANMON" report --db "$DEMO" --year 2023 -o "$T/r.xlsx" >/dev/null 2>&1
check "xlsx: exit 0" test $? -eq 0
check "xlsx: sheets, merged domain cells, values, colours" python3 - "$T/r.xlsx" "$T/st.json" <<'PY'
import json, sys, zipfile
import xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
wb = ET.fromstring(z.read('xl/workbook.xml'))
names = [s.get('name') for s in wb.iter(M + 'sheet')]
assert names == ['主要指标', '评估汇总', '下级单位排名', '原始数据', '重点任务和重大项目', '评估意见'], names
shared = [''.join(t.text or '' for t in si.iter(M + 't')) for si in ET.fromstring(z.read('xl/sharedStrings.xml'))]
def cells(n):
    sh = ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % n))
    out = {}
    for c in sh.iter(M + 'c'):
        v = c.find(M + 'v')
        if v is None:
            continue
        out[c.get('r')] = shared[int(v.text)] if c.get('t') == 's' else float(v.text)
    return sh, out
sh, c = cells(1)
merges = [m.get('ref') for m in sh.iter(M + 'mergeCell')]
# Title, the 领域 header over two columns, the four domains' runs in column A.
assert 'A3:B3' in merges and 'A4:A15' in merges and 'A16:A27' in merges and 'A28:A34' in merges, merges
assert c['A4'] == '基本民生保障' and c['A35'] == '基础保障' and c['B6'] == '养老服务'
assert c['A1'] == '大兴区民政事业发展“十四五”规划中期评估报告（2023年）'
st = {i['no']: i for i in json.load(open(sys.argv[2]))['indicators']}
for row in range(4, 36):
    no = int(c['C%d' % row])
    assert c['D%d' % row] == st[no]['name']
    assert c['K%d' % row] == ('约束性' if st[no]['binding'] else '预期性')
    assert c['N%d' % row] == st[no]['status_label'], (no, c['N%d' % row])
    # 趋势判断 beside the status, in status's words (empty where it has none).
    assert c.get('O%d' % row, '') == (st[no]['outlook'] and
        {'likely': '预计能完成', 'at_risk': '完成有难度', 'unlikely': '预计难以完成'}[st[no]['outlook']] or ''), no
    if st[no]['value'] is not None:
        assert abs(c['G%d' % row] - st[no]['value']) < 1e-9, no
        assert c['H%d' % row] == '实际', no  # no estimates in the demo
assert c['H3'] == '实际/预计' and c['O3'] == '趋势判断'
assert c['D5'] == '临时救助和长期照料总床位数' and c['G5'] == 120 and c['J5'] == 200
assert c['J10'] == '≥50' and c['J20'] == '130（累计）'  # as the plan wrote it, 累计 a mark of its own
cf = [r for r in sh.iter(M + 'cfRule')]
assert len(cf) >= 7 and all(r.get('type') == 'beginsWith' for r in cf), len(cf)
assert sh.find(M + 'pageSetup').get('orientation') == 'landscape'
_, s2 = cells(2)
assert s2['A4'] == '提前完成' and s2['B4'] == sum(1 for i in st.values() if i['status_label'] == '提前完成')
_, s3 = cells(3)
assert s3['A4'] == 1 and len([k for k in s3 if k.startswith('C') and k != 'C3']) == 22
_, s4 = cells(4)
assert s4['A1'] == '单位代码' and s4['H1'] == '数值'
rows = {int(k[1:]) for k in s4 if k[0] == 'A'}
assert len(rows) > 2000, len(rows)  # district and 22 towns × 32 indicators × 4 years, less the gaps
PY

# ---- 四 and 五: the counts and rows equal planmon task list and project list ------------------
"$PLANMON" task list --db "$DEMO" --year 2023 --format json >"$T/tasks.json"
"$PLANMON" project list --db "$DEMO" --year 2023 --format json >"$T/projects.json"
check "四/五: counts, rows and the lagging ones (model, Markdown, XLSX) equal planmon task list / project list" \
    python3 - "$T/tasks.json" "$T/projects.json" "$T/r.md" "$T/model.json" "$T/r.xlsx" <<'PY'
import collections, json, re, sys, zipfile
import xml.etree.ElementTree as ET
tasks = [t for t in json.load(open(sys.argv[1])) if t['type'] == 'task']
projects = json.load(open(sys.argv[2]))
md = open(sys.argv[3], encoding='utf-8').read()
model = json.load(open(sys.argv[4]))
assert len(tasks) >= 20 and len(projects) >= 5, (len(tasks), len(projects))
for what, sec, items in (('重点任务', 'tasks', tasks), ('重大工程项目', 'projects', projects)):
    want = collections.Counter(t['judgment_label'] for t in items)
    # The sentence: every judgment named with its count, zeros too.
    m = re.search(r'规划确定的 (\d+) 项' + what + r'中，(.*?)。', md)
    assert m and int(m.group(1)) == len(items), (what, m and m.group(0))
    got = {k: int(v) for k, v in re.findall(r'([^、 ]+) (\d+) 项', m.group(2))}
    assert len(got) == 6 and all(got[k] == want.get(k, 0) for k in got), (what, got, want)
    # The table of the section in the model: one row per item, judged alike.
    blocks = next(x for x in model['sections'] if x['id'] == sec)['blocks']
    rows = next(b for b in blocks if b['type'] == 'table')['rows']
    by = {t['code']: t for t in items}
    assert [r[0] for r in rows] == [t['code'] for t in items], what
    for r in rows:
        assert r[1] == by[r[0]]['title'] and r[-1] == by[r[0]]['judgment_label'], r
    # Each lagging or overdue one listed with its lead department.
    for t in items:
        line = '%s“%s”：%s，牵头单位%s' % (t['code'], t['title'], t['judgment_label'], t['lead_name'])
        assert (line in md) == (t['judgment'] in ('lagging', 'overdue')), line
# The workbook's sheet 5 holds every item with its judgment.
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
z = zipfile.ZipFile(sys.argv[5])
shared = [''.join(t.text or '' for t in si.iter(M + 't')) for si in ET.fromstring(z.read('xl/sharedStrings.xml'))]
cells = {}
for c in ET.fromstring(z.read('xl/worksheets/sheet5.xml')).iter(M + 'c'):
    v = c.find(M + 'v')
    if v is not None and c.get('t') == 's':
        cells[c.get('r')] = shared[int(v.text)]
sheet = {cells['A%d' % r]: cells['G%d' % r] for r in range(2, 2 + len(tasks) + len(projects))}
assert sheet == {t['code']: t['judgment_label'] for t in tasks + projects}, sheet
# The narratives of 2023: the accepted ones stand in their sections, drafts marked.
assert '（示例）区民政局成立中期评估工作小组' in md.split('## 一、')[1].split('## 二、')[0]
assert '（示例）部分养老服务设施建设受选址和资金影响进度滞后' in md.split('## 六、')[1].split('## 七、')[0]
assert 'XM01（存在问题及原因）：（示例）主体结构封顶节点未按期完成，主要原因是设计变更。（草稿，待采纳）' in md.split('## 五、')[1]
PY

# ---- 六（一）: every alert names its lead department; a lagging or overdue task or project
# linked to a binding indicator raises an alert on it, figures or not ----------------------
db_sql "$DEMO" "select p.item_code, d.name from assignment_party p join dept d on d.code = p.dept_code
    where p.item_kind = 'indicator' and p.lead = 1" >"$T/leads.txt"
check "六（一）: alerts name the lead department; lagging tasks on binding indicators raise alerts" \
    python3 - "$T/st.json" "$T/tasks.json" "$T/leads.txt" "$T/r.md" <<'PY'
import json, re, sys
ind = json.load(open(sys.argv[1]))['indicators']
items = json.load(open(sys.argv[2]))
lead = dict(l.rstrip('\n').split('|') for l in open(sys.argv[3], encoding='utf-8'))
md = open(sys.argv[4], encoding='utf-8').read()
sec = md.split('### （一）约束性指标预警')[1].split('### （二）')[0]
binding = {i['code']: i for i in ind if i['binding']}
by_task = {}
for t in items:
    if t['judgment'] in ('lagging', 'overdue'):
        for code in (t['indicators'] or '').split('、'):
            if code in binding:
                by_task.setdefault(code, []).append(t)
assert by_task, 'the demo has a lagging task on a binding indicator'
want = [i['code'] for i in ind if i['binding'] and i['alert']] + \
       [i['code'] for i in ind if i['binding'] and not i['alert'] and i['code'] in by_task]
assert len(want) > sum(1 for i in ind if i['alert']), 'a task raises an alert the figures do not'
heads = re.findall(r'^#### (\d+)\. (.+?)(?:（[^（]*）)?$', sec, re.M)
names = {i['name']: i['code'] for i in ind}
got = [names[h[1]] for h in heads]
assert got == want, (got, want)
assert [int(h[0]) for h in heads] == list(range(1, len(want) + 1))
parts = re.split(r'^#### \d+\. .*$', sec, flags=re.M)[1:]
for code, part in zip(got, parts):
    assert '牵头单位：%s' % lead[code] in part, (code, lead.get(code), part[:300])
    for t in by_task.get(code, []):
        kind = '重大项目' if t['type'] == 'project' else '重点任务'
        line = '%s%s“%s”%s（牵头单位%s）' % (kind, t['code'], t['title'], t['judgment_label'], t['lead_name'])
        assert line in part, (code, line)
    if not binding[code]['alert']:
        assert '指标本身评价为%s' % binding[code]['status_label'] in part, code
n_own = sum(1 for i in ind if i['binding'] and i['alert'])
assert '%d 项进度偏慢、明显滞后、逆向变化或未完成，列为预警；另有 %d 项' % (n_own, len(want) - n_own) in sec
PY

# ---- other years: the final report, a year without data, the base year ----------------
# The final evaluation judges the target year's own figures: with data only
# to 2023 it is refused, naming every indicator without a 2025 figure
# (each with a figure before: No. 29 has none at all and reads 暂无数据).
"$PLANMON" report --db "$DEMO" --year 2025 --format md >"$T/y2025.md" 2>"$T/y2025.err"
check "2025 without 2025 figures: refused, exit 2" test $? -eq 2
check "2025 refused: nothing on stdout" test ! -s "$T/y2025.md"
check "2025 refused: names the indicators lacking a 2025 figure" python3 - "$T/y2025.err" "$T/st.json" <<'PY'
import json, re, sys
err = open(sys.argv[1], encoding='utf-8').read()
assert '总结评估' in err and '实际值或预计值' in err, err
named = {int(n) for n in re.findall(r'(?:：|；)(\d+)\. ', err)}
st = json.load(open(sys.argv[2]))['indicators']
want = {i['no'] for i in st if i['value'] is not None}
assert named == want and 29 not in named and len(named) == 31, (sorted(named), sorted(want))
for i in st:
    if i['no'] in named:
        assert '%d. %s' % (i['no'], i['name']) in err, i['no']
PY
# With 2025 estimates (the 2023 figures carried over as 预计) it is made, and
# every judgment resting on one says so.
EST=$(db_clone "$DEMO" est)
"$PLANMON" export --db "$EST" --year 2023 --format csv --encoding utf-8 -o "$T/y2023.csv"
python3 - "$T/y2023.csv" "$T/est2025.csv" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8')) if r['value'] != '']
with open(sys.argv[2], 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['unit', 'year', 'item', 'value', 'kind'])
    for r in rows:
        w.writerow([r['unit'], 2025, r['item'], r['value'], '预计'])
PY
check "2025 estimates imported" "$PLANMON" import --db "$EST" "$T/est2025.csv"
"$PLANMON" report --db "$EST" --year 2025 --format md >"$T/y2025.md" 2>&1
check "2025 with estimates: exit 0" test $? -eq 0
check "2025: a final evaluation" grep -q '^# .*总结评估报告（2025年）$' "$T/y2025.md"
check "2025: the table marks the estimates" grep -q '| 2 | 临时救助和长期照料总床位数 | 张 | 50 | 120（预计） | 2025 |' "$T/y2025.md"
check "2025: the note says 31 values are estimates" grep -q '标“预计”的 31 项最新值为预计值' "$T/y2025.md"
"$PLANMON" report --db "$EST" --year 2025 --format json >"$T/y2025.json"
check "2025 json: estimate true exactly where a 2025 figure stands in" python3 -c "
import json, sys
m = json.load(open(sys.argv[1]))
e = {i['no'] for i in m['indicators'] if i['estimate']}
assert e == set(range(1, 33)) - {29}, sorted(e)" "$T/y2025.json"
"$PLANMON" report --db "$EST" --year 2025 -o "$T/y2025.xlsx" >/dev/null 2>&1
check "2025 xlsx: the 实际/预计 column says 预计" python3 - "$T/y2025.xlsx" <<'PY'
import sys, zipfile
import xml.etree.ElementTree as ET
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
z = zipfile.ZipFile(sys.argv[1])
shared = [''.join(t.text or '' for t in si.iter(M + 't')) for si in ET.fromstring(z.read('xl/sharedStrings.xml'))]
sh = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
col = [shared[int(c.find(M + 'v').text)] for c in sh.iter(M + 'c')
       if c.get('r')[0] == 'H' and c.get('t') == 's' and c.find(M + 'v') is not None]
assert col[0] == '实际/预计' and col.count('预计') == 31, col
PY
# An actual replaces the estimate (actual wins); an estimate over an actual is refused.
printf 'unit,year,item,value\n110115,2025,I02,150\n' >"$T/act.csv"
check "2025 actual over the estimate: imported" "$PLANMON" import --db "$EST" "$T/act.csv"
"$PLANMON" status --db "$EST" --year 2025 --format json >"$T/st2025.json"
check "2025 status: No. 2 rests on the actual 150" python3 -c "
import json, sys
i = {x['no']: x for x in json.load(open(sys.argv[1]))['indicators']}
assert i[2]['value'] == 150 and i[2]['estimate'] is False and i[3]['estimate'] is True" "$T/st2025.json"
printf 'unit,year,item,value,kind\n110115,2025,I02,160,预计\n' >"$T/est2.csv"
"$PLANMON" import --db "$EST" "$T/est2.csv" >"$T/est2.out" 2>&1
check "an estimate over an actual: refused, exit 2" test $? -eq 2
check "an estimate over an actual: says why" grep -q '已有实际值 150' "$T/est2.out"
"$PLANMON" report --db "$DEMO" --year 2020 -o "$T/y2020.html" >/dev/null 2>&1
check "2020: exit 0" test $? -eq 0
tidy -errors -quiet "$T/y2020.html" >/dev/null 2>&1
check "2020: tidy finds no errors" test $? -lt 2
check "2020: the base year, nothing judged" grep -q '2020 年为规划基期' "$T/y2020.html"
"$PLANMON" report --db "$DEMO" --year 2020 -o "$T/y2020.xlsx" >/dev/null 2>&1
check "2020: xlsx exit 0" test $? -eq 0

# ---- one unit: a town, a community without children -------------------------------------
"$PLANMON" report --db "$DEMO" --year 2023 --unit 110115009 --format md >"$T/town.md" 2>&1
check "town: exit 0" test $? -eq 0
check "town: its own self-evaluation, titled for it" grep -q '^# 黄村镇《大兴区民政事业发展“十四五”规划》中期自评估报告（2023年）$' "$T/town.md"
check "town: its communities ranked (an annex)" grep -q '^## 附件1　社区村进展排名' "$T/town.md"
COMM=$(db_sql "$DEMO" 'select code from org_unit where level=2 order by code limit 1')
"$PLANMON" report --db "$DEMO" --year 2023 --unit "$COMM" --format md >"$T/comm.md" 2>&1
check "community: exit 0" test $? -eq 0
check "community: no units below, so no ranking annex" sh -c "! grep -q '进展排名' '$T/comm.md' && grep -q '^## 附件1　数据说明' '$T/comm.md'"

# ---- an empty database ---------------------------------------------------------------------
EMPTY=$(test_db empty)
"$PLANMON" init --db "$EMPTY" >/dev/null 2>&1
for f in md html xlsx json; do
    "$PLANMON" report --db "$EMPTY" -o "$T/empty.$f" >/dev/null 2>"$T/empty.$f.err"
    check "empty database, $f: exit 0" test $? -eq 0
    check "empty database, $f: written" test -s "$T/empty.$f"
done
check "empty database: says there is nothing yet" grep -q '数据库中还没有组织机构和数据' "$T/empty.md"
check "empty database: every indicator without data" grep -q '^| 暂无数据 | 32 | 12 |$' "$T/empty.md"
tidy -errors -quiet "$T/empty.html" >/dev/null 2>&1
check "empty database: tidy finds no errors" test $? -lt 2

# ---- a plan without binding indicators; drafts and submissions; hostile names -------------
NB=$(test_db nb)
"$PLANMON" init --db "$NB" --plan "$D/plan-nobinding.txt" >/dev/null 2>&1
check "no-binding plan: init" test $? -eq 0
"$PLANMON" units import --db "$NB" "$D/units-nobinding.csv" >/dev/null 2>&1
"$PLANMON" import --db "$NB" "$D/data-nobinding.csv" >/dev/null 2>&1
check "no-binding plan: data imported" test $? -eq 0
"$PLANMON" report --db "$NB" --year 2022 --format md >"$T/nb.md" 2>&1
check "no-binding plan: exit 0" test $? -eq 0
check "no-binding plan: says there are none" grep -q '规划未设置约束性指标，本部分从略。' "$T/nb.md"
check "no-binding plan: all expected indicators" grep -q '均为预期性指标' "$T/nb.md"
check "no-binding plan: drafts are outstanding" grep -q '尚有未审核通过数据的街道乡镇 2 个' "$T/nb.md"
check "no-binding plan: one 领域 column as in the plan" grep -q '^| 领域 | 序号 | 指标 |' "$T/nb.md"
"$PLANMON" submit --db "$NB" --unit T1 --year 2022 >/dev/null 2>&1
"$PLANMON" report --db "$NB" --year 2022 --format md >"$T/nb2.md" 2>&1
check "submitted figures: waiting for review" grep -q '甲街道（已提交待审核 2 条）' "$T/nb2.md"
"$PLANMON" report --db "$NB" --year 2022 -o "$T/nb.xlsx" >/dev/null 2>&1
check "no-binding plan: xlsx exit 0" test $? -eq 0

# Names from files end up in the report: they are escaped in every format.
HOSTILE=$(test_db hostile)
"$PLANMON" init --db "$HOSTILE" --plan "$D/plan-hostile.txt" >/dev/null 2>&1
check "hostile plan: init" test $? -eq 0
"$PLANMON" units import --db "$HOSTILE" "$D/units-hostile.csv" >/dev/null 2>&1
check "hostile units: imported" test $? -eq 0
"$PLANMON" import --db "$HOSTILE" "$D/data-hostile.csv" >/dev/null 2>&1
check "hostile data: imported" test $? -eq 0
"$PLANMON" report --db "$HOSTILE" --year 2022 -o "$T/hostile.html" >/dev/null 2>&1
check "hostile: html exit 0" test $? -eq 0
tidy -errors -quiet "$T/hostile.html" >/dev/null 2>&1
check "hostile: tidy finds no errors" test $? -lt 2
check "hostile: escaped, not executed" python3 - "$T/hostile.html" <<'PY'
import sys
h = open(sys.argv[1], encoding='utf-8').read()
assert '<script' not in h.lower() and '<img' not in h.lower(), 'raw markup from a name'
assert '&lt;script&gt;alert(1)&lt;/script&gt;镇' in h
assert '&lt;img src=x onerror=alert(1)&gt;床位数' in h
assert 'aria-label="&lt;img src=x onerror=alert(1)&gt;床位数' in h
PY
"$PLANMON" report --db "$HOSTILE" --year 2022 --format md >"$T/hostile.md" 2>&1
check "hostile: markdown escaped" grep -q '&lt;script&gt;alert(1)&lt;/script&gt;镇' "$T/hostile.md"
"$PLANMON" report --db "$HOSTILE" --year 2022 -o "$T/hostile.xlsx" >/dev/null 2>&1
check "hostile: xlsx exit 0" test $? -eq 0

# ---- refusals: exit 2, a reason, no output file --------------------------------------------
refused() { # what, reason, args...
    _what=$1 _why=$2
    shift 2
    "$PLANMON" report "$@" >"$T/rf.out" 2>"$T/rf.err"
    _rc=$?
    check "report $_what: exit 2" test "$_rc" -eq 2
    check "report $_what: says why" grep -q "$_why" "$T/rf.err"
}
refused "--year 2019" '不在规划期 2020–2025' --db "$DEMO" --year 2019 --format md
refused "--unit NOPE" '组织机构“NOPE”不存在' --db "$DEMO" --unit NOPE --format md
refused "xlsx to stdout" '需要用 -o 指定输出文件' --db "$DEMO" --format xlsx
refused "--format csv" '不支持的输出格式' --db "$DEMO" --format csv
# (PostgreSQL: a database without planmon's schema, as a DBA makes it)
NONE=$(test_db none)
refused "missing database" '不存在' --db "$NONE"
check "report on a missing database creates nothing" db_gone "$NONE"
"$PLANMON" report --db "$DEMO" -o "$T/no/such/dir/r.html" >/dev/null 2>"$T/nodir.err"
check "report into a missing directory: exit 1" test $? -eq 1
check "report into a missing directory: leaves nothing" test ! -e "$T/no/such/dir"
finish
