#!/bin/sh
# tools/check-layers.sh (the first step of `make test`) fails on what it
# is there to catch, run over small trees made here: an include that
# points up or sideways, an include circle, a link circle (two modules
# calling each other through one header, no include between them), and a
# file opened below the front doors. The circle hidden behind a "/*" inside
# a string is the bug the one-pass reading of comments and strings fixed.
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

# A tree with the checker and one clean module in each of two layers.
tree() {
    rm -rf "$T/t"
    mkdir -p "$T/t/tools" "$T/t/src/base" "$T/t/src/web"
    cp "$ROOT/tools/check-layers.sh" "$T/t/tools/"
    printf '#ifndef B_H\n#define B_H\nint b_one(void);\n#endif\n' >"$T/t/src/base/b.h"
    printf '#include "base/b.h"\nint b_one(void)\n{\n    return 1;\n}\n' >"$T/t/src/base/b.c"
}
layers() { sh "$T/t/tools/check-layers.sh" >"$T/out" 2>&1; }

tree
layers
check "a clean tree passes" test $? -eq 0

tree
printf '#include "web/w.h"\n' >>"$T/t/src/base/b.c"
printf 'int w_one(void);\n' >"$T/t/src/web/w.h"
layers
check "an upward include fails" test $? -eq 1
check "…naming the file and the layers" grep -q 'src/base/b.c:6: includes web/w.h: base may not reach up to web' "$T/out"

tree
printf '#include "web/y.h"\nint x_one(void);\n' >"$T/t/src/web/x.h"
printf '#include "web/x.h"\nint y_one(void);\n' >"$T/t/src/web/y.h"
layers
check "an include circle fails" test $? -eq 1
check "…naming it" grep -q 'include circle: web/x → web/y → web/x' "$T/out"

# Two modules of src/web that call each other through one header.
circle() {
    printf 'int wa(void);\nint wb(void);\n' >"$T/t/src/web/w.h"
    printf '#include "web/w.h"\n%s\nint wa(void)\n{\n    return wb();\n}\n/* the end */\n' "$1" >"$T/t/src/web/a.c"
    printf '#include "web/w.h"\nint wb(void)\n{\n    return %s;\n}\n' "$2" >"$T/t/src/web/b.c"
}
tree
circle "" "wa()"
layers
check "a link circle through one header fails" test $? -eq 1
check "…naming both modules and a call each way" grep -q 'link circle: web/a web/b: web/a→web/b (wb), web/b→web/a (wa)' "$T/out"

tree
circle "" "2"
layers
check "calls one way through one header pass" test $? -eq 0

tree
# (also a quote in a character literal and one in a comment: neither opens a string)
circle "static const char *p = \"/indicator/*\"; static const char q = '\"'; // a quote \" here" "wa()"
layers
check "a link circle after a \"/*\" inside a string still fails" test $? -eq 1
check "…as the same circle" grep -q 'link circle: web/a web/b: web/a→web/b (wb), web/b→web/a (wa)' "$T/out"

tree
printf '#include <stdio.h>\nvoid b_two(void);\nvoid b_two(void)\n{\n    fclose(fopen("x", "r"));\n}\n' >"$T/t/src/base/io.c"
layers
check "a file opened below the front doors fails" grep -q 'src/base/io.c:5: fopen(): files are opened by the front doors' "$T/out"
finish
