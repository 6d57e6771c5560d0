#!/usr/bin/python3
"""Writes a Terraform plan JSON (`terraform show -json` shape, format 1.2) with
N certificates, streamed to a file or stdout, optionally padded with
certificate-free resources to a target size, and optionally the same
certificates as one PEM file each (for the openssl comparison).

Needs python3-cryptography (Debian package) for the certificates.
"""

import argparse
import datetime
import json
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make_certificates(count, pool):
    key = ec.generate_private_key(ec.SECP256R1())
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    pems = []
    for i in range(min(count, pool)):
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"host{i}.bench.example")])
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(i + 1)
            .not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=30 + i % 700))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(f"host{i}.bench.example")]), critical=False)
            .sign(key, hashes.SHA256())
        )
        pems.append(certificate.public_bytes(serialization.Encoding.PEM).decode())
    return pems


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--certificates", type=int, default=10000)
    parser.add_argument("--pool", type=int, default=0, help="distinct certificates (default: as many as --certificates)")
    parser.add_argument("--size-mb", type=float, default=0, help="pad the plan to about this many MB")
    parser.add_argument("--out", default="-", help="output file, - for stdout")
    parser.add_argument("--extract-dir", help="also write each certificate to DIR/NNNNNN.pem")
    args = parser.parse_args()

    pems = make_certificates(args.certificates, args.pool or args.certificates)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="ascii")
    written = 0

    def emit(text):
        nonlocal written
        out.write(text)
        written += len(text)

    if args.extract_dir:
        os.makedirs(args.extract_dir, exist_ok=True)

    emit('{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{"root_module":{"resources":[')
    changes = []
    for i in range(args.certificates):
        pem = pems[i % len(pems)]
        address = f'module.certs["m{i // 100}"].aws_iam_server_certificate.this[{i % 100}]'
        values = {"name": f"cert-{i}", "certificate_body": pem, "path": "/", "tags": {"team": "bench"}}
        emit(("," if i else "") + json.dumps({
            "address": address, "mode": "managed", "type": "aws_iam_server_certificate", "name": "this",
            "index": i % 100, "provider_name": "registry.terraform.io/hashicorp/aws", "schema_version": 0,
            "values": values, "sensitive_values": {"tags": {}}}, separators=(",", ":")))
        if args.extract_dir:
            with open(os.path.join(args.extract_dir, f"{i:06d}.pem"), "w", encoding="ascii") as pem_file:
                pem_file.write(pem)
        changes.append((address, values))

    # Certificate-free padding: resources with a few KB of ordinary attributes.
    filler = 0
    padding = "x" * 2000
    target = int(args.size_mb * 1024 * 1024)
    while written * 2 < target:  # the resource changes below roughly double the size
        emit("," + json.dumps({
            "address": f"null_resource.pad[{filler}]", "mode": "managed", "type": "null_resource", "name": "pad",
            "index": filler, "provider_name": "registry.terraform.io/hashicorp/null", "schema_version": 0,
            "values": {"id": str(filler), "triggers": {"a": padding, "b": [1, 2, 3], "c": {"d": True}}},
            "sensitive_values": {"triggers": {}}}, separators=(",", ":")))
        filler += 1
    emit(']}},"resource_changes":[')
    for i, (address, values) in enumerate(changes):
        emit(("," if i else "") + json.dumps({
            "address": address, "mode": "managed", "type": "aws_iam_server_certificate", "name": "this",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {"actions": ["no-op"], "before": values, "after": values, "after_unknown": {},
                       "before_sensitive": {"tags": {}}, "after_sensitive": {"tags": {}}}}, separators=(",", ":")))
    for j in range(filler):
        emit("," + json.dumps({
            "address": f"null_resource.pad[{j}]", "mode": "managed", "type": "null_resource", "name": "pad",
            "change": {"actions": ["create"], "before": None,
                       "after": {"triggers": {"a": padding, "b": [1, 2, 3], "c": {"d": True}}},
                       "after_unknown": {"id": True}, "before_sensitive": False, "after_sensitive": {}}},
            separators=(",", ":")))
    emit('],"configuration":{},"errored":false}\n')
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
