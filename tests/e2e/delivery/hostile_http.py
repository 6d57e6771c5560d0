#!/usr/bin/python3
"""A webhook receiver on 127.0.0.1 that can be hostile, for the delivery tests.

Usage: hostile_http.py PORT_FILE LOG_DIR MODE [--tls CERT KEY]

Each request is written to LOG_DIR/NNNNN.req (request line, headers, a blank
line, the body). MODE decides the answer:
  ok            204 No Content
  status:N      that status, a short JSON body
  stall         read the request, never answer
  drip          a 200 answer sent one byte a second
  gzip-bomb     200, Content-Encoding: gzip, about 256 KiB of gzip that inflates to 256 MiB
  endless       200 with chunked transfer encoding that never ends
  reset-early   read the request line only, then reset the connection (RST)
With --tls the server speaks HTTPS with that certificate and key.
"""
import gzip
import os
import socket
import ssl
import struct
import sys
import threading
import time


def bomb():
    # 256 gzip members of 1 MiB of zeros each: a valid gzip stream (RFC 1952
    # allows several members) that inflates to 256 MiB, built in milliseconds.
    member = gzip.compress(b"\0" * (1 << 20), compresslevel=9)
    return member * 256


def main():
    port_file, folder, mode = sys.argv[1:4]
    context = None
    if len(sys.argv) > 4 and sys.argv[4] == "--tls":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(sys.argv[5], sys.argv[6])
    payload = bomb() if mode == "gzip-bomb" else b""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    with open(port_file + ".tmp", "w") as out:
        out.write(str(listener.getsockname()[1]))
    os.rename(port_file + ".tmp", port_file)
    counter = [0]
    lock = threading.Lock()

    def serve(client):
        try:
            if context is not None:
                client = context.wrap_socket(client, server_side=True)
            reader = client.makefile("rb")
            if mode == "reset-early":
                reader.readline(65536)
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                client.close()
                return
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                line = reader.readline(65536)
                if not line:
                    return
                head += line
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            body = reader.read(length)
            with lock:
                counter[0] += 1
                name = os.path.join(folder, "%05d.req" % counter[0])
            with open(name + ".tmp", "wb") as out:
                out.write(head + body)
            os.rename(name + ".tmp", name)
            if mode == "ok":
                client.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
            elif mode.startswith("status:"):
                text = b'{"error":"no"}'
                client.sendall(b"HTTP/1.1 %s Status\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                               b"Connection: close\r\n\r\n%s" % (mode[7:].encode(), len(text), text))
            elif mode == "stall":
                time.sleep(3600)
            elif mode == "drip":
                for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}":
                    client.sendall(bytes([byte]))
                    time.sleep(1)
            elif mode == "gzip-bomb":
                client.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                               b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(payload))
                client.sendall(payload)
            elif mode == "endless":
                client.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                chunk = b"%x\r\n%s\r\n" % (65536, b"x" * 65536)
                while True:
                    client.sendall(chunk)
        except OSError:
            pass
        finally:
            try:
                client.close()
            except OSError:
                pass

    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client,), daemon=True).start()


if __name__ == "__main__":
    main()
