#!/usr/bin/env python3
"""A slowloris client for tests/e2e/slow_clients.sh, on loopback only.

slowclient.py PORT COUNT SECONDS ADDR... opens COUNT connections to
127.0.0.1:PORT spread over the source addresses ADDR (each one of
127.0.0.0/8), sends each a request line, then one header line every
INTERVAL seconds and never the blank line that ends the headers. A
connection the server closes is opened again (at most COUNT new ones per
second), so the client keeps trying to hold COUNT connections for SECONDS
seconds, then closes everything and prints one line of figures:

  held_max=N opened=N closed_by_server=N refused=N

--probe ADDR adds one more connection from ADDR that trickles a header line
every second; the line then also says probe_cut_after=S (seconds until the
server closed it) or probe_cut_after=none.
"""
import argparse
import resource
import selectors
import socket
import sys
import time


def loopback(addr):
    parts = addr.split(".")
    return len(parts) == 4 and parts[0] == "127"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("count", type=int)
    ap.add_argument("seconds", type=float)
    ap.add_argument("addrs", nargs="+")
    ap.add_argument("--interval", type=float, default=3.0)
    ap.add_argument("--probe")
    a = ap.parse_args()
    if not all(loopback(x) for x in a.addrs + ([a.probe] if a.probe else [])):
        sys.exit("slowclient.py: loopback source addresses only")
    if not 0 < a.count <= 5000 or not 0 < a.seconds <= 120:
        sys.exit("slowclient.py: count 1..5000, seconds up to 120")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, a.count + 256) if hard != resource.RLIM_INFINITY else a.count + 256
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))

    sel = selectors.DefaultSelector()
    conns = {}  # socket -> [source, next send time, is probe, opened at]
    stats = {"held_max": 0, "opened": 0, "closed_by_server": 0, "refused": 0}
    probe_cut = None
    start = time.monotonic()
    end = start + a.seconds

    def open_one(src, probe=False):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.bind((src, 0))
            s.settimeout(1.0)
            s.connect(("127.0.0.1", a.port))
            s.send(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            s.setblocking(False)
        except OSError:
            s.close()
            stats["refused"] += 1
            return
        now = time.monotonic()
        conns[s] = [src, now + (1.0 if probe else a.interval), probe, now]
        sel.register(s, selectors.EVENT_READ)
        stats["opened"] += 1

    def drop(s, by_server):
        nonlocal probe_cut
        info = conns.pop(s)
        sel.unregister(s)
        s.close()
        if by_server:
            stats["closed_by_server"] += 1
            if info[2] and probe_cut is None:
                probe_cut = time.monotonic() - info[3]
        return info

    for i in range(a.count):
        open_one(a.addrs[i % len(a.addrs)])
    if a.probe:
        open_one(a.probe, probe=True)
    missing = []
    next_refill = start
    while True:
        now = time.monotonic()
        if now >= end:
            break
        # Held: connections that have lived two seconds (the server closes
        # those past its per-address limit at once).
        stats["held_max"] = max(stats["held_max"], sum(1 for v in conns.values() if not v[2] and now - v[3] >= 2))
        # Refill what the server closed: at most COUNT new connections a second.
        if now >= next_refill:
            next_refill = now + 0.1
            budget = max(1, a.count // 10)
            while missing and budget:
                open_one(missing.pop())
                budget -= 1
        for s, info in list(conns.items()):
            if now >= info[1]:
                try:
                    s.send(b"X-Slow: 1\r\n")
                    info[1] = now + (1.0 if info[2] else a.interval)
                except OSError:
                    src = drop(s, True)[0]
                    if not info[2]:
                        missing.append(src)
        for key, _ in sel.select(timeout=0.1):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if not data:
                info = drop(s, True)
                if not info[2]:
                    missing.append(info[0])
    for s in list(conns):
        drop(s, False)
    out = " ".join(f"{k}={v}" for k, v in stats.items())
    if a.probe:
        out += " probe_cut_after=" + ("none" if probe_cut is None else f"{probe_cut:.1f}")
    print(out)


if __name__ == "__main__":
    main()
