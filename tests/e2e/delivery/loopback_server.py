"""The listening and serving loop shared by the hostile loopback servers of
the delivery tests (hostile_smtp.py, hostile_http.py)."""
import os
import socket
import ssl
import struct
import threading


def parse_options(args, arity):
    """ARGS as (flag, values) pairs in order; ARITY maps every flag a server
    knows to the number of values that follow it."""
    pairs = []
    while args:
        flag = args[0]
        if flag not in arity:
            raise SystemExit("unknown argument " + flag)
        count = arity[flag]
        pairs.append((flag, args[1:1 + count]))
        args = args[1 + count:]
    return pairs


def tls_context(cert, key):
    """A server-side TLS context presenting CERT with KEY."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def listen(port_file):
    """A socket listening on an ephemeral port of 127.0.0.1, whose number is
    written to PORT_FILE once it listens (atomically: the test polls for it)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    with open(port_file + ".tmp", "w") as out:
        out.write(str(listener.getsockname()[1]))
    os.rename(port_file + ".tmp", port_file)
    return listener


def reset(connection):
    """Closes CONNECTION with a TCP reset (RST) rather than an orderly FIN."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def write_atomically(path, data):
    """Writes DATA to PATH so that a reader sees all of it or nothing."""
    with open(path + ".tmp", "wb") as out:
        out.write(data)
    os.rename(path + ".tmp", path)


def serve_forever(listener, serve):
    """Calls SERVE(client) on a thread of its own for every connection; a
    peer that goes away is the peer's business, and the socket is closed
    whatever SERVE did with it."""

    def run(client):
        try:
            serve(client)
        except OSError:
            pass
        finally:
            try:
                client.close()
            except OSError:
                pass

    while True:
        client, _ = listener.accept()
        threading.Thread(target=run, args=(client,), daemon=True).start()
