#!/usr/bin/python3
"""The job `certgate check --format json` does, as a short Python script with
python3-cryptography: read every certificate of a folder of PEM files (or of
a Terraform plan JSON), compute what a report needs (subject, issuer, serial,
SANs, SHA-256 fingerprint, days left, severity against certgate's default
thresholds) and write one JSON report; exit 1 when a certificate expires
within 30 days. The benchmark's Python baseline (bench/run.sh).

usage: check_expiry.py --now 2026-11-30T09:00:00Z (--dir DIR | --plan FILE)
"""

import argparse
import datetime
import json
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes

THRESHOLDS = [(0, "expired"), (7, "critical"), (30, "renew"), (45, "warning"), (90, "notice")]


def load_certificates(data):
    """Every certificate of a PEM text (bytes). python3-cryptography 38 (Debian 12) has only the one-certificate
    loader; `load_pem_x509_certificates` came with 39."""
    if hasattr(x509, "load_pem_x509_certificates"):
        return x509.load_pem_x509_certificates(data)
    end = b"-----END CERTIFICATE-----"
    return [x509.load_pem_x509_certificate(block + end) for block in data.split(end) if b"-----BEGIN" in block]


def not_after_utc(certificate):
    """`not_valid_after_utc` came with python3-cryptography 42; 38 has the naive UTC `not_valid_after`."""
    if hasattr(certificate, "not_valid_after_utc"):
        return certificate.not_valid_after_utc
    return certificate.not_valid_after.replace(tzinfo=datetime.timezone.utc)


def describe(certificate, source, now):
    not_after = not_after_utc(certificate)
    days = (not_after - now).days
    severity = next((name for limit, name in THRESHOLDS if days < limit or (limit == 0 and not_after <= now)), "ok")
    try:
        sans = [f"DNS:{n}" for n in certificate.extensions.get_extension_for_class(
            x509.SubjectAlternativeName).value.get_values_for_type(x509.DNSName)]
    except x509.ExtensionNotFound:
        sans = []
    return {
        "source": source,
        "subject": certificate.subject.rfc4514_string(),
        "issuer": certificate.issuer.rfc4514_string(),
        "serial": format(certificate.serial_number, "x"),
        "sans": sans,
        "fingerprint_sha256": certificate.fingerprint(hashes.SHA256()).hex(),
        "not_after": not_after.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "days_remaining": days,
        "severity": severity,
    }


def pem_strings(value):
    """Every string in a JSON value that holds a PEM certificate."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str) and "-----BEGIN CERTIFICATE-----" in item:
            yield item


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--now", required=True)
    parser.add_argument("--dir")
    parser.add_argument("--plan")
    args = parser.parse_args()
    now = datetime.datetime.fromisoformat(args.now.replace("Z", "+00:00"))
    findings = []
    if args.dir:
        for name in sorted(os.listdir(args.dir)):
            path = os.path.join(args.dir, name)
            with open(path, "rb") as f:
                for certificate in load_certificates(f.read()):
                    findings.append(describe(certificate, path, now))
    if args.plan:
        with open(args.plan, "rb") as f:
            document = json.load(f)
        for text in pem_strings(document):
            for certificate in load_certificates(text.encode()):
                findings.append(describe(certificate, args.plan, now))
    findings.sort(key=lambda f: (f["not_after"], f["subject"], f["source"]))
    failed = any(f["severity"] in ("expired", "critical", "renew") for f in findings)
    json.dump({"findings": findings, "summary": {"certificates": len(findings), "failed": failed}}, sys.stdout)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
