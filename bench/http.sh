#!/bin/sh
# `make bench-http` (issues 5 and 17): requests per second, 99th-percentile
# latency and socket errors of the pages a bureau user opens most
# (overview, indicator, town, entry, review, history) and of the status API
# of `planmon serve` under wrk on loopback at 8, 64 and 256 connections,
# beside nginx serving saved copies of the very same bytes in the same run —
# the floor for a server of this kind. The aims (issue 17): half of nginx or
# better, p99 within 3× nginx's, no socket errors. Writes its own section of
# docs/performance.md (between the bench-http markers; `make bench` keeps it).
#
# Loopback only; every run is bounded (HTTP_BENCH_SECONDS, 3 s by default,
# after a 1 s warm-up of each side; HTTP_BENCH_ROUNDS = 3 rounds per page
# and connection count; HTTP_BENCH_CONNECTIONS = "8 64 256"; about eight
# minutes in all). In each round planmon then nginx (A B A B …), so that
# both sides of a ratio see about the same load from the rest of the
# machine; the table gives medians over the rounds. wrk and nginx come from
# Debian's packages and are installed when missing. The database, the saved
# bytes, nginx's prefix and wrk's raw output go to build/bench/http/ (never
# committed).
set -eu
cd "$(dirname "$0")/.."

secs=${HTTP_BENCH_SECONDS:-3}
conns_list=${HTTP_BENCH_CONNECTIONS:-8 64 256}
rounds=${HTTP_BENCH_ROUNDS:-3}
threads=${HTTP_BENCH_THREADS:-2}
out=build/bench/http
doc=docs/performance.md
bin=build/planmon
pw=bench-pass-2025

. bench/lib.sh
bench_need wrk nginx curl
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

make -s "$bin"
rm -rf "$out"
mkdir -p "$out/www" "$out/nginx/logs"
chmod 755 "$out" "$out/www"
SRV=
NGX=
cleanup() {
    [ -z "$SRV" ] || kill "$SRV" 2>/dev/null || true
    [ -z "$NGX" ] || kill "$NGX" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# ---- planmon on the demo database, a session and a token -------------------------------
# As the admin, who may open every page (the entry form and the review
# queue included).
PLANMON_DEMO_PASSWORD=$pw "$bin" demo --db "$out/demo.db" >/dev/null
token=$("$bin" token add admin bench --db "$out/demo.db" 2>/dev/null)
"$bin" serve --db "$out/demo.db" --listen 127.0.0.1:0 >"$out/serve.out" 2>"$out/serve.err" &
SRV=$!
port=$(bench_port "$out/serve.out" "$SRV")
[ -n "$port" ] || { cat "$out/serve.err" >&2; exit 1; }
B=http://127.0.0.1:$port
curl -s -c "$out/jar" -b "$out/jar" "$B/login" >"$out/login.html"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$out/login.html" | head -n 1)
curl -s -o /dev/null -c "$out/jar" -b "$out/jar" --data-urlencode "csrf=$csrf" --data-urlencode name=admin \
    --data-urlencode "password=$pw" "$B/login"
session=$(awk '$6 == "planmon_session" { print $7 }' "$out/jar")
[ -n "$session" ] || { echo "bench/http.sh: login failed" >&2; exit 1; }

# What is measured: NAME PATH, one a line. Pages by session cookie, the
# status API by bearer token.
cat >"$out/targets.txt" <<'TARGETS'
overview /?unit=110115&year=2024
indicator /indicator/3?unit=110115&year=2024
town /unit/110115009?year=2024
entry /entry?unit=110115009&year=2024
review /review
history /history?unit=110115009&year=2024
status /api/v1/status?unit=110115&year=2024
TARGETS
cookie="Cookie: planmon_session=$session"
auth="Authorization: Bearer $token"
header_of() { if [ "$1" = status ]; then echo "$auth"; else echo "$cookie"; fi; }
names=$(cut -d' ' -f1 "$out/targets.txt")
while read -r name path; do
    curl -s -f -H "$(header_of "$name")" -o "$out/www/$name" "$B$path" ||
        { echo "bench/http.sh: $name ($path) did not answer 200" >&2; exit 1; }
done <"$out/targets.txt"
grep -q '共 32 项指标' "$out/www/overview" || { echo "bench/http.sh: the overview is not the page expected" >&2; exit 1; }
grep -q 'name="csrf"' "$out/www/entry" || { echo "bench/http.sh: the entry page is not the form expected" >&2; exit 1; }

# ---- nginx on the saved bytes --------------------------------------------------------------
# A free loopback port: bind 0 in a throwaway listener is not possible from
# sh, so take planmon's port + 1 upward until nginx starts.
nport=$((port + 1))
locations=
for name in $names; do
    type="text/html; charset=utf-8"
    [ "$name" != status ] || type="application/json; charset=utf-8"
    locations="$locations        location = /$name { default_type \"$type\"; try_files /$name =404; }
"
done
start_nginx() {
    bench_nginx "$out/nginx" "    server {
        listen 127.0.0.1:$nport;
        root $PWD/$out/www;
$locations    }"
}
tries=0
until start_nginx; do
    NGX=
    tries=$((tries + 1))
    [ $tries -lt 20 ] || { cat "$out/nginx/stdout" >&2; exit 1; }
    nport=$((nport + 1))
