#!/usr/bin/python3
"""Writes N distinct certificates for the benchmarks, fast: one EC P-256 key
signs them all, each with its own serial, subject, SAN and expiry (spread
over two years from 2026-01-01, so every severity occurs). Either one PEM file
per certificate (--pem-dir) or a Terraform plan JSON holding them all
(--plan), or both. Cached by the caller (bench/run.sh keeps them under
bench/results/, which git ignores).

Needs python3-cryptography (Debian package).
"""

import argparse
import datetime
import json
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def certificates(count):
    key = ec.derive_private_key(20261201, ec.SECP256R1())  # fixed: the same corpus on every machine
    issuer = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "certgate bench CA"),
                        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example")])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    for i in range(count):
        host = f"host{i:06d}.bench.example"
        yield (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host),
                                     x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example")]))
            .issuer_name(issuer)
            .public_key(key.public_key())
            .serial_number(0x1000000 + i)
            .not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=300 + i % 730, seconds=i))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(host), x509.DNSName("www." + host)]),
                           critical=False)
            .sign(key, hashes.SHA256())
            .public_bytes(serialization.Encoding.PEM)
            .decode()
        )


def plan(pems):
    """A `terraform show -json` plan with one tls_locally_signed_cert a certificate."""
    resources = [{
        "address": f"tls_locally_signed_cert.c[{i}]",
        "mode": "managed", "type": "tls_locally_signed_cert", "name": "c", "index": i,
        "provider_name": "registry.terraform.io/hashicorp/tls", "schema_version": 0,
        "values": {"cert_pem": pem, "validity_period_hours": 8760},
        "sensitive_values": {},
    } for i, pem in enumerate(pems)]
    return {"format_version": "1.2", "terraform_version": "1.9.8",
            "planned_values": {"root_module": {"resources": resources}}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--pem-dir", help="write DIR/NNNNNN.pem, one certificate each")
    parser.add_argument("--plan", help="write a plan JSON holding every certificate")
    args = parser.parse_args()
    pems = list(certificates(args.count))
    if args.pem_dir:
        os.makedirs(args.pem_dir, exist_ok=True)
        for i, pem in enumerate(pems):
            with open(os.path.join(args.pem_dir, f"{i:06d}.pem"), "w") as out:
                out.write(pem)
    if args.plan:
        with open(args.plan, "w") as out:
            json.dump(plan(pems), out)


if __name__ == "__main__":
    main()
