#!/usr/bin/python3
"""Validates JSON responses against the schemas an OpenAPI 3.1 file gives them.

usage: validate_openapi_response.py OPENAPI (PATH STATUS INSTANCE)...
PATH is a GET path template as the file spells it ("/api/certificates/{id}"),
STATUS the response code. References into the other schemas of the
OpenAPI file's folder (by their $id) resolve. Exit 0 when every instance is
valid; 1 with the errors on stderr; 2 when the file has no such response.
"""
import json
import pathlib
import sys

import jsonschema

OPENAPI_URI = "urn:certgate:console-openapi"


def pointer_part(text: str) -> str:
    return text.replace("~", "~0").replace("/", "~1")


def main() -> int:
    if len(sys.argv) < 5 or (len(sys.argv) - 2) % 3 != 0:
        print(__doc__, file=sys.stderr)
        return 2
    openapi_path = sys.argv[1]
    document = json.loads(pathlib.Path(openapi_path).read_text(encoding="utf-8"))
    # RefResolver with a store of documents by URI: jsonschema 4.10 (Debian 12)
    # has no `referencing` registry yet.
    store = {OPENAPI_URI: document}
    for schema_file in pathlib.Path(openapi_path).parent.glob("*.schema.json"):
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        if "$id" in schema:
            store[schema["$id"]] = schema
    for schema in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(schema)
    failed = False
    arguments = sys.argv[2:]
    for at in range(0, len(arguments), 3):
        path, status, instance_path = arguments[at:at + 3]
        try:
            document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
        except KeyError:
            print(f"{openapi_path}: no JSON response {status} for GET {path}", file=sys.stderr)
            return 2
        pointer = "/".join(["#", "paths", pointer_part(path), "get", "responses", status, "content",
                            pointer_part("application/json"), "schema"])
        resolver = jsonschema.RefResolver(base_uri=OPENAPI_URI, referrer=document, store=store)
        validator = jsonschema.Draft202012Validator(
            {"$ref": OPENAPI_URI + pointer}, resolver=resolver,
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        instance = json.loads(pathlib.Path(instance_path).read_text(encoding="utf-8"))
        for error in sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path)):
            failed = True
            location = "/".join(str(part) for part in error.absolute_path)
            print(f"{path} {status}: /{location}: {error.message}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
