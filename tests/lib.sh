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
