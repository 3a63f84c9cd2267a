"""A TCP relay that dies in the middle of an upload.

    cutproxy.py LISTEN_PORT TARGET_PORT CUT_BYTES

Relays connections on 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT.
Once CUT_BYTES bytes have gone from the clients to the server, it drops
every connection and exits: to the client, the server went away half-way
through what it was sending.  Prints "listening" when ready.
"""
import selectors
import socket
import sys

listen_port, target_port, cut_bytes = (int(a) for a in sys.argv[1:4])
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", listen_port))
listener.listen(8)
selector = selectors.DefaultSelector()
selector.register(listener, selectors.EVENT_READ, None)
peers = {}
sent_up = 0
print("listening", flush=True)

while True:
    for key, _ in selector.select():
        sock = key.fileobj
        if sock is listener:
            client, _ = listener.accept()
            server = socket.create_connection(("127.0.0.1", target_port))
            peers[client], peers[server] = server, client
            selector.register(client, selectors.EVENT_READ, "up")
            selector.register(server, selectors.EVENT_READ, "down")
            continue
        if sock not in peers:
            continue
        other = peers[sock]
        data = sock.recv(65536)
        if not data:
            for s in (sock, other):
                selector.unregister(s)
                s.close()
                del peers[s]
            continue
        other.sendall(data)
        if key.data == "up":
            sent_up += len(data)
            if sent_up >= cut_bytes:
                for s in list(peers):
                    s.close()
                sys.exit(0)
