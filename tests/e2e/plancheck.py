#!/usr/bin/env python3
"""Compares `planmon plan parse FILE --format json` with FILE's .expected.json for every *.txt in a folder:
the comparison of ../shared/plans-dev/check.py (absent expected fields not checked, {"any_of": [...]} accepts any
listed value, indicators matched by position), and also qualitative, target_text and the parts' fields.
Usage: plancheck.py PLANMON DIR. Prints a line per file and the share read exactly; exits 1 below 1.000."""
import glob, json, os, subprocess, sys

PM, DIR = os.path.abspath(sys.argv[1]), sys.argv[2]
FIELDS = ["no", "domain", "subdomain", "name", "unit", "baseline", "target", "target_op", "binding", "cumulative",
          "qualitative", "target_text", "baseline_text"]
PART_FIELDS = ["name", "unit", "baseline", "target", "target_op"]


def ok(exp, got):
    if isinstance(exp, dict) and "any_of" in exp:
        return any(ok(e, got) for e in exp["any_of"])
    num = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
    if num(exp) and num(got):
        return abs(exp - got) < 1e-9
    return exp == got


def wrong_fields(e, g, fields, what):
    return [f"{what} {f}: want {e[f]!r} got {g.get(f)!r}" for f in fields if f in e and not ok(e[f], g.get(f))]


total = exact = files = 0
for txt in sorted(glob.glob(os.path.join(DIR, "*.txt"))):
    expf = txt[:-4] + ".expected.json"
    if not os.path.exists(expf):
        continue
    files += 1
    exp = json.load(open(expf, encoding="utf-8"))
    n = len(exp["indicators"])
    total += n
    p = subprocess.run([PM, "plan", "parse", txt, "--format", "json"], capture_output=True, text=True)
    name = os.path.basename(txt)
    if p.returncode != 0:
        print(f"{name}\texpected={n}\texact=0\tREFUSED\t{p.stderr.strip()}")
        continue
    got = json.loads(p.stdout)
    wrong = [f"{k}: want {exp[k]} got {got.get(k)}" for k in ("base_year", "target_year")
             if k in exp and not ok(exp[k], got.get(k))]
    gi = got["indicators"]
    codes = [g.get("code") for g in gi]
    if len(set(codes)) != len(codes):
        wrong.append(f"codes not unique: {codes}")
        good_file = False
    if len(gi) != n:
        wrong.append(f"indicator count: want {n} got {len(gi)}")
    good = 0
    for i, e in enumerate(exp["indicators"]):
        g = gi[i] if i < len(gi) else {}
        bad = wrong_fields(e, g, FIELDS, f"#{e.get('no')}")
        if "parts" in e:
            gp = g.get("parts") or []
            if len(gp) != len(e["parts"]):
                bad.append(f"#{e.get('no')} parts: want {len(e['parts'])} got {len(gp)}")
            for k, ep in enumerate(e["parts"]):
                bad += wrong_fields(ep, gp[k] if k < len(gp) else {}, PART_FIELDS, f"#{e.get('no')} part {k + 1}")
        good += not bad
        wrong += bad
    exact += good if len(set(codes)) == len(codes) else 0
    print(f"{name}\texpected={n}\texact={good}\tPARSED\t{'; '.join(wrong)}")
rate = exact / total if total else 0
print(f"TOTAL files={files} expected indicators={total} exact={exact} rate={rate:.3f}")
sys.exit(0 if files and rate == 1 else 1)
