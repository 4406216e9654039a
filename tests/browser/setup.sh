#!/bin/sh
# Installs what the browser test needs, each only when it is missing:
# Debian's Chromium (/usr/bin/chromium), Node.js and npm, a CJK font (the
# pages are Chinese: screenshots without one show boxes), and playwright-core
# and axe-core at the versions package-lock.json pins, into tests/browser/node_modules
# (git-ignored) with `npm ci`. No browser is downloaded by npm: playwright-core
# drives the system's Chromium (never `npx playwright install`).
# Usage: tests/browser/setup.sh   (prints what it does on stderr)
set -eu
cd "$(dirname "$0")"

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ] || missing="$missing fonts-noto-cjk"
if [ -n "$missing" ]; then
    echo "tests/browser/setup.sh: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >&2
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing >&2
fi

# npm ci when node_modules is missing or older than the lock file (npm writes
# node_modules/.package-lock.json on every install).
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
    || [ ! -f node_modules/playwright-core/package.json ] || [ ! -f node_modules/axe-core/axe.min.js ]; then
    echo "tests/browser/setup.sh: npm ci (playwright-core, axe-core)" >&2
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2
fi
