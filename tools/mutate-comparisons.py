#!/usr/bin/env python3
"""Mutation check for one pure C file: every comparison operator in it is
changed, one at a time, and the file's unit test must fail on each mutant.

    tools/mutate-comparisons.py src/engine/pace.c tests/unit/test_pace.c \
        --with src/engine/lsq.c

Two mutants per comparison: the negation (< becomes >=, == becomes !=) and
the boundary shift (< becomes <=, >= becomes >); == and != have only the
negation. Each mutant is compiled with the test alone (the file must need
nothing but libc, libm, cmocka and the --with sources) in a temporary directory; the source
tree is never written. Prints every surviving mutant with its line and a
summary; exits 1 when any survives that is not listed with --equivalent
LINE:COLUMN:NEW (a mutant that cannot change behaviour, argued in a
comment where it is listed)."""
import argparse
import os
import re
import subprocess
import sys
import tempfile

NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
SHIFT = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
OP = re.compile(r"<=|>=|==|!=|->|<<|>>|<|>")


def code_spans(text):
    """Offsets of characters outside comments, strings and preprocessor
    lines, as a set of booleans per offset."""
    keep = [True] * len(text)
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and text[i:].lstrip(" \t").startswith("#"):
            j = text.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                keep[k] = False
            i = j
            continue
        line_start = c == "\n"
        if text.startswith("/*", i):
            j = text.find("*/", i + 2) + 2
            for k in range(i, j):
                keep[k] = False
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            for k in range(i, j):
                keep[k] = False
            i = j
        elif c in "\"'":
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == "\\" else 1
            for k in range(i, j + 1):
                keep[k] = False
            i = j + 1
        else:
            i += 1
    return keep


def mutants(text):
    keep = code_spans(text)
    for m in OP.finditer(text):
        op = m.group(0)
        if op in ("->", "<<", ">>") or not keep[m.start()]:
            continue
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        for new in (NEGATE[op], SHIFT.get(op)):
            if new:
                yield line, col, op, new, text[: m.start()] + new + text[m.end():]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("source")
    ap.add_argument("test")
    ap.add_argument("--equivalent", action="append", default=[],
                    help="LINE:COLUMN:NEW of a mutant known not to change behaviour")
    ap.add_argument("--with", dest="extra", action="append", default=[],
                    help="another source the test needs, compiled unmutated")
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    a = ap.parse_args()
    text = open(a.source, encoding="utf-8").read()
    lines = text.split("\n")
    flags = ["-std=c11", "-D_DEFAULT_SOURCE", "-O0", "-g", "-Isrc", "-Ibuild/gen",
             "-fsanitize=address,undefined", "-fno-sanitize-recover=all"]
    caught = survived = equivalent = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.basename(a.source)
        # The unmutated file must pass, or every "catch" means nothing.
        runs = [(0, 0, "", "", text)] + list(mutants(text))
        for line, col, old, new, body in runs:
            src = os.path.join(tmp, base)
            with open(src, "w", encoding="utf-8") as f:
                f.write(body)
            exe = os.path.join(tmp, "t")
            cc = subprocess.run([a.cc, *flags, "-o", exe, a.test, src, *a.extra, "-lcmocka", "-lm"],
                                capture_output=True, text=True)
            if cc.returncode:
                ok = False  # a mutant that does not compile is caught by the compiler
            else:
                r = subprocess.run([exe], capture_output=True, text=True, timeout=60)
                ok = r.returncode == 0
            if not line:
                if not ok:
                    sys.exit("the unmutated file fails its test:\n" + cc.stderr)
                continue
            key = f"{line}:{col}:{new}"
            if not ok:
                caught += 1
            elif key in a.equivalent:
                equivalent += 1
                print(f"equivalent {key}  {lines[line - 1].strip()}")
            else:
                survived += 1
                print(f"SURVIVED   {key}  ({old} -> {new})  {lines[line - 1].strip()}")
    total = caught + survived + equivalent
    print(f"{a.source}: {total} mutants of its comparisons, {caught} caught, "
          f"{equivalent} equivalent, {survived} survived")
    sys.exit(1 if survived else 0)


if __name__ == "__main__":
    main()
