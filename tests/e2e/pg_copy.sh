#!/bin/sh
# planmon copy (issue 16 item 5): the demo, with an attachment holding every
# byte value and a comment with a tab, a newline and a backslash, copied
# SQLite → PostgreSQL → SQLite gives a database whose export and history are
# byte-identical to the original's, whose attachment comes back byte for
# byte, and whose tables' counts and checksums, as each copy printed them,
# agree hop by hop. A target that exists is refused (exit 2, untouched);
# a copy that fails half-way (a source row whose unit does not exist) leaves
# no target behind.
set -u
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pg_cluster.sh"

pg_cluster_or_fail
PW=copy-test-pw-1
SRC=$T/src.db
PLANMON_DEMO_PASSWORD=$PW "$PLANMON" demo --db "$SRC" >/dev/null 2>&1
check "demo database" test -s "$SRC"

# A comment that COPY's text format must escape, and one more history row.
printf 'unit,year,item,value,comment\n110115009,2024,beds_elderly,231,"含\\反斜杠、\t制表符、\n换行"\n' >"$T/c.csv"
PLANMON_NOW=2025-03-22T02:00:00Z "$PLANMON" import --db "$SRC" "$T/c.csv" >/dev/null 2>"$T/c.err"
check "a figure with a tab, a newline and a backslash in its comment" test $? -eq 0

# An attachment of every byte value, uploaded as a town's reporter.
"$PLANMON" serve --db "$SRC" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
B=http://127.0.0.1:$PORT
python3 -c 'import sys; open(sys.argv[1], "wb").write(b"%PDF-1.4\n" + bytes(range(256)) + b"\n%%EOF\n")' "$T/scan.pdf"
curl -s -c "$T/jar" -b "$T/jar" "$B/login" >"$T/login.html"
curl -s -o /dev/null -c "$T/jar" -b "$T/jar" --data-urlencode "csrf=$(csrf_of "$T/login.html")" \
    --data-urlencode "name=reporter" --data-urlencode "password=$PW" "$B/login"
curl -s -o "$T/e.html" -b "$T/jar" "$B/entry?unit=110115009&year=2024"
check "an attachment uploaded (303)" test "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" -F "csrf=$(csrf_of "$T/e.html")" \
    -F kind=scan -F "file=@$T/scan.pdf;filename=报表.pdf" "$B/entry/attach?unit=110115009&year=2024")" = 303
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null

# ---- SQLite → PostgreSQL → SQLite -------------------------------------------------------
PG=$(pg_database planmon_copy)
BACK=$T/back.db
"$PLANMON" copy --from "$SRC" --to "$PG" >"$T/to-pg.out" 2>"$T/to-pg.err"
check "copy SQLite → PostgreSQL: exit 0" test $? -eq 0
check "copy SQLite → PostgreSQL: says every table was checked" grep -q '逐表核对行数和校验和一致' "$T/to-pg.out"
"$PLANMON" copy --from "$PG" --to "$BACK" >"$T/to-lite.out" 2>"$T/to-lite.err"
check "copy PostgreSQL → SQLite: exit 0" test $? -eq 0
# The per-table lines (name, rows, checksum) of both hops: the same rows.
sed '$d' "$T/to-pg.out" | sort >"$T/to-pg.tables"
sed '$d' "$T/to-lite.out" | sort >"$T/to-lite.tables"
check "both hops print the same count and checksum for every table" cmp "$T/to-pg.tables" "$T/to-lite.tables"
check "the figures and the history are among them, not empty" \
    sh -c 'grep -q "^data_value  *[1-9]" "$1" && grep -q "^value_history  *[1-9]" "$1" && grep -q "^attachment  *1 " "$1"' \
    sh "$T/to-pg.tables"
for db in SRC PG BACK; do
    eval "d=\$$db"
    "$PLANMON" export --db "$d" --what values --format csv -o "$T/$db.export.csv"
    "$PLANMON" history --db "$d" --format csv >"$T/$db.history.csv"
    "$PLANMON" export --db "$d" --what status --format csv -o "$T/$db.status.csv"
