#!/bin/sh
# The API's description cannot drift from the server: every route of THE
# route table under /api/ (planmon routes --format json) must be in
# docs/openapi.json with its method, every path and method there must be a
# route, and docs/api.md must show every one of them with an example.
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
command -v python3 >/dev/null 2>&1 || "$ROOT/scripts/deps.sh" >/dev/null 2>&1
command -v python3 >/dev/null 2>&1 || { echo "api_doc.sh: python3 is missing"; exit 1; }

"$PLANMON" routes --format json >"$T/routes.json"
check "planmon routes --format json exits 0" test -s "$T/routes.json"
check "routes is not in the help" sh -c "! '$PLANMON' help | grep -q 'planmon routes'"

python3 - "$T/routes.json" "$ROOT/docs/openapi.json" "$ROOT/docs/api.md" >"$T/diff.txt" 2>&1 <<'PY'
import json, re, sys
routes = json.load(open(sys.argv[1]))
spec = json.load(open(sys.argv[2]))
doc = open(sys.argv[3], encoding="utf-8").read()
problems = []
# The route table's patterns use "*" for one captured segment; OpenAPI uses {name}.
norm = lambda p: re.sub(r"\{[^/}]+\}", "*", p)
table = {(r["method"].lower(), r["pattern"]) for r in routes if r["pattern"].startswith("/api/")}
if not table:
    problems.append("no /api/ route in the table")
for r in routes:
    if r["pattern"].startswith("/api/") and not r["api"]:
        problems.append("route %s %s lacks WEB_R_API" % (r["method"], r["pattern"]))
described = set()
for path, ops in spec.get("paths", {}).items():
    for m, op in ops.items():
        if m in ("get", "put", "post", "delete", "patch", "head", "options"):
            described.add((m, norm(path)))
            if "responses" not in op or not any(c.startswith("2") for c in op["responses"]):
                problems.append("%s %s: no 2xx response" % (m.upper(), path))
            if "401" not in op["responses"]:
                problems.append("%s %s: no 401 response" % (m.upper(), path))
for m, p in sorted(table - described):
    problems.append("route %s %s is not in docs/openapi.json" % (m.upper(), p))
for m, p in sorted(described - table):
    problems.append("docs/openapi.json describes %s %s, which no route answers" % (m.upper(), p))
if not spec.get("openapi", "").startswith("3.0"):
    problems.append("docs/openapi.json is not OpenAPI 3.0")
# docs/api.md: a heading "### METHOD /api/v1/…" and a curl example ($B/api/v1/…) for every route.
for m, p in sorted(table):
    pat = re.escape(m.upper() + " " + p).replace(r"\*", r"\{[a-z_]+\}")
    if not re.search(r"^#+ .*" + pat + r"\s*$", doc, re.M):
        problems.append("docs/api.md has no heading for %s %s" % (m.upper(), p))
    base = re.escape(p.split("*")[0])
    if not re.search(r"\$B" + base, doc):
        problems.append("docs/api.md has no curl example ($B%s) for %s" % (p, p))
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
RC=$?
check "docs/openapi.json and docs/api.md match the route table" test "$RC" -eq 0
[ "$RC" -eq 0 ] || cat "$T/diff.txt"
check "docs/openapi.json is valid JSON" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$ROOT/docs/openapi.json"
# A standard linter: Redocly CLI (pinned by tests/api/package-lock.json) finds 0 errors.
"$(dirname "$0")/../api/setup.sh" >"$T/setup.log" 2>&1
check "setup: Node.js and Redocly CLI (tests/api/setup.sh)" test $? -eq 0
(cd "$(dirname "$0")/../api" && node node_modules/@redocly/cli/bin/cli.js lint --format=summary ../../docs/openapi.json) \
    >"$T/lint.out" 2>&1
RC=$?
check "Redocly lint of docs/openapi.json: 0 errors" test "$RC" -eq 0
[ "$RC" -eq 0 ] || grep -E '^(error|warning) ' "$T/lint.out"
finish
