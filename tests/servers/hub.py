#!/usr/bin/env python3
"""A tiny WebSub hub for the tests: every POST is appended to LOG as one
line, "CONTENT-TYPE BODY", and answered 202 Accepted (WebSub, section 7).
It listens on 127.0.0.1 on PORT, or on a free port, which it writes to
PORTFILE once it is ready.

usage: hub.py LOG PORTFILE [PORT]
"""
import http.server
import os
import sys

log_path, port_path = sys.argv[1], sys.argv[2]
port = int(sys.argv[3]) if len(sys.argv) > 3 else 0


class Hub(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8", "replace")
        with open(log_path, "a") as log:
            log.write("%s %s\n" % (self.headers.get("Content-Type"), body))
        self.send_response(202)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", port), Hub)
with open(port_path + ".tmp", "w") as f:
    f.write("%d\n" % server.server_address[1])
os.rename(port_path + ".tmp", port_path)
server.serve_forever()
