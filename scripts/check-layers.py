#!/usr/bin/env python3
"""Fails when an #include in src/ or include/ crosses the layers the wrong way.

The layers and what each may use are read from CMakeLists.txt (the DEPS of
every certgate_layer and certgate_program call), so this check cannot drift
from the build:

- a layer may include its own headers and those of the certgate layers it
  depends on, directly or through them (cli -> app -> {adapters, report} -> core);
- the command-line layers (src/cli/...) may include only cli, app (src/app and
  its sub-layers such as src/app/provider) and core
  headers: they parse options and call app, nothing below it;
- a third-party header (OpenSSL, nlohmann/json, SQLite, Boost, ...) only in a
  layer that names the library in its own DEPS.

Includes listed in scripts/check-layers.known (one "PATH: HEADER" a line,
each with the issue that removes it) are tolerated while the work that removes
them is under way; a listed include that no longer occurs is reported so the
line can go. Nothing may be added to that list.

Usage: scripts/check-layers.py [--root DIR]. Exit 0 when clean, 1 with one
line per offending include, 2 when CMakeLists.txt names a dependency whose
headers this script does not know (add it to THIRD_PARTY_HEADERS).
"""

import argparse
import os
import re
import sys

# The headers each third-party CMake target provides, by include prefix.
# An empty tuple means "provides no headers to police" (POSIX threads).
THIRD_PARTY_HEADERS = {
    "OpenSSL::Crypto": ("openssl/",),
    "OpenSSL::SSL": ("openssl/",),
    "nlohmann_json::nlohmann_json": ("nlohmann/",),
    "PkgConfig::RAPIDJSON": ("rapidjson/",),
    "Boost::program_options": ("boost/",),
    "date::date-tz": ("date/",),
    "date::date": ("date/",),
    "SQLite::SQLite3": ("sqlite3.h",),
    "PkgConfig::HTTPLIB": ("httplib.h",),
    "CURL::libcurl": ("curl/",),
    "PkgConfig::CURL": ("curl/",),
    "PkgConfig::LIBCURL": ("curl/",),
    "PostgreSQL::PostgreSQL": ("libpq-fe.h", "postgresql/"),
    "PkgConfig::LIBPQ": ("libpq-fe.h", "postgresql/"),
    "PkgConfig::PQ": ("libpq-fe.h", "postgresql/"),
    "LibPQ::headers": ("libpq-fe.h", "postgresql/"),
    "Threads::Threads": (),
    "gRPC::grpc++": ("grpcpp/", "grpc/", "grpc++/"),
    "protobuf::libprotobuf-lite": ("google/protobuf/",),
    "protobuf::libprotobuf": ("google/protobuf/",),
    # The C++ generated from proto/ (cmake/proto.cmake), in the build tree.
    "certgate_tfplugin_proto": ("tfplugin6.", "plugin_controller."),
    "msgpackc-cxx": ("msgpack.hpp", "msgpack/"),
}

CALL = re.compile(r"^\s*certgate_(layer|program)\s*\(([^)]*)\)", re.MULTILINE)
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)


class Layer:
    def __init__(self, name, directory, deps, is_program):
        self.name = name
        self.directory = directory
        self.deps = deps
        self.is_program = is_program

    @property
    def is_cli(self):
        return self.directory == "cli" or self.directory.startswith("cli/")


def read_layers(root):
    """The layers declared in CMakeLists.txt, by target name."""
    with open(os.path.join(root, "CMakeLists.txt"), encoding="utf-8") as cmake:
        text = re.sub(r"#[^\n]*", "", cmake.read())
    layers = {}
    for kind, arguments in CALL.findall(text):
        words = arguments.split()
        if len(words) < 2:
            continue
        name = words[0] if kind == "program" else "certgate_" + words[0]
        deps = []
        if "DEPS" in words:
            deps = words[words.index("DEPS") + 1 :]
        layers[name] = Layer(name, words[1], deps, kind == "program")
    return layers


def closure(layers, name):
    """Every certgate layer `name` depends on, directly or through others."""
    seen = set()
    pending = [name]
    while pending:
        for dep in layers[pending.pop()].deps:
            if dep in layers and dep not in seen:
                seen.add(dep)
                pending.append(dep)
    return seen


def layer_of_directory(layers, directory):
    """The layer whose source folder holds `directory` (longest match wins)."""
    best = None
    for layer in layers.values():
        if directory == layer.directory or directory.startswith(layer.directory + "/"):
            if best is None or len(layer.directory) > len(best.directory):
                best = layer
    if best is None:
        # include/certgate/cli/ holds the headers of src/cli/common and friends.
        libraries = [l for l in layers.values() if not l.is_program and l.directory.startswith(directory + "/")]
        if len(libraries) == 1:
            best = libraries[0]
    return best


