#!/usr/bin/env python3
"""A small SMTP sink for the tests (Python 3 standard library only).

    smtp_sink.py DIR PORTFILE

Listens on 127.0.0.1 at a free port the system picks, writes that port to
PORTFILE (whole, once listening), and writes each message it receives to
DIR/NNN.eml (the DATA as sent, dot-unstuffed) with DIR/NNN.json beside it
({"from": ..., "to": [...]}: the envelope). Speaks just enough of RFC 5321
for libcurl: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. Runs until
killed."""
import json
import os
import socketserver
import sys
import threading

OUT, PORTFILE = sys.argv[1], sys.argv[2]
os.makedirs(OUT, exist_ok=True)
count = 0
lock = threading.Lock()


class Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode("ascii"))
        self.wfile.flush()

    def handle(self):
        global count
        self.reply("220 smtp-sink ready")
        sender, rcpts = None, []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("latin-1").rstrip("\r\n")
            verb = line[:4].upper()
            if verb == "EHLO":
                self.reply("250-smtp-sink")
                self.reply("250 8BITMIME")
            elif verb == "HELO":
                self.reply("250 smtp-sink")
            elif verb == "MAIL":
                sender, rcpts = line.split(":", 1)[1].strip().strip("<>").split(">")[0], []
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpts.append(line.split(":", 1)[1].strip().strip("<>").split(">")[0])
                self.reply("250 OK")
            elif verb == "DATA":
                if sender is None or not rcpts:
                    self.reply("503 need MAIL and RCPT first")
                    continue
                self.reply("354 end with <CRLF>.<CRLF>")
                data = bytearray()
                while True:
                    l = self.rfile.readline()
                    if not l or l in (b".\r\n", b".\n"):
                        break
                    data += l[1:] if l.startswith(b".") else l
                with lock:
                    count += 1
                    n = count
                base = os.path.join(OUT, "%03d" % n)
                with open(base + ".json.tmp", "w") as f:
                    json.dump({"from": sender, "to": rcpts}, f)
                with open(base + ".eml", "wb") as f:
                    f.write(bytes(data))
                os.rename(base + ".json.tmp", base + ".json")
                self.reply("250 OK queued as %d" % n)
                sender, rcpts = None, []
            elif verb == "RSET":
                sender, rcpts = None, []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


srv = Server(("127.0.0.1", 0), Session)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(PORTFILE + ".tmp", PORTFILE)
srv.serve_forever()
