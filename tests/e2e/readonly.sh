#!/bin/sh
# Read-only databases open read-only (store/sqlite_ro.h): status, export,
# report and history work on a database file and directory the user may not
# write, and on a read-only mount; writes are refused with a clear message;
# nothing is created or changed beside the file. Tests run as root in CI,
# where permission bits do not stop root: the permission case runs as
# `nobody` (setpriv) when root, the mount case in a private mount namespace
# (unshare).
set -u
. "$(dirname "$0")/../lib.sh"

chmod 0711 "$T" # `nobody` must reach the files below
mkdir "$T/ro" "$T/out"
chmod 0777 "$T/out"
DB=$T/ro/d.db
"$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo database" test -s "$DB"
"$PLANMON" export --db "$DB" -o "$T/before.csv"
"$PLANMON" status --db "$DB" --format json >"$T/status-before.json"
sum_before=$(sha256sum "$DB" | cut -d' ' -f1)
check "the closed database leaves no -wal or -shm" test ! -e "$DB-wal" -a ! -e "$DB-shm"

# ---- a file and directory without write permission --------------------------
chmod 0444 "$DB"
chmod 0555 "$T/ro"
if [ "$(id -u)" = 0 ]; then
    as_reader() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; }
else
    as_reader() { "$@"; }
fi
check "the reader cannot write the directory" as_reader sh -c "! touch '$T/ro/probe' 2>/dev/null"
as_reader "$PLANMON" status --db "$DB" --format json >"$T/status.json" 2>"$T/e"
check "status on a read-only file: exit 0" test $? -eq 0
check "status on a read-only file: the same judgments" cmp -s "$T/status-before.json" "$T/status.json"
as_reader "$PLANMON" export --db "$DB" -o "$T/out/x.csv" 2>"$T/e"
check "export on a read-only file: exit 0" test $? -eq 0
check "export on a read-only file: the same rows" cmp -s "$T/before.csv" "$T/out/x.csv"
as_reader "$PLANMON" export --db "$DB" --what status --format json -o "$T/out/s.json" 2>"$T/e"
check "export --what status on a read-only file: exit 0" test $? -eq 0
as_reader "$PLANMON" history --db "$DB" --format csv >"$T/out/h.csv" 2>"$T/e"
check "history on a read-only file: exit 0" test $? -eq 0
check "history on a read-only file: rows" test "$(wc -l <"$T/out/h.csv")" -gt 100
as_reader "$PLANMON" report --db "$DB" -o "$T/out/r.html" >/dev/null 2>"$T/e"
check "report on a read-only file: exit 0" test $? -eq 0
check "report on a read-only file: written" grep -q '</html>' "$T/out/r.html"
printf 'unit,year,item,value\n110115009001,2024,volunteers,5\n' >"$T/out/one.csv"
as_reader "$PLANMON" import --db "$DB" "$T/out/one.csv" >"$T/out/imp" 2>"$T/e"
rc=$?
check "import into a read-only file: refused (exit 1, got $rc)" test $rc -eq 1
check "import into a read-only file: says it is read-only" grep -q '只读' "$T/e"
check "nothing created beside it" test ! -e "$DB-wal" -a ! -e "$DB-shm" -a ! -e "$DB-journal"
check "the file is unchanged" test "$(sha256sum "$DB" | cut -d' ' -f1)" = "$sum_before"
chmod 0755 "$T/ro"
chmod 0644 "$DB"

# ---- a read-only mount ------------------------------------------------------------
# unshare -m as root, -rm (a user namespace) otherwise; the bind mount is
# remounted read-only and seen only by the commands inside.
mkdir "$T/mnt"
cp "$DB" "$T/mnt/d.db"
if [ "$(id -u)" = 0 ]; then NS="unshare -m"; else NS="unshare -rm"; fi
in_ro_mount() { # command line (sh -c), run with $T/mnt mounted read-only
    $NS sh -c "mount --bind '$T/mnt' '$T/mnt' && mount -o remount,bind,ro '$T/mnt' && $1"
}
check "the mount namespace works (unshare, mount --bind -o ro)" in_ro_mount "! touch '$T/mnt/probe' 2>/dev/null"
in_ro_mount "'$PLANMON' status --db '$T/mnt/d.db' --format json >'$T/status-ro.json' 2>'$T/e'"
check "status on a read-only mount: exit 0" test $? -eq 0
check "status on a read-only mount: the same judgments" cmp -s "$T/status-before.json" "$T/status-ro.json"
in_ro_mount "'$PLANMON' export --db '$T/mnt/d.db' -o '$T/ro-mount.csv' 2>'$T/e'"
check "export on a read-only mount: the same rows" cmp -s "$T/before.csv" "$T/ro-mount.csv"
in_ro_mount "'$PLANMON' import --db '$T/mnt/d.db' '$T/out/one.csv' >/dev/null 2>'$T/e'"
check "import on a read-only mount: exit 1" test $? -eq 1
check "import on a read-only mount: says it is read-only" grep -q '只读' "$T/e"

# A writer that crashed leaves a -wal with commits the file does not hold
# yet; read as immutable they would be missed. Refused, naming the log.
python3 - "$DB" "$T/mnt" <<'PY'
import shutil, sqlite3, sys
db, dst = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db, isolation_level=None)
c.execute("PRAGMA wal_autocheckpoint = 0")
c.execute("BEGIN")
c.execute("UPDATE data_value SET comment = 'after crash' WHERE year = (SELECT max(year) FROM data_value)")
c.execute("COMMIT")
# the files as a crash would leave them: the -wal holds the commit
shutil.copy(db, dst + "/d.db")
shutil.copy(db + "-wal", dst + "/d.db-wal")
c.close()
PY
check "a crashed writer's -wal is there" test -s "$T/mnt/d.db-wal"
in_ro_mount "'$PLANMON' status --db '$T/mnt/d.db' >/dev/null 2>'$T/e'"
check "read-only mount with an unmerged -wal: refused (exit 1)" test $? -eq 1
check "read-only mount with an unmerged -wal: names the log" grep -q 'd.db-wal' "$T/e"
finish