done
N=http://127.0.0.1:$nport
for name in $names; do
    curl -s "$N/$name" | cmp -s - "$out/www/$name" ||
        { echo "bench/http.sh: nginx does not serve the saved $name" >&2; exit 1; }
done

# ---- wrk -------------------------------------------------------------------------------------
# measure NAME CONNS ROUND URL [header]: one measured wrk run; prints
# "req/s p99_ms socket_errors" and keeps wrk's output in
# $out/NAME.cCONNS.ROUND.txt. Any non-2xx answer fails the benchmark: it
# would measure errors, not pages. Socket errors are wrk's connect, read,
# write and timeout counts added up.
measure() {
    _name=$1 _c=$2 _r=$3 _url=$4
    shift 4
    _f=$out/$_name.c$_c.$_r.txt
    wrk -t"$threads" -c"$_c" -d"${secs}s" --latency "$@" "$_url" >"$_f"
    if grep -q 'Non-2xx' "$_f"; then
        echo "bench/http.sh: $_name answered errors:" >&2
        cat "$_f" >&2
        exit 1
    fi
    bench_wrk_figures "$_f"
}

# Each page and connection count: a 1 s warm-up of each side, then $rounds
# rounds of planmon then nginx (A B A B …), so that both sides of a round
# see about the same load from the rest of the machine. One raw line per
# round: name conns round planmon(req/s p99 errors) nginx(req/s p99 errors).
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
raw=$out/rounds.txt
: >"$raw"
while read -r name path; do
    hdr=$(header_of "$name")
    for c in $conns_list; do
        wrk -t"$threads" -c"$c" -d1s -H "$hdr" "$B$path" >/dev/null
        wrk -t"$threads" -c"$c" -d1s -H "$hdr" "$N/$name" >/dev/null
        r=1
        while [ "$r" -le "$rounds" ]; do
            p=$(measure "planmon-$name" "$c" "$r" "$B$path" -H "$hdr")
            n=$(measure "nginx-$name" "$c" "$r" "$N/$name" -H "$hdr")
            # shellcheck disable=SC2086
            set -- $p $n
            [ $# -eq 6 ] || exit 1
            echo "$name $c $r $*" >>"$raw"
            printf '%-10s %4s #%s  planmon %7s r/s p99 %8s ms err %5s   nginx %7s r/s p99 %8s ms err %5s\n' \
                "$name" "$c" "$r" "$@"
            r=$((r + 1))
        done
    done
done <"$out/targets.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
kill "$SRV" "$NGX" 2>/dev/null || true
wait "$SRV" 2>/dev/null || true
wait "$NGX" 2>/dev/null || true
SRV=
NGX=

# One table row per page and connection count: medians over the rounds;
# a ratio is the median of the rounds' own ratios (each round's two sides
# ran one after the other), with its min–max; socket errors are summed.
table=$(awk '
    function med(a, n,    i, j, t) {
        for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function lo(a, n,    i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] < m) m = a[i]; return m }
    function hi(a, n,    i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] > m) m = a[i]; return m }
    function flush(    r, q, ok, rlo, rhi) {
        if (!n) return
        rlo = lo(ra, n); rhi = hi(ra, n); r = med(ra, n); q = med(qa, n)
        ok = (r >= 0.5 && q <= 3 && pe == 0) ? "met" : "not met"
        printf "| %s | %s | %d | %.0f | %.1f ms | %d | %.0f | %.1f ms | %d | **%.2f** (%.2f–%.2f) | %.2f× | %s |\n", \
            name, c, n, med(pr, n), med(pp, n), pe, med(nr, n), med(np, n), ne, r, rlo, rhi, q, ok
        n = 0; pe = 0; ne = 0
    }
    $1 != name || $2 != c { flush(); name = $1; c = $2 }
    {
        n++; pr[n] = $4; pp[n] = $5; pe += $6; nr[n] = $7; np[n] = $8; ne += $9
        ra[n] = ($7 > 0) ? $4 / $7 : 0; qa[n] = ($8 > 0) ? $5 / $8 : 0
    }
    END { flush() }' "$raw")
