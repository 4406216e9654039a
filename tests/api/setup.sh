#!/bin/sh
# Installs what the API description tests need, only when missing: Node.js and
# npm (Debian's), and the npm packages package-lock.json pins (Redocly CLI for
# the lint, ajv and openapi-schema-to-json-schema for the contract test) into
# tests/api/node_modules (git-ignored) with `npm ci`.
# Usage: tests/api/setup.sh   (prints what it does on stderr)
set -eu
cd "$(dirname "$0")"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=""
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
    echo "tests/api/setup.sh: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq >&2
    # shellcheck disable=SC2086
    $SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends $missing >&2
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
    || [ ! -f node_modules/@redocly/cli/package.json ] || [ ! -f node_modules/ajv/package.json ]; then
    echo "tests/api/setup.sh: npm ci" >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
fi
