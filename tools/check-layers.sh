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
def code_only(text):
    text = re.sub(r'/\*.*?\*/', lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r'//[^\n]*', "", text)
    return re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)
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
for b in bad:
    print(b)
if bad:
    print(f"check-layers: {len(bad)} problem(s)")
    sys.exit(1)
print("check-layers: every include points downward, no circle inside a layer, no file opened below the front doors")
PY
