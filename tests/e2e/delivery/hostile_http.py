#!/usr/bin/python3
"""A webhook receiver on 127.0.0.1 that can be hostile, for the delivery tests.

Usage: hostile_http.py PORT_FILE LOG_DIR MODE [--tls CERT KEY] [--while-exists PATH] [--slow MS]

Each request is written to LOG_DIR/NNNNN.req (request line, headers, a blank
line, the body). MODE decides the answer:
  ok            204 No Content
  status:N      that status, a short JSON body
  stall         read the request, never answer (not even the headers)
  drip          a 200 answer sent one byte a second
  drip-body     a 200 whose headers come at once and whose body comes one byte a second
  oversized     200 with a 1 MiB body
  gzip-bomb     200, Content-Encoding: gzip, about 256 KiB of gzip that inflates to 256 MiB
  endless       200 with chunked transfer encoding that never ends
  reset         read the whole request, then reset the connection (RST)
  reset-early   read the request line only, then reset the connection (RST)
With --tls the server speaks HTTPS with that certificate and key. With
--while-exists the server behaves as MODE only while PATH exists, and
answers "ok" otherwise (one server for a faulty run and its clean rerun).
With --slow the server waits MS milliseconds before every answer.
"""
import gzip
import os
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from loopback_server import listen, parse_options, reset, serve_forever, tls_context, write_atomically  # noqa: E402


def bomb():
    # 256 gzip members of 1 MiB of zeros each: a valid gzip stream (RFC 1952
    # allows several members) that inflates to 256 MiB, built in milliseconds.
    member = gzip.compress(b"\0" * (1 << 20), compresslevel=9)
    return member * 256


def main():
    port_file, folder, faulty_mode = sys.argv[1:4]
    args = sys.argv[4:]
    context = None
    switch = None
    slow = 0.0
    for flag, values in parse_options(args, {"--tls": 2, "--while-exists": 1, "--slow": 1}):
        if flag == "--tls":
            context = tls_context(*values)
        elif flag == "--while-exists":
            switch = values[0]
        else:
            slow = int(values[0]) / 1000.0
    payload = bomb() if faulty_mode == "gzip-bomb" else b""
    listener = listen(port_file)
    counter = [0]
    lock = threading.Lock()

    def serve(client):
        mode = faulty_mode if switch is None or os.path.exists(switch) else "ok"
        if context is not None:
            client = context.wrap_socket(client, server_side=True)
        reader = client.makefile("rb")
        if mode == "reset-early":
            reader.readline(65536)
            reset(client)
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
        write_atomically(name, head + body)
        if slow:
            time.sleep(slow)
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
        elif mode == "drip-body":
            client.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 64\r\n\r\n")
            for byte in b"{" + b" " * 62 + b"}":
                client.sendall(bytes([byte]))
                time.sleep(1)
        elif mode == "oversized":
            text = b"[" + b"0," * (1 << 19) + b"0]"
            client.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
                           b"Connection: close\r\n\r\n%s" % (len(text), text))
        elif mode == "gzip-bomb":
            client.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                           b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(payload))
            client.sendall(payload)
        elif mode == "endless":
            client.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"%x\r\n%s\r\n" % (65536, b"x" * 65536)
            while True:
                client.sendall(chunk)
        elif mode == "reset":
            reset(client)
        client.close()

    serve_forever(listener, serve)


if __name__ == "__main__":
    main()
