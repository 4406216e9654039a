#!/bin/sh
# make deb end to end (issue 10 item 7): the package builds with debhelper,
# holds the binary, planmon(1), the bash completion, the systemd unit and
# /etc/planmon/planmon.conf (a conffile); its unit passes systemd-analyze
# verify; the packaged command line, run by hand with the packaged settings
# file (these machines run no systemd), creates a first admin with `user
# add` and serves 127.0.0.1:<port> from a fresh database (no demo data);
# `man planmon` renders.
#
# Nothing is skipped: a missing tool is installed (scripts/deps.sh --deb)
# or the test fails. The package is installed with apt when running as
# root with CI set (a throwaway machine); otherwise it is unpacked into a
# scratch root (dpkg-deb -x), as a shared machine must not get /etc/planmon.
set -u
. "$(dirname "$0")/../lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1

if ! scripts/deps.sh --check --deb >/dev/null 2>&1; then
    scripts/deps.sh --deb >"$T/deps.log" 2>&1
    check "scripts/deps.sh --deb installs the packaging tools" scripts/deps.sh --check --deb
fi
for tool in dpkg-buildpackage dh fakeroot dpkg-deb systemd-analyze man; do
    check "tool $tool is there" sh -c "command -v $tool"
done

# What the package is built from, read before the build (a commit made
# meanwhile must not move the expectations).
COMMITS=$(git rev-list --count HEAD)
BUILT=$(tools/version-h.sh | sed -n 's/^#define PLANMON_COMMIT "\(.*\)"/\1/p')
make deb >"$T/deb.log" 2>&1
rc=$?
check "make deb exits 0 (got $rc)" test "$rc" -eq 0
[ "$rc" -eq 0 ] || { tail -30 "$T/deb.log"; finish; exit 1; }
DEB=$(ls build/deb/planmon_*.deb | head -n 1)
VERSION=$(cat VERSION)
check "the package is named for VERSION and the commit ($DEB)" \
    sh -c "case '$DEB' in build/deb/planmon_${VERSION}+git${COMMITS}.*_*.deb) exit 0;; esac; exit 1"
PKGVER=$(dpkg-deb -f "$DEB" Version)
# apt keeps an installed package of the same version: a rebuild must sort
# after the one before it (more commits) and after the bare VERSION.
check "its version sorts after VERSION ($PKGVER)" dpkg --compare-versions "$PKGVER" gt "$VERSION"
check "… and after the build one commit earlier" \
    dpkg --compare-versions "$PKGVER" gt "$VERSION+git$((COMMITS - 1)).ffffffffffff"

# ---- what the package holds ---------------------------------------------------
dpkg-deb -c "$DEB" >"$T/contents"
for f in ./usr/bin/planmon ./usr/share/man/man1/planmon.1.gz ./usr/share/bash-completion/completions/planmon \
    ./etc/planmon/planmon.conf ./usr/share/doc/planmon/operations.md.gz; do
    check "package holds $f" grep -q " $f\$" "$T/contents"
done
check "package holds the systemd unit" grep -Eq ' \./(usr/)?lib/systemd/system/planmon\.service$' "$T/contents"
dpkg-deb -f "$DEB" Depends >"$T/depends"
check "Depends names the shared libraries (libsqlite3, libmicrohttpd)" \
    sh -c "grep -q libsqlite3 '$T/depends' && grep -q libmicrohttpd '$T/depends'"
dpkg-deb -e "$DEB" "$T/control"
check "planmon.conf is a conffile" grep -qx /etc/planmon/planmon.conf "$T/control/conffiles"
check "postinst creates the user planmon" grep -q 'adduser --system --group' "$T/control/postinst"
check "postinst creates /var/lib/planmon" grep -q 'install -d -o planmon -g planmon -m 0750 /var/lib/planmon' \
    "$T/control/postinst"
check "postinst is valid sh" sh -n "$T/control/postinst"

# ---- install -------------------------------------------------------------------
if [ "$(id -u)" -eq 0 ] && [ -n "${CI:-}" ]; then
    apt-get -o DPkg::Lock::Timeout=900 install -y -qq "./$DEB" >"$T/apt.log" 2>&1
    check "apt install ./planmon_*.deb" test $? -eq 0
    R=""
    check "the user planmon exists" getent passwd planmon
    check "/var/lib/planmon belongs to planmon" test "$(stat -c %U /var/lib/planmon)" = planmon
