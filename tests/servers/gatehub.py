#!/usr/bin/env python3
"""A WebSub hub that holds every POST until a gate opens, so that a test
can keep a crier publish running (it pings the hub after its uploads,
with its lock still held) for as long as it needs, without relying on
timing.  When a POST arrives it appends "held" to LOG; once the file
GATE exists (or after 60 seconds) it answers 202 Accepted and appends
"answered".  Listens on 127.0.0.1 on a free port, written to PORTFILE
once it is ready.

usage: gatehub.py GATE LOG PORTFILE
"""
import http.server
import os
import sys
import time

gate_path, log_path, port_path = sys.argv[1], sys.argv[2], sys.argv[3]


def note(what):
    with open(log_path, "a") as log:
        log.write(what + "\n")


class GateHub(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        note("held")
        deadline = time.monotonic() + 60
        while not os.path.exists(gate_path) and time.monotonic() < deadline:
            time.sleep(0.02)
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()
        note("answered")

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GateHub)
with open(port_path + ".tmp", "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(port_path + ".tmp", port_path)
server.serve_forever()
