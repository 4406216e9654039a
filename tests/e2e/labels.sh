#!/bin/sh
# The demo shows every judgment a bureau can meet (DESIGN "What a bureau
# reads"): read from `planmon status` for the district and its 22 towns, the
# mid-term year 2023 and the target year 2025 together hold every label of
# the one list (人工评价 only when the plan has a qualitative indicator) and
# every outlook; and no projection of a share in % leaves [0, 100].
. "$(dirname "$0")/../lib.sh"

DB=$(test_db demo)
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" db_made "$DB"
for y in 2023 2025; do
    "$PLANMON" status --db "$DB" --year $y --format json >"$T/d$y.json" || echo "status $y failed"
    for t in $(seq -f '110115%03g' 1 22); do
        "$PLANMON" status --db "$DB" --year $y --unit "$t" --format json >"$T/$t-$y.json" || echo "status $t $y failed"
    done
done
check "every label and outlook appears; % projections stay in [0, 100]" python3 - "$T" <<'PY'
import glob, json, sys
labels, outlooks, qualitative, bad = set(), set(), False, []
files = glob.glob(sys.argv[1] + '/*.json')
assert len(files) == 46, len(files)
for f in files:
    d = json.load(open(f))
    for i in d['indicators']:
        labels.add(i['status_label'])
        outlooks.add(i['outlook'])
        qualitative |= bool(i.get('qualitative'))
        p = i.get('projected')
        if i['unit'] == '%' and p is not None and not 0 <= p <= 100:
            bad.append((d['unit'], d['year'], i['no'], p))
want = {'提前完成', '已完成', '保持达标', '快于预期', '符合预期', '进度偏慢', '明显滞后', '逆向变化', '未能保持',
        '未完成', '暂无数据'} | ({'人工评价'} if qualitative else set())
assert want <= labels, sorted(want - labels)
assert {'likely', 'at_risk', 'unlikely'} <= outlooks, outlooks
assert not bad, bad
PY
finish