else
    R="$T/root"
    dpkg-deb -x "$DEB" "$R"
    check "the package unpacks into a scratch root" test -x "$R/usr/bin/planmon"
fi
P="$R/usr/bin/planmon"
UNIT=$(ls "$R"/lib/systemd/system/planmon.service "$R"/usr/lib/systemd/system/planmon.service 2>/dev/null | head -n 1)

# ---- the unit --------------------------------------------------------------------
check "unit runs as its own user" grep -qx 'User=planmon' "$UNIT"
check "unit: ProtectSystem=strict" grep -qx 'ProtectSystem=strict' "$UNIT"
check "unit: ReadWritePaths=/var/lib/planmon" grep -qx 'ReadWritePaths=/var/lib/planmon' "$UNIT"
check "unit: Restart=on-failure" grep -qx 'Restart=on-failure' "$UNIT"
check "unit starts serve with the packaged settings" \
    grep -qx 'ExecStart=/usr/bin/planmon serve --config /etc/planmon/planmon.conf' "$UNIT"
if [ -n "$R" ]; then
    # verify checks that ExecStart's binary exists and that man finds the
    # Documentation= page: show it the scratch root's (the unit's one path
    # rewritten, the rest verified as packaged).
    mkdir -p "$T/unit"
    sed "s#/usr/bin/planmon#$R/usr/bin/planmon#" "$UNIT" >"$T/unit/planmon.service"
    MANPATH="$R/usr/share/man:" systemd-analyze verify "$T/unit/planmon.service" >"$T/verify.log" 2>&1
else
    systemd-analyze verify "$UNIT" >"$T/verify.log" 2>&1
fi
rc=$?
check "systemd-analyze verify passes the unit (got $rc: $(head -c 300 "$T/verify.log"))" test "$rc" -eq 0
check "systemd-analyze verify says nothing about planmon.service" sh -c "! grep -q 'planmon.service' '$T/verify.log'"

# ---- the packaged command line, by hand, with the packaged settings ------------
CONF="$R/etc/planmon/planmon.conf"
check "packaged settings: the database in /var/lib/planmon" grep -qx 'db = /var/lib/planmon/planmon.db' "$CONF"
check "packaged settings: 127.0.0.1:8080" grep -qx 'listen = 127.0.0.1:8080' "$CONF"
"$P" --version >"$T/version"
check "packaged --version is VERSION's" grep -qx "planmon $VERSION" "$T/version"
check "packaged --version names the commit it was built from" \
    grep -q "^提交 $BUILT\$" "$T/version"
DB="$T/planmon.db"
PLANMON_PASSWORD=init-admin-pass "$P" init --db "$DB" >"$T/init.out" 2>&1
check "packaged init makes a database" test -f "$DB"
PLANMON_PASSWORD=first-admin-pass "$P" user add chief --role admin --db "$DB" </dev/null >"$T/add.out" 2>&1
check "packaged user add makes a first admin" grep -q '已创建用户 chief' "$T/add.out"
# The packaged settings name /var/lib/planmon/planmon.db and port 8080:
# the command line wins for the scratch database and a free port.
"$P" serve --config "$R/etc/planmon/planmon.conf" --db "$DB" --listen 127.0.0.1:0 \
    >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=
