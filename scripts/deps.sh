#!/bin/sh
# Installs the Debian packages planmon builds, tests and fuzzes with, but only
# when something is missing: a machine that has them all is left untouched.
# Usage: scripts/deps.sh [--check] [--deb]
#   --check: exit 1 if anything is missing, install nothing
#   --deb:   also the tools `make deb` and its test need (tests/e2e/deb.sh):
#            debhelper, fakeroot, dpkg-dev, and systemd for systemd-analyze
set -eu
check=""
deb=""
for arg in "$@"; do
    case $arg in
    --check) check=yes ;;
    --deb) deb=yes ;;
    *) echo "usage: scripts/deps.sh [--check] [--deb]" >&2; exit 2 ;;
    esac
done

# pkg-config name -> Debian package
PC_DEPS="jansson:libjansson-dev cmocka:libcmocka-dev sqlite3:libsqlite3-dev \
libmicrohttpd:libmicrohttpd-dev xlsxwriter:libxlsxwriter-dev libzip:libzip-dev \
expat:libexpat1-dev libsodium:libsodium-dev libxml-2.0:libxml2-dev librsvg-2.0:librsvg2-dev cairo:libcairo2-dev \
libpq:libpq-dev libcurl:libcurl4-openssl-dev"
# header file -> Debian package (libraries that ship no .pc file)
HDR_DEPS="csv.h:libcsv-dev"
# command -> Debian package
# (sqlite3: the shell, for the import benchmark's .import baseline in make bench)
CMD_DEPS="curl:curl pkg-config:pkg-config cc:gcc make:make clang:clang tidy:tidy sqlite3:sqlite3"
# (man: tests/e2e/cli_help.sh renders planmon(1) with man-db)
CMD_DEPS="$CMD_DEPS man:man-db"
# (valgrind: memcheck over the server and the web unit tests in make test)
CMD_DEPS="$CMD_DEPS valgrind:valgrind"
# (the DOCX report's test, tests/e2e/report_docx.sh: its package and its PDF's text)
CMD_DEPS="$CMD_DEPS unzip:unzip xmllint:libxml2-utils pdftotext:poppler-utils"
[ -n "$deb" ] && CMD_DEPS="$CMD_DEPS dh:debhelper fakeroot:fakeroot dpkg-buildpackage:dpkg-dev systemd-analyze:systemd"

missing=""
for pair in $CMD_DEPS; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
done
for pair in $PC_DEPS; do
    pkg-config --exists "${pair%%:*}" 2>/dev/null || missing="$missing ${pair#*:}"
done
for pair in $HDR_DEPS; do
    [ -f "/usr/include/${pair%%:*}" ] || missing="$missing ${pair#*:}"
done
# clang's sanitizer runtimes for the fuzz targets
[ -d /usr/lib/llvm-14/lib/clang ] && ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 \
    || missing="$missing libclang-rt-14-dev"

# the PostgreSQL server, for the throwaway clusters of the PostgreSQL tests (tests/pg_cluster.sh)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
# nginx and openssl: tests/e2e/pg_two_servers.sh runs docs/deploy.md's nginx configuration
# (with a throwaway certificate) in front of two servers
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"

[ -z "$missing" ] && exit 0
if [ -n "$check" ]; then
    echo "missing:$missing" >&2
    exit 1
fi

echo "scripts/deps.sh: installing$missing" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# (other installs may hold the lock: wait for them instead of failing)
$SUDO apt-get -o DPkg::Lock::Timeout=900 update -qq
# shellcheck disable=SC2086
$SUDO apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends $missing >/dev/null