bytes=$(for name in $names; do printf '%s %s\n' "$name" "$(wc -c <"$out/www/$name" | tr -d ' ')"; done |
    awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 } END { print "" }')
paths=$(awk '{ printf "%s%s `%s`", (NR > 1 ? ", " : ""), $1, $2 } END { print "" }' "$out/targets.txt")

# ---- docs/performance.md: this script's section, replaced in place -----------------------------
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git diff --quiet HEAD -- src 2>/dev/null && echo "" || echo " (with uncommitted changes under src/)")
section=$out/section.md
cat >"$section" <<EOF
<!-- bench-http:begin (written by \`make bench-http\`, bench/http.sh; \`make bench\` keeps it) -->
## HTTP: \`planmon serve\` beside nginx (\`make bench-http\`)

Requests per second, 99th-percentile latency and socket errors under wrk on loopback, for the pages
a bureau user opens most and the status API, on the demo database (272 units), logged in as the
admin (pages: session cookie; status API: bearer token): $paths. nginx serves saved copies of
exactly those bytes (\`curl\` fetched them from planmon in the same run; bytes: $bytes) on another
loopback port. For each page and connection count, planmon and then nginx in each round. planmon does
its work for every request: the session or token (remembered until the next commit), the unit
against the user's subtree, the data generation against the snapshot's, then the page's body from
the snapshot's cache (drawn once per data snapshot, and per reader where the page differs per
reader) inside the per-request layout and CSRF fields. nginx sends a file from the page cache.
Aims (issue 17): planmon / nginx ≥ 0.5, p99 ≤ 3× nginx's, no socket errors (wrk's connect, read,
write and timeout counts; wrk's timeout is 2 s).

| | |
|---|---|
| command | \`make bench-http\` (bench/http.sh) |
| date | $started |
| commit | $commit$dirty |
| CPUs (\`nproc\`) | $(nproc) |
| CPU model | ${cpu:-unknown} |
| OS | $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") ($(uname -sr)) |
| load | wrk \`-t$threads -c{$(echo $conns_list | tr ' ' ',')} -d${secs}s --latency\` after a 1 s warm-up of each side, $rounds rounds of planmon then nginx per page and connection count (medians; a ratio is the median of the rounds' own ratios); wrk, planmon (threads = CPUs) and nginx (\`worker_processes auto\`) share the machine |
| versions | $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-2), $("$NGINX" -v 2>&1 | sed 's/.*: //'), libmicrohttpd $(pkg-config --modversion libmicrohttpd 2>/dev/null) |
| load average (1, 5, 15 min) | before $load_before; after $load_after |

| page | conns | rounds | planmon req/s | planmon p99 | planmon socket errors | nginx req/s | nginx p99 | nginx socket errors | planmon / nginx (min–max) | p99 planmon / nginx | aims |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
$table

wrk's full output for each run is in \`build/bench/http/*.txt\` after a run, every round's figures in
\`build/bench/http/rounds.txt\`. The machine is shared with other work (see the load average): the
min–max of the ratios shows how far the rounds moved.
<!-- bench-http:end -->
EOF
mkdir -p docs
[ -f "$doc" ] || printf '# Performance\n' >"$doc"
awk -v f="$section" '
    /<!-- bench-http:begin/ { skip = 1; while ((getline l < f) > 0) print l; done = 1; next }
    /<!-- bench-http:end -->/ { skip = 0; next }
    !skip { print }
    END { if (!done) { print ""; while ((getline l < f) > 0) print l } }' "$doc" >"$doc.tmp"
mv "$doc.tmp" "$doc"
echo "wrote the HTTP section of $doc" >&2
