#!/bin/sh
# Valgrind memcheck over what the sanitizers cannot see: reads of
# uninitialised memory (the class of the login crash, a pm_user cleared
# uninitialised). The release build — no ASan, whose shadow memory valgrind
# cannot run — serves the HTTP end-to-end tests web.sh and api.sh under
# `valgrind --error-exitcode=99 --track-origins=yes`, so an error makes the
# server's exit status 99 and those scripts' clean-stop check fails; the
# setup commands around the server (demo, user add, export) run the release
# binary directly to keep the time reasonable. Then the unit tests of the
# web and user layers, built without ASan (build/rel/tests/), run under
# memcheck. Every valgrind log must end with 0 errors.
set -u
. "$(dirname "$0")/../lib.sh"
REL=${PLANMON_RELEASE:-}
command -v valgrind >/dev/null 2>&1 || { echo "FAIL: valgrind is not installed (scripts/deps.sh)"; exit 1; }
[ -n "$REL" ] && [ -x "$REL" ] || { echo "FAIL: PLANMON_RELEASE must name the release build"; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
VG="valgrind --error-exitcode=99 --track-origins=yes --leak-check=no --num-callers=30"
mkdir "$T/vg"
cat >"$T/planmon-vg" <<SH
#!/bin/sh
# The server under memcheck, every other command as it is.
if [ "\$1" = serve ]; then exec $VG --log-file=$T/vg/serve.%p.log "$REL" "\$@"; fi
exec "$REL" "\$@"
SH
chmod +x "$T/planmon-vg"

for s in web api; do
    PLANMON=$T/planmon-vg sh "$ROOT/tests/e2e/$s.sh" >"$T/$s.out" 2>&1
    rc=$?
    check "$s.sh with the server under memcheck (exit $rc)" test $rc -eq 0
    [ $rc -eq 0 ] || tail -n 20 "$T/$s.out"
done
for u in test_web test_users test_escape; do
    bin=$ROOT/build/rel/tests/$u
    if [ ! -x "$bin" ]; then
        check "$u built without ASan (make build/rel/tests/$u)" false
        continue
    fi
    $VG --log-file="$T/vg/$u.log" "$bin" >"$T/$u.out" 2>&1
    rc=$?
    check "$u under memcheck (exit $rc)" test $rc -eq 0
done
nlogs=$(ls "$T/vg" | wc -l)
check "memcheck logs written ($nlogs)" test "$nlogs" -ge 5
bad=0
for f in "$T"/vg/*.log; do
    if ! grep -q 'ERROR SUMMARY: 0 errors' "$f"; then
        bad=$((bad + 1))
        echo "---- $f"
        head -n 60 "$f"
    fi
done
check "every memcheck log: 0 errors" test $bad -eq 0
finish
