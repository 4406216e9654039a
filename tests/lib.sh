# Shared by the end-to-end scripts: a scratch dir, checks that count, a summary.
# Usage: . tests/lib.sh; check "what" command...; finish
: "${PLANMON:?PLANMON must point at the planmon binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/planmon-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
_pass=0
_fail=0
check() {
    _what=$1
    shift
    if "$@" >/dev/null 2>&1; then
        _pass=$((_pass + 1))
    else
        _fail=$((_fail + 1))
        echo "FAIL: $_what"
    fi
}
finish() {
    echo "$(basename "$0"): $_pass checks passed, $_fail failed"
    [ "$_fail" -eq 0 ]
}
# port_of FILE: the port `planmon serve --listen 127.0.0.1:0` prints into
# FILE, waiting up to 15 s for the line; prints nothing if it never came.
port_of() {
    _i=0
    _p=
    while [ $_i -lt 150 ] && [ -z "$_p" ]; do
        _p=$(sed -n 's#.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*#\1#p' "$1" 2>/dev/null)
        [ -n "$_p" ] || sleep 0.1
        _i=$((_i + 1))
    done
    printf '%s' "$_p"
}
# csrf_of FILE: the CSRF token of the first form in a saved page.
csrf_of() {
    sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -n 1
}