def layer_of_file(layers, root, path):
    relative = os.path.relpath(path, root)
    parts = relative.split(os.sep)
    if parts[0] == "src":
        return layer_of_directory(layers, "/".join(parts[1:-1]))
    if parts[0] == "include" and len(parts) > 2 and parts[1] == "certgate":
        return layer_of_directory(layers, "/".join(parts[2:-1]))
    return None


def third_party_target(header):
    """The CMake targets whose headers include `header`, or an empty list."""
    return [target for target, prefixes in THIRD_PARTY_HEADERS.items() if any(header.startswith(p) for p in prefixes)]


def read_known(root):
    """The tolerated "PATH: HEADER" pairs of scripts/check-layers.known."""
    known = set()
    path = os.path.join(root, "scripts", "check-layers.known")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as listing:
            for line in listing:
                line = line.split("#", 1)[0].strip()
                if line:
                    file, _, header = line.partition(": ")
                    known.add((file.strip(), header.strip()))
    return known


def offending_includes(root, layers):
    """(path, header, message) for every include that crosses the layers."""
    found = []
    for top in ("include", "src"):
        for folder, _, files in sorted(os.walk(os.path.join(root, top))):
            for file in sorted(files):
                if not file.endswith((".cpp", ".hpp", ".h")):
                    continue
                path = os.path.join(folder, file)
                shown = os.path.relpath(path, root)
                owner = layer_of_file(layers, root, path)
                if owner is None:
                    found.append((shown, "", f"{shown}: not in any layer of CMakeLists.txt"))
                    continue
                allowed = closure(layers, owner.name) | {owner.name}
                own_deps = set(owner.deps)
                if owner.is_cli:
                    # app/provider is an app layer of its own (only the provider links gRPC).
                    allowed = {
                        n
                        for n in allowed
                        if layers[n].is_cli
                        or layers[n].directory in ("app", "core")
                        or layers[n].directory.startswith("app/")
                    }
                    # Programs reach Boost through the cli library they link.
                    own_deps |= {d for n in allowed if layers[n].is_cli for d in layers[n].deps}
                with open(path, encoding="utf-8", errors="replace") as source:
                    text = source.read()
                for line_number, (delimiter, header) in enumerate_includes(text):
                    where = f"{shown}:{line_number}"
                    if delimiter == '"':
                        if header.startswith("certgate/"):
                            target = layer_of_directory(layers, os.path.dirname(header[len("certgate/") :]))
                        else:
                            resolved = os.path.normpath(os.path.join(folder, header))
                            target = layer_of_file(layers, root, resolved) if os.path.exists(resolved) else owner
                        if target is None:
                            found.append((shown, header, f'{where}: includes "{header}", which belongs to no layer'))
                        elif target.name not in allowed:
                            found.append(
                                (
                                    shown,
                                    header,
                                    f'{where}: {owner.name} includes "{header}" of {target.name}, '
                                    f"expected only: {', '.join(sorted(allowed))}",
                                )
                            )
                        continue
                    targets = third_party_target(header)
                    if targets and not any(t in own_deps for t in targets):
                        homes = sorted(l.name for l in layers.values() if any(t in l.deps for t in targets))
                        found.append(
                            (
                                shown,
                                header,
                                f"{where}: {owner.name} includes <{header}>, which belongs only in: "
                                f"{', '.join(homes) if homes else 'no layer'}",
                            )
                        )
    return found


def check(root):
    layers = read_layers(root)
    unknown = sorted(
        {dep for layer in layers.values() for dep in layer.deps if dep not in layers and dep not in THIRD_PARTY_HEADERS}
    )
    if unknown:
        for dep in unknown:
            print(
                f'check-layers: error: CMakeLists.txt: unknown dependency "{dep}": '
                "add the headers it provides to THIRD_PARTY_HEADERS in scripts/check-layers.py"
            )
        return 2
    known = read_known(root)
    found = offending_includes(root, layers)
    problems = [message for file, header, message in found if (file, header) not in known]
    for file, header in sorted(known - {(file, header) for file, header, _ in found}):
        print(f"check-layers: note: {file}: {header} no longer occurs: remove it from scripts/check-layers.known")
    for problem in problems:
        print("check-layers: error: " + problem)
    return 1 if problems else 0


def enumerate_includes(text):
    for match in INCLUDE.finditer(text):
        yield text.count("\n", 0, match.start()) + 1, (match.group(1), match.group(2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    arguments = parser.parse_args()
    return check(os.path.abspath(arguments.root))


if __name__ == "__main__":
    sys.exit(main())
