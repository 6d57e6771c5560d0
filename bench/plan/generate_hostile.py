#!/usr/bin/python3
"""Writes a hostile Terraform plan: LEVELS nested objects whose keys are each
KEY_MIB MiB long, once in a skipped section (variables) and once inside a
resource's attributes ending in a PEM string. Issue 12 item 9: before the fix
every level's key was held twice (192 MiB of such keys: 435 MB of memory).

usage: generate_hostile.py OUT [--levels N] [--key-mib M]
"""

import argparse


def nested(levels, key, leaf):
    return "".join('{"%s%d":' % (key, i) for i in range(levels)) + leaf + "}" * levels


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out")
    parser.add_argument("--levels", type=int, default=96)
    parser.add_argument("--key-mib", type=float, default=1.0)
    args = parser.parse_args()
    key = "k" * int(args.key_mib * 1024 * 1024)
    pem = '"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n"'
    with open(args.out, "w", encoding="ascii") as out:
        out.write('{"format_version":"1.2","variables":')
        out.write(nested(args.levels, key, "1"))
        out.write(',"planned_values":{"root_module":{"resources":[{"address":"local_file.a","mode":"managed",'
                  '"type":"local_file","values":{"deep":')
        out.write(nested(args.levels, key, pem))
        out.write("}}]}}}\n")


if __name__ == "__main__":
    main()
