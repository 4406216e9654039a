#!/bin/sh
# Towns on their own base (DESIGN "What a bureau reads" → Towns): on the
# demo database every town's rate, ratio and share indicators are judged
# from the town's own base-year value. The test recomputes that value for
# every town and indicator straight from the figures in the database
# (tests/e2e/dbrows.py, the formula's numerator and denominator summed over
# the town's subtree) and compares it with status's judged_baseline; the
# district keeps the plan's baseline and target; a yes/no of the town
# itself reads 已开展 / 未开展.
set -u
. "$(dirname "$0")/../lib.sh"

DEMO=$(test_db demo)
"$PLANMON" demo --db "$DEMO" >/dev/null 2>&1
check "demo database" db_made "$DEMO"

"$PLANMON" status --db "$DEMO" --format json >"$T/110115.json"
for u in $(python3 -c "
import dbrows, sys
for (c,) in dbrows.connect(sys.argv[1]).execute('SELECT code FROM org_unit WHERE level = 1 ORDER BY ord, id'):
    print(c)" "$DEMO"); do
    "$PLANMON" status --db "$DEMO" --unit "$u" --format json >"$T/$u.json" || echo "status $u failed" >&2
done

check "each town's base is its own base-year value, recomputed from the figures" python3 - "$DEMO" "$T" <<'PY'
import json, re, dbrows, sys, os
db, out = sys.argv[1], sys.argv[2]
con = dbrows.connect(db)
base_year, = con.execute('SELECT base_year FROM plan WHERE is_default = 1').fetchone()
units = {i: (code, parent, level) for i, code, parent, level in
         con.execute('SELECT id, code, parent_id, level FROM org_unit')}
# A unit's group and the years it existed (units(town:镇) counts the 镇 that
# existed in the year).
grp = {i: (g, f, t) for i, g, f, t in con.execute('SELECT id, grp, valid_from, valid_to FROM org_unit')}
def counted(s, level, group):
    g, f, t = grp[s]
    return (units[s][2] == LEVEL[level] and (group is None or g == group)
            and (f is None or base_year >= f) and (t is None or base_year <= t))
kids = {}
for i, (_, p, _) in units.items():
    kids.setdefault(p, []).append(i)
def subtree(i):
    yield i
    for k in kids.get(i, []):
        yield from subtree(k)
# The base year's figures, element by element and unit.
fig = {}
for code, unit, value in con.execute(
        'SELECT e.code, v.unit_id, v.value FROM data_value v JOIN element e ON e.id = v.element_id '
        'WHERE v.year = ? AND v.value IS NOT NULL', (base_year,)):
    fig[(code, unit)] = value
LEVEL = {'district': 0, 'town': 1, 'community': 2}
def total(code, u):
    vals = [fig[(code, s)] for s in subtree(u) if (code, s) in fig]
    return sum(vals) if vals else None
def units_at(level, u, group=None):
    return [s for s in subtree(u) if counted(s, level, group)]
def value(formula, u):
    # Each term of the formula in Python: #{x} the subtree's total,
    # units(L) a count, units_with(x, L) the count of those with x > 0.
    def with_(m):
        at = units_at(m.group(2), u, m.group(3))
        have = [total(m.group(1), s) for s in at]
        if all(h is None for h in have):
            return 'None'
        return str(sum(1 for h in have if h is not None and h > 0))
    e = re.sub(r'units_with\((\w+),\s*(\w+)(?::(\w+))?\)', with_, formula)
    e = re.sub(r'units\((\w+)(?::(\w+))?\)', lambda m: str(len(units_at(m.group(1), u, m.group(2)))), e)
    e = re.sub(r'#\{(\w+)\}', lambda m: repr(total(m.group(1), u)), e)
    try:
        return eval(e)
    except (TypeError, ZeroDivisionError):
        return None
inds = list(con.execute('SELECT no, formula FROM indicator WHERE rate = 1 AND cumulative = 0 '
                        'AND formula IS NOT NULL AND plan_id = (SELECT id FROM plan WHERE is_default = 1) '
                        'ORDER BY no'))
assert len(inds) >= 15, inds
checked = 0
for uid, (code, _, level) in units.items():
    if level != 1:
        continue
    st = {i['no']: i for i in json.load(open(os.path.join(out, code + '.json')))['indicators']}
    for no, formula in inds:
        want = value(formula, uid)
        got = st[no]
        if got['status'] == 'no_data':
            continue
        if want is None:
            # No base-year figure: the method starts from the earliest one.
            assert got['judged_base_year'] > base_year, (code, no, got)
            continue
        assert got['judged_base_year'] == base_year, (code, no, got)
        assert abs(got['judged_baseline'] - want) <= 1e-9 * max(1, abs(want)), (code, no, got['judged_baseline'], want)
        checked += 1
assert checked >= 22 * 12, checked
print(checked, 'town × indicator bases compared')
PY

check "No. 27 (乡镇 coverage) divides by the 14 镇 only, from the figures" python3 - "$DEMO" "$T/110115.json" <<'PY'
import json, dbrows, sys
con = dbrows.connect(sys.argv[1])
towns = [i for i, in con.execute("SELECT id FROM org_unit WHERE level = 1 AND grp = '镇'")]
streets = con.execute("SELECT count(*) FROM org_unit WHERE level = 1 AND grp = '街道'").fetchone()[0]
assert len(towns) == 14 and streets == 8, (len(towns), streets)
year = json.load(open(sys.argv[2]))['year']
have = sum(1 for t in towns if (con.execute(
    "SELECT v.value FROM data_value v JOIN element e ON e.id = v.element_id WHERE e.code = 'public_cemetery' "
    "AND v.unit_id = ? AND v.year <= ? AND v.value IS NOT NULL ORDER BY v.year DESC LIMIT 1", (t, year)).fetchone()
    or [0])[0] > 0)
i = {x['no']: x for x in json.load(open(sys.argv[2]))['indicators']}[27]
assert abs(i['value'] - have / 14 * 100) < 1e-9, (i['value'], have)
PY
check "No. 27 does not apply to a street (no 镇 in it)" python3 - "$T/110115001.json" <<'PY'
import json, sys
i = {x['no']: x for x in json.load(open(sys.argv[1]))['indicators']}[27]
assert i['applicable'] is False and i['value'] is None, i
PY

check "亦庄镇 No. 14 is judged on its own base, not 逆向变化" python3 - "$T/110115012.json" <<'PY'
import json, sys
i = {x['no']: x for x in json.load(open(sys.argv[1]))['indicators']}[14]
assert i['status_label'] != '逆向变化' and i['status'] != 'regressing', i
assert i['value'] > i['judged_baseline'] and i['gap_share'] > 0, i
PY

check "the district is judged against the plan's baseline and target" python3 - "$T/110115.json" <<'PY'
import json, sys
for i in json.load(open(sys.argv[1]))['indicators']:
    if i['status'] == 'no_data':
        continue
    assert i['judged_target'] == i['target'], i
    if i['baseline'] is not None:
        assert i['judged_baseline'] == i['baseline'] and i['judged_base_year'] == 2020, i
PY

check "a town's counts without a target of its own are not judged" python3 - "$T/110115012.json" <<'PY'
import json, sys
n = 0
for i in json.load(open(sys.argv[1]))['indicators']:
    if not i['rate'] and not i['judged']:
        assert i['status'] in ('no_target', 'no_data'), i
        assert i['judged_baseline'] is None and i['judged_target'] is None, i
        n += 1
assert n >= 5, n
PY

check "a yes/no of the town itself reads 已开展 / 未开展" python3 - "$T" <<'PY'
import glob, json, os, sys
seen = set()
for f in glob.glob(os.path.join(sys.argv[1], '1101150*.json')):
    for i in json.load(open(f))['indicators']:
        if i['no'] in (9, 18, 27) and i['value'] is not None:
            assert i['value_text'] == ('已开展' if i['value'] > 0 else '未开展'), i
            seen.add(i['value_text'])
        if i['no'] in (14, 23):  # shares over the town's communities stay percentages
            assert 'value_text' not in i, i
assert seen == {'已开展', '未开展'}, seen
PY
"$PLANMON" status --db "$DEMO" --unit 110115012 >"$T/yz.txt"
check "status table: 未开展 in the value column" grep -q '未开展' "$T/yz.txt"
finish
