#!/usr/bin/env python3
"""Serves one certificate on N loopback TLS ports from one process (asyncio).

Writes the chosen ports, one a line, to --ports-file once every listener is
up, then serves until killed. Only 127.0.0.1 is used.
"""
import argparse
import asyncio
import ssl


async def handle(reader, writer):
    try:
        await asyncio.wait_for(reader.read(1), timeout=10)
    except (asyncio.TimeoutError, ConnectionError, ssl.SSLError, OSError):
        pass
    finally:
        writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--ports-file", required=True)
    args = parser.parse_args()

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(args.cert, args.key)
    servers = []
    for _ in range(args.count):
        servers.append(await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context, backlog=256))
    ports = [server.sockets[0].getsockname()[1] for server in servers]
    with open(args.ports_file + ".tmp", "w", encoding="ascii") as out:
        out.write("".join(f"{port}\n" for port in ports))
    import os
    os.replace(args.ports_file + ".tmp", args.ports_file)
    await asyncio.Event().wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
