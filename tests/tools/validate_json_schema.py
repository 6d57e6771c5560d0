#!/usr/bin/python3
"""Validates JSON instances against a JSON Schema (draft 2020-12 or 07).

usage: validate_json_schema.py SCHEMA INSTANCE...
Exit 0 when every instance is valid; 1 with the errors on stderr otherwise.
"""
import json
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    failed = False
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8") as handle:
            instance = json.load(handle)
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.path)):
            failed = True
            location = "/".join(str(part) for part in error.absolute_path)
            print(f"{path}: /{location}: {error.message}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
