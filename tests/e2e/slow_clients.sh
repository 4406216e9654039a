#!/bin/sh
# Slow clients (slowloris, issue 10): 1,000 connections from four loopback
# addresses (127.0.0.2–127.0.0.5) each send a request line and then a header
# line every three seconds, never finishing their headers. Meanwhile normal
# requests from 127.0.0.1 must be answered within a second, and a connection
# that trickles one header line per second must be closed by the server (the
# header deadline) although every line restarts MHD's idle timeout.
# The slow client is tests/e2e/slowclient.py (loopback only, bounded count and
# duration).
. "$(dirname "$0")/../lib.sh"
command -v curl >/dev/null 2>&1 || { echo "slow_clients.sh: curl is missing"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "slow_clients.sh: python3 is missing"; exit 1; }
# The server holds up to a thousand sockets: raise the soft limit on open
# files as far as the hard one allows (the server raises its own too).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || ulimit -n 4096 2>/dev/null

DB=$(test_db slow)
SRV=
SLOW=
trap 'for p in $SLOW $SRV; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
PLANMON_DEMO_PASSWORD=slow-pass-2025 "$PLANMON" demo --db "$DB" >/dev/null 2>&1
check "demo makes the database" db_made "$DB"

"$PLANMON" serve --db "$DB" --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err" &
SRV=$!
PORT=$(port_of "$T/serve.out")
check "server prints the address to open" test -n "$PORT"
[ -n "$PORT" ] || { cat "$T/serve.err"; finish; exit 1; }
B=http://127.0.0.1:$PORT/login

check "a normal request before the attack" curl -sf --max-time 5 -o /dev/null "$B"

python3 "$(dirname "$0")/slowclient.py" "$PORT" 1000 30 127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5 \
    --probe 127.0.0.6 >"$T/slow.out" 2>"$T/slow.err" &
SLOW=$!
sleep 6
# Five normal requests during the attack, each within a second.
answered=0
for n in 1 2 3 4 5; do
    if curl -sf --max-time 1 -o /dev/null "$B"; then answered=$((answered + 1)); fi
    sleep 1
done
echo "slow_clients.sh: $answered of 5 normal requests answered within 1 s during the attack"
check "normal requests answered within a second during the attack ($answered of 5)" test "$answered" -eq 5
check "server alive during the attack" kill -0 "$SRV"
wait "$SLOW"
SLOW=
echo "slow_clients.sh: slow client: $(cat "$T/slow.out")"
check "slow client ran" grep -q 'held_max=' "$T/slow.out"
held=$(sed -n 's/.*held_max=\([0-9]*\).*/\1/p' "$T/slow.out")
check "the slow client really held connections (held_max=$held)" test "${held:-0}" -ge 200
check "the server closed the slow clients' connections" sh -c "! grep -q 'closed_by_server=0 ' '$T/slow.out'"
# The probe sends a header line every second for 30 s: MHD's idle timeout
# (30 s) never fires; the header deadline (10 s) must.
cut=$(sed -n 's/.*probe_cut_after=\([0-9.a-z]*\).*/\1/p' "$T/slow.out")
check "a trickled header is cut by the deadline (after ${cut:-?} s)" sh -c "[ '$cut' != none ] && [ '${cut%.*}' -lt 25 ]"
check "a normal request after the attack" curl -sf --max-time 5 -o /dev/null "$B"
kill "$SRV"
wait "$SRV"
rc=$?
SRV=
check "server stops cleanly (exit $rc)" test "$rc" -eq 0
check "no sanitizer report" sh -c "! grep -q 'ERROR: \\|runtime error' '$T/serve.err'"
finish
