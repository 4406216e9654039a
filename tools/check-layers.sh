#!/bin/sh
# make check-layers: every #include "…" between src/ folders must point
# downward (DESIGN's layers), and no include circle may exist inside a folder.
# Order, lowest first: base model {parse engine} {store render} web cli;
# folders in braces are siblings and may not include each other.
# parse and engine are siblings over model: both are pure, and neither may
# include the other (what they share — the formula tree, the import row,
# the progress methods' inputs and outputs — lives in model). store and
# render are siblings over them: render draws what it is handed (an
# evaluation, counts) and never reads the database; the front doors
# gather from the store and hand over. cli sits above web: `planmon serve`
# starts the web front door.
# Files are opened only by the front doors (cli, web) and by the store (its
# database): below them, code takes bytes or a FILE* it is handed, and
# hands bytes back. The one exception is render/write/xlsx_bytes.c, whose
# comment says why (libxlsxwriter 1.1.4 writes only to a file name).
# Link circles: an include circle can hide behind one header. When a
# header declares functions that several .c files define (an umbrella
# such as web.h), files that include it call each other through it with no
# include pointing from one to the other. So besides the include graph,
# each .c gets an edge to every other .c of its folder that defines a
# function or variable it uses, declared in a header it includes (directly
# or through headers of its folder): the graph of who calls whom, as the
# linker sees it. A circle there is a circle of modules, whatever the
# headers look like.
# Exit 1 with one line per offending include or circle.
cd "$(dirname "$0")/.." || exit 2
exec python3 - "$@" <<'PY'
import os, re, sys
# One entry per rank; the folders of one rank are siblings.
ORDER = [["base"], ["model"], ["parse", "engine"], ["store", "render"], ["web"], ["cli"]]
rank = {name: i for i, names in enumerate(ORDER) for name in names}
inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
bad = []
graph = {}
for root, _, files in os.walk("src"):
    for f in sorted(files):
        if not f.endswith((".c", ".h")):
            continue
        path = os.path.join(root, f)
        layer = path.split(os.sep)[1]
        if layer not in rank:
            bad.append(f"{path}: folder '{layer}' is not a known layer")
            continue
        for n, line in enumerate(open(path, encoding="utf-8"), 1):
            m = inc.match(line)
            if not m:
                continue
            target = m.group(1)
            tlayer = target.split("/")[0]
            if tlayer not in rank:
                continue          # generated headers (embedded.h) and the like
            if rank[tlayer] > rank[layer]:
                bad.append(f"{path}:{n}: includes {target}: {layer} may not reach up to {tlayer}")
            elif rank[tlayer] == rank[layer] and tlayer != layer:
                bad.append(f"{path}:{n}: includes {target}: {layer} may not reach sideways to {tlayer}")
            if tlayer == layer:
                # Key the graph by module (file name without .c/.h) so that a .c
                # and its header count as one node.
                a = os.path.splitext(os.path.relpath(path, "src"))[0]
                b = os.path.splitext(target)[0]
                if a != b:
                    graph.setdefault(a, set()).add(b)
# File I/O below the front doors (comments and strings left out).
FILE_IO = re.compile(r'\b(fopen|freopen|fdopen|open|openat|creat|tmpfile|mkstemp|mkdtemp|rename|remove|'
                     r'unlink|rmdir|workbook_new|workbook_new_opt)\s*\(')
FILE_IO_LAYERS = {"base", "model", "parse", "engine", "render"}
FILE_IO_ALLOWED = {"src/render/write/xlsx_bytes.c"}
# One pass, left to right, so that a "/*" inside a string ("/indicator/*")
# does not open a comment and a quote inside a comment does not open a string.
TOKEN = re.compile(r"""/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'""", re.S)
def code_only(text):
    def blank(m):
        t = m.group(0)
        if t[0] == "/":
            return "\n" * t.count("\n")
        return t[0] * 2
    return TOKEN.sub(blank, text)
