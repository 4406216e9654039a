#!/bin/sh
# planmon export --format csv --encoding (issue 14): the exported bytes
# themselves. utf-8-bom (the default) is EF BB BF and then UTF-8; utf-8
# is the same text without the BOM; gb18030 is the same text in GB18030
# (no BOM, not valid UTF-8), its Chinese the bytes Python's own codec
# gives, and it imports back with nothing to write. A word that is no
# encoding is refused naming it (exit 2).
. "$(dirname "$0")/../lib.sh"
DB=$T/enc.db
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" test -s "$DB"
ex() { "$PLANMON" export --db "$DB" --format csv --year 2023 --unit 110115009 "$@"; }
ex >"$T/default.csv" && ex --encoding utf-8-bom >"$T/bom.csv" && ex --encoding utf-8 >"$T/utf8.csv" &&
    ex --encoding gb18030 >"$T/gb.csv"
check "the four exports" test $? -eq 0
python3 - "$T" >"$T/py.out" 2>&1 <<'PY'
import sys
d = sys.argv[1]
raw = {k: open(f"{d}/{k}.csv", "rb").read() for k in ("default", "bom", "utf8", "gb")}
assert raw["default"] == raw["bom"], "the default is utf-8-bom"
assert raw["bom"].startswith(b"\xef\xbb\xbf") and not raw["bom"].startswith(b"\xef\xbb\xbf" * 2), raw["bom"][:6]
text = raw["utf8"].decode("utf-8")  # strict: valid UTF-8
assert not raw["utf8"].startswith(b"\xef\xbb\xbf"), "utf-8 has no BOM"
assert raw["bom"][3:] == raw["utf8"], "utf-8-bom is the BOM and the same bytes"
assert "已审核" in text and "实际" in text, "Chinese to encode"
assert text.startswith("unit,year,item,value"), text[:40]
gb = raw["gb"]
assert not gb.startswith(b"\xef\xbb\xbf") and not gb.startswith(b"\x84\x31\x95\x33"), "no BOM of either kind"
try:
    gb.decode("utf-8")
    raise AssertionError("gb18030 export is valid UTF-8: not converted")
except UnicodeDecodeError:
    pass
assert gb.decode("gb18030") == text, "gb18030 holds the same text"
assert "已审核".encode("gb18030") == b"\xd2\xd1\xc9\xf3\xba\xcb" and b"\xd2\xd1\xc9\xf3\xba\xcb" in gb
assert "实际".encode("gb18030") in gb and "已审核".encode("utf-8") not in gb
assert gb.count(b"\n") == raw["utf8"].count(b"\n"), "the same lines"
print("ok")
PY
check "the bytes of each encoding" grep -qx ok "$T/py.out"
"$PLANMON" import --db "$DB" --dry-run "$T/gb.csv" >"$T/imp.out" 2>&1
check "the GB18030 export imports back (dry run)" test $? -eq 0
check "…with nothing to write" grep -q '其中 0 行将写入' "$T/imp.out"
ex --encoding latin1 >"$T/bad.csv" 2>"$T/bad.err"
check "an unknown encoding: exit 2" test $? -eq 2
check "…naming it and the choices" grep -q '“latin1”（可选 utf-8-bom、gb18030、utf-8）' "$T/bad.err"
check "…and nothing on stdout" test ! -s "$T/bad.csv"
finish
