#!/usr/bin/python3
"""The job `certgate check plan.json` does, the way a short Python script
would: json.load the whole plan, walk every string of every resource's
attributes (planned_values, prior_state, resource_changes[].change.after,
modules included), read each PEM certificate with python3-cryptography and
print one line per certificate (address, attribute, not_after). Used by
bench/plan/run.sh as the comparison for plan JSON throughput.

usage: check_plan.py PLAN.json|-
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "certs"))
from check_expiry import load_certificates, not_after_utc  # noqa: E402

BEGIN = "-----BEGIN CERTIFICATE-----"


def strings(value, path):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")


def instances(module):
    for resource in module.get("resources", []):
        yield resource.get("address", ""), resource.get("values") or {}
    for child in module.get("child_modules", []):
        yield from instances(child)


def main():
    source = sys.stdin if sys.argv[1] == "-" else open(sys.argv[1], encoding="utf-8")
    plan = json.load(source)
    found = []
    for section in (plan.get("planned_values"), (plan.get("prior_state") or {}).get("values"), plan.get("values")):
        if section:
            found.extend(instances(section.get("root_module", {})))
    for change in plan.get("resource_changes", []):
        found.append((change.get("address", ""), (change.get("change") or {}).get("after") or {}))
    seen = set()
    out = []
    for address, values in found:
        for path, text in strings(values, ""):
            if BEGIN not in text:
                continue
            for certificate in load_certificates(text.encode()):
                key = (address, path, certificate.fingerprint(certificate.signature_hash_algorithm).hex())
                if key not in seen:
                    seen.add(key)
                    out.append(f"{address}\t{path}\t{not_after_utc(certificate).isoformat()}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
