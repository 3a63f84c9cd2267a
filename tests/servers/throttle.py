#!/usr/bin/env python3
"""A TCP relay on 127.0.0.1 that passes what the client sends to
127.0.0.1:UPSTREAM at no more than RATE bytes a second (answers pass at
full speed), so that a test can stop the server in the middle of an
upload.  Writes its port to PORTFILE once it listens.

usage: throttle.py UPSTREAM RATE PORTFILE
"""
import os
import socket
import struct
import sys
import threading
import time

upstream, rate, port_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
CHUNK = 4096


def pipe(src, dst, limit):
    try:
        while True:
            data = src.recv(CHUNK)
            if not data:
                break
            dst.sendall(data)
            if limit:
                time.sleep(len(data) / limit)
    except OSError:
        pass
    # One side went away: the other sees a reset, as it would if it were
    # talking to the server itself.
    for s in (src, dst):
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
            s.close()
        except OSError:
            pass


def serve(client):
    try:
        server = socket.create_connection(("127.0.0.1", upstream))
    except OSError:
        client.close()
        return
    threading.Thread(target=pipe, args=(client, server, rate),
                     daemon=True).start()
    threading.Thread(target=pipe, args=(server, client, 0),
                     daemon=True).start()


listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(16)
with open(port_path + ".tmp", "w") as f:
    f.write("%d\n" % listener.getsockname()[1])
os.rename(port_path + ".tmp", port_path)
while True:
    conn, _ = listener.accept()
    serve(conn)