done
check "export of the copy back is byte-identical to the original's" cmp "$T/SRC.export.csv" "$T/BACK.export.csv"
check "history of the copy back is byte-identical to the original's" cmp "$T/SRC.history.csv" "$T/BACK.history.csv"
check "status of the copy back is byte-identical to the original's" cmp "$T/SRC.status.csv" "$T/BACK.status.csv"
check "export on PostgreSQL is the original's" cmp "$T/SRC.export.csv" "$T/PG.export.csv"
check "history on PostgreSQL is the original's" cmp "$T/SRC.history.csv" "$T/PG.history.csv"
check "the escaped comment came back whole" grep -q '含\\反斜杠' "$T/BACK.export.csv"
attachment_hex() { sqlite3 -batch "$1" "SELECT hex(data) FROM attachment ORDER BY id"; }
check "the attachment's bytes came back" sh -c 'test -n "$1" && test "$1" = "$2"' sh "$(attachment_hex "$SRC")" \
    "$(attachment_hex "$BACK")"
check "the copy back passes planmon check" "$PLANMON" check --db "$BACK"
# Ids go on after the copied ones: a new figure's history row gets the next id.
printf 'unit,year,item,value\n110115009,2024,beds_elderly,232\n' >"$T/n.csv"
check "an import into the PostgreSQL copy works (ids continue)" "$PLANMON" import --db "$PG" "$T/n.csv"
check "a login to the copy with the original's password works" sh -c '
    "$1" serve --db "$2" --listen 127.0.0.1:0 >"$3/s2.out" 2>&1 & pid=$!
    . "$4"; port=$(port_of "$3/s2.out")
    curl -s -c "$3/j2" -b "$3/j2" "http://127.0.0.1:$port/login" >"$3/l2.html"
    code=$(curl -s -o /dev/null -w "%{http_code}" -c "$3/j2" -b "$3/j2" --data-urlencode "csrf=$(csrf_of "$3/l2.html")" \
        --data-urlencode name=reporter --data-urlencode "password=$5" "http://127.0.0.1:$port/login")
    kill $pid; wait $pid; test "$code" = 303' sh "$PLANMON" "$BACK" "$T" "$(dirname "$0")/../lib.sh" "$PW"

# ---- refusals: an existing target, a copy that fails half-way ------------------------------
"$PLANMON" export --db "$PG" --what values --format csv -o "$T/pg-before.csv"
"$PLANMON" copy --from "$SRC" --to "$PG" >/dev/null 2>"$T/exists.err"
check "an existing PostgreSQL target: exit 2" test $? -eq 2
check "… saying it exists" grep -q '已存在' "$T/exists.err"
"$PLANMON" export --db "$PG" --what values --format csv -o "$T/pg-after.csv"
check "… and it is untouched" cmp "$T/pg-before.csv" "$T/pg-after.csv"
cp "$SRC" "$T/src-copy.db"
"$PLANMON" copy --from "$SRC" --to "$BACK" >/dev/null 2>"$T/exists2.err"
check "an existing SQLite target: exit 2" test $? -eq 2
check "… and the file is untouched" cmp "$SRC" "$T/src-copy.db"
# A source whose figure names a unit that is not there (written with the
# foreign keys off): the target refuses it at that table.
cp "$SRC" "$T/broken.db"
sqlite3 -batch "$T/broken.db" "PRAGMA foreign_keys = OFF;
    INSERT INTO data_value (element_id, unit_id, year, value, state) SELECT element_id, 999999, year, value, state
    FROM data_value LIMIT 1" 2>"$T/broken.sqlerr"
check "a broken source made" test ! -s "$T/broken.sqlerr"
BROKEN_PG=$(pg_database planmon_broken)
"$PLANMON" copy --from "$T/broken.db" --to "$BROKEN_PG" >/dev/null 2>"$T/broken.err"
check "a copy that fails half-way: exit 1" test $? -eq 1
check "… naming the table" grep -q 'data_value' "$T/broken.err"
check "… and no target left on PostgreSQL" \
    test "$(_pg_psql planmon_broken -At -c "SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'planmon'")" = 0
"$PLANMON" copy --from "$T/broken.db" --to "$T/broken-copy.db" >/dev/null 2>&1
check "… nor on SQLite (foreign keys checked at commit)" test ! -e "$T/broken-copy.db"
"$PLANMON" copy --from "$T/none.db" --to "$T/x.db" >/dev/null 2>"$T/none.err"
check "a missing source: exit 2" test $? -eq 2
check "… and no target made" test ! -e "$T/x.db"

finish
