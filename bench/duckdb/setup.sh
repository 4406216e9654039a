#!/bin/sh
# Installs the DuckDB rival of `make bench` (bench/run.sh), each part only
# when it is missing: Node.js and npm from Debian, and @duckdb/node-api at the
# version package-lock.json pins, into bench/duckdb/node_modules (git-ignored)
# with `npm ci` (the package brings DuckDB itself as a prebuilt binding).
# Usage: bench/duckdb/setup.sh   (prints what it does on stderr)
set -eu
cd "$(dirname "$0")"

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=""
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
    echo "bench/duckdb/setup.sh: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq >&2
    # shellcheck disable=SC2086
    $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends $missing >&2
fi

# npm ci when node_modules is missing or older than the lock file (npm writes
# node_modules/.package-lock.json on every install).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
    || [ ! -f node_modules/@duckdb/node-api/package.json ]; then
    echo "bench/duckdb/setup.sh: npm ci (@duckdb/node-api)" >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
fi
