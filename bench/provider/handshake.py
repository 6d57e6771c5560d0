#!/usr/bin/python3
"""Starts terraform-provider-certgate the way Terraform does (go-plugin's
environment: magic cookie, PLUGIN_PROTOCOL_VERSIONS=6, a fresh ECDSA P-521
self-signed client certificate in PLUGIN_CLIENT_CERT, a port range), times
each start until the handshake line is on its stdout, then stops it with
SIGTERM (the way Terraform ends a provider it no longer needs is Shutdown;
SIGTERM takes the same path in the plugin). Prints one JSON line: median,
minimum and maximum milliseconds over --starts starts, and with --callgrind
the instructions of one more start under valgrind's callgrind (the whole
process: start, handshake, and the stop after SIGTERM, every thread).

usage: handshake.py [--starts N] [--callgrind] PROVIDER
Needs python3-cryptography (Debian package).
"""

import argparse
import datetime
import json
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
HANDSHAKE = re.compile(rb"^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+$")


def client_certificate():
    """What Terraform makes per run: ECDSA P-521, self-signed, CN localhost."""
    key = ec.generate_private_key(ec.SECP521R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(seconds=30))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
                   .sign(key, hashes.SHA512()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def plugin_environment():
    environment = dict(os.environ)
    environment.update({"TF_PLUGIN_MAGIC_COOKIE": COOKIE, "PLUGIN_PROTOCOL_VERSIONS": "6",
                        "PLUGIN_MIN_PORT": "10000", "PLUGIN_MAX_PORT": "25000",
                        "PLUGIN_CLIENT_CERT": client_certificate()})
    return environment


def start_once(command, environment, stderr, timeout_s=120):
    """Seconds from spawn to the handshake line; stops the plugin and checks it exits 0."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=stderr)
    line = b""
    while not line.endswith(b"\n"):
        ready, _, _ = select.select([process.stdout], [], [], max(0.0, started + timeout_s - time.perf_counter()))
        chunk = os.read(process.stdout.fileno(), 4096) if ready else b""
        if not chunk:
            process.kill()
            process.wait()
            sys.exit(f"handshake: {command[0]} gave no handshake line (stdout closed or {timeout_s} s passed)")
        line += chunk
    elapsed = time.perf_counter() - started
    if not HANDSHAKE.match(line.rstrip(b"\n")):
        process.kill()
        process.wait()
        sys.exit("handshake: the first line on stdout is not a go-plugin handshake line")
    process.send_signal(signal.SIGTERM)
    status = process.wait(timeout=timeout_s)
    process.stdout.close()
    if status != 0:
        sys.exit(f"handshake: {command[0]} exited with {status} after SIGTERM")
    return elapsed


def instructions(provider, environment):
    with tempfile.TemporaryFile() as log:
        start_once(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", provider], environment, log)
        log.seek(0)
        match = re.search(rb"Collected : (\d+)", log.read())
    return int(match.group(1)) if match else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=20)
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("provider")
    args = parser.parse_args()
    environment = plugin_environment()
    times = [start_once([args.provider], environment, subprocess.DEVNULL) for _ in range(args.starts)]
    result = {"starts": args.starts, "median_ms": round(statistics.median(times) * 1000, 1),
              "min_ms": round(min(times) * 1000, 1), "max_ms": round(max(times) * 1000, 1)}
    if args.callgrind:
        result["instructions"] = instructions(args.provider, environment)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