for root, _, files in os.walk("src"):
    for f in sorted(files):
        path = os.path.join(root, f)
        if not f.endswith((".c", ".h")) or path.split(os.sep)[1] not in FILE_IO_LAYERS or path in FILE_IO_ALLOWED:
            continue
        for n, line in enumerate(code_only(open(path, encoding="utf-8").read()).split("\n"), 1):
            m = FILE_IO.search(line)
            if m:
                bad.append(f"{path}:{n}: {m.group(1)}(): files are opened by the front doors, not below them")
# Circles inside a layer: depth-first search over module → module edges.
seen, stack, onstack, cycles = set(), [], set(), set()
def dfs(u):
    seen.add(u); stack.append(u); onstack.add(u)
    for v in sorted(graph.get(u, ())):
        if v in onstack:
            cyc = stack[stack.index(v):] + [v]
            key = tuple(sorted(set(cyc)))
            if key not in cycles:
                cycles.add(key)
                bad.append("include circle: " + " → ".join(cyc))
        elif v not in seen:
            dfs(v)
    stack.pop(); onstack.discard(u)
sys.setrecursionlimit(10000)
for u in sorted(graph):
    if u not in seen:
        dfs(u)
# Link circles (see the comment at the top).
DEF = re.compile(r'^(?!static\b)[A-Za-z_][\w \t\*]*?\b([A-Za-z_]\w*)\s*\([^;{}]*\)\s*\{', re.M)
VDEF = re.compile(r'^(?!static\b|typedef\b|extern\b)[A-Za-z_][\w \t\*]*?\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*=', re.M)
DECL = re.compile(r'^(?!static\b|typedef\b|#)[A-Za-z_][\w \t\*]*?\b([A-Za-z_]\w*)\s*\([^;{}]*\)[^;{}]*;', re.M)
EDECL = re.compile(r'^extern\b[^;(]*?\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*;', re.M)
IDENT = re.compile(r'\b[A-Za-z_]\w*\b')
src, text, incs = {}, {}, {}
for root, _, files in os.walk("src"):
    for f in files:
        if f.endswith((".c", ".h")):
            rel = os.path.relpath(os.path.join(root, f), "src")
            raw = open(os.path.join(root, f), encoding="utf-8").read()
            text[rel] = code_only(raw)
            incs[rel] = [m.group(1) for m in map(inc.match, raw.split("\n")) if m]
definer = {}
for rel, t in text.items():
    if rel.endswith(".c"):
        for m in list(DEF.finditer(t)) + list(VDEF.finditer(t)):
            definer.setdefault(m.group(1), set()).add(rel)
declared = {rel: {m.group(1) for m in list(DECL.finditer(t)) + list(EDECL.finditer(t))}
            for rel, t in text.items() if rel.endswith(".h")}
def folder(rel): return os.path.dirname(rel)
def module(rel): return os.path.splitext(rel)[0]
links = {}
for rel, t in text.items():
    if not rel.endswith(".c"):
        continue
    seen_h, todo = set(), list(incs[rel])
    while todo:
        h = todo.pop()
        if h in seen_h or h not in text or folder(h) != folder(rel):
            continue
        seen_h.add(h)
        todo.extend(incs[h])
    used = set(IDENT.findall(t))
    for h in seen_h:
        for sym in declared.get(h, ()) & used:
            for d in definer.get(sym, ()):
                if folder(d) == folder(rel) and module(d) != module(rel):
                    links.setdefault(module(rel), {}).setdefault(module(d), sym)
index, low, st, on, counter = {}, {}, [], set(), [0]
def strong(v):
    index[v] = low[v] = counter[0]; counter[0] += 1; st.append(v); on.add(v)
    for w in sorted(links.get(v, {})):
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = st.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            comp.sort()
            where = ", ".join(f"{a}→{b} ({links[a][b]})" for a in comp for b in sorted(links.get(a, {})) if b in comp)
            bad.append("link circle: " + " ".join(comp) + ": " + where)
for v in sorted(links):
    if v not in index:
        strong(v)
for b in bad:
    print(b)
if bad:
    print(f"check-layers: {len(bad)} problem(s)")
    sys.exit(1)
print("check-layers: every include points downward, no circle inside a layer, no file opened below the front doors")
PY