i=0
while [ $i -lt 150 ] && [ -z "$PORT" ] && kill -0 "$SRV" 2>/dev/null; do
    PORT=$(sed -n 's#.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$T/serve.out" 2>/dev/null)
    [ -n "$PORT" ] || sleep 0.1
    i=$((i + 1))
done
check "packaged serve listens on 127.0.0.1:<port> ($(head -c 300 "$T/serve.err"))" test -n "$PORT"
if [ -n "$PORT" ]; then
    B=http://127.0.0.1:$PORT
    curl -s -c "$T/jar" -b "$T/jar" "$B/login" >"$T/login.html"
    csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/login.html" | head -n 1)
    code=$(curl -s -o /dev/null -w '%{http_code}' -c "$T/jar" -b "$T/jar" --data-urlencode "csrf=$csrf" \
        --data-urlencode name=chief --data-urlencode password=first-admin-pass --data-urlencode next=/ "$B/login")
    check "the first admin logs in (got $code)" test "$code" = 303 -o "$code" = 302
    curl -s -b "$T/jar" "$B/api/v1/me" >"$T/me.json"
    check "the API knows the admin" grep -q '"chief"' "$T/me.json"
    curl -s -b "$T/jar" "$B/api/v1/units" >"$T/units.json"
    check "no demo data: the district alone" sh -c "! grep -q '黄村镇' '$T/units.json'"
fi
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null

# ---- installed (CI): the drill exactly as an IT office runs it -----------------------
# The packaged settings unchanged (/var/lib/planmon/planmon.db, 127.0.0.1:8080)
# and the unit's ExecStart as the unit's user (setpriv execs it: $! is the
# server); the database and a first admin made by that user.
if [ -z "$R" ]; then
    LIVE=/var/lib/planmon/planmon.db
    as_planmon() { setpriv --reuid=planmon --regid=planmon --init-groups -- "$@"; }
    [ -f "$LIVE" ] || as_planmon env PLANMON_PASSWORD=init-admin-pass /usr/bin/planmon init --db "$LIVE" \
        >"$T/live-init.out" 2>&1
    check "the user planmon makes /var/lib/planmon/planmon.db" test -f "$LIVE"
    ADMIN=chief$$
    as_planmon env PLANMON_PASSWORD=first-admin-pass /usr/bin/planmon user add "$ADMIN" --role admin --db "$LIVE" \
        </dev/null >"$T/live-add.out" 2>&1
    check "… and a first admin with planmon user add" grep -q "已创建用户 $ADMIN" "$T/live-add.out"
    # setpriv itself, not the function: a function in the background is a
    # subshell, and $! would be that shell rather than the server.
    setpriv --reuid=planmon --regid=planmon --init-groups -- /usr/bin/planmon serve --config /etc/planmon/planmon.conf \
        >"$T/live.out" 2>"$T/live.err" &
    LSRV=$!
    i=0
    while [ $i -lt 150 ] && ! grep -q 'http://127\.0\.0\.1:8080/' "$T/live.out" 2>/dev/null && kill -0 "$LSRV" 2>/dev/null; do
        sleep 0.1
        i=$((i + 1))
    done
    check "ExecStart serves 127.0.0.1:8080 ($(head -c 300 "$T/live.err"))" grep -q 'http://127\.0\.0\.1:8080/' "$T/live.out"
    B=http://127.0.0.1:8080
    curl -s -c "$T/ljar" -b "$T/ljar" "$B/login" >"$T/llogin.html"
    csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/llogin.html" | head -n 1)
    code=$(curl -s -o /dev/null -w '%{http_code}' -c "$T/ljar" -b "$T/ljar" --data-urlencode "csrf=$csrf" \
        --data-urlencode "name=$ADMIN" --data-urlencode password=first-admin-pass --data-urlencode next=/ "$B/login")
    check "the first admin logs in on :8080 (got $code)" test "$code" = 303
    curl -s -b "$T/ljar" "$B/api/v1/me" >"$T/lme.json"
    check "… and is the admin" grep -q "\"$ADMIN\".*\"role\":\"admin\"" "$T/lme.json"
    # No demo: a database from init holds the plan and no units or figures
    # yet (503 not_ready until `planmon units import`).
    code=$(curl -s -o "$T/lunits.json" -w '%{http_code}' -b "$T/ljar" "$B/api/v1/units")
    check "no demo data on the packaged database (units: $code)" \
        sh -c "test '$code' = 503 && grep -q '\"not_ready\"' '$T/lunits.json'"
    kill "$LSRV" 2>/dev/null
    wait "$LSRV"
    check "the service stops cleanly on SIGTERM" test $? -eq 0
    check "the service logged no error but that 503 ($(head -c 300 "$T/live.err"))" \
        test "$(grep -vc ' 503：' "$T/live.err")" -eq 0
fi

# ---- man page and completion as installed ----------------------------------------
if [ -z "$R" ]; then
    MANWIDTH=100 man planmon >"$T/man.txt" 2>"$T/man.err"
else
    MANWIDTH=100 man -l "$R/usr/share/man/man1/planmon.1.gz" >"$T/man.txt" 2>"$T/man.err"
fi
check "man planmon renders" test $? -eq 0
check "man planmon documents user add" grep -q 'planmon user add' "$T/man.txt"
check "man planmon documents serve --config" grep -q -- '--config' "$T/man.txt"
out=$(bash -c '. "$1"; COMP_WORDS=(planmon us); COMP_CWORD=1; _planmon; echo "${COMPREPLY[*]}"' - \
    "$R/usr/share/bash-completion/completions/planmon")
check "packaged completion completes 'planmon us' → user" test "$out" = user
finish
