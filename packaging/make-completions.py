#!/usr/bin/env python3
"""Writes the bash and zsh completions of certgate from its own --help.

Run at build time (CMake target `completions`) against the binary just
built, so the completions list exactly the commands and options of the
option tables behind --help; nothing is written by hand that could drift.

  make-completions.py CERTGATE OUTPUT_DIR

Reads `certgate --help` (the commands), `certgate COMMAND --help` and, for
commands with sub-commands (`recipients list|verify|reset`, `huaweicloud
sync`), `certgate COMMAND SUB --help`. An option shown with `arg` takes a
value; when its description ends in a list of plain words ("report format,
repeatable: text, json, …") those words are offered, else file names.
Writes OUTPUT_DIR/certgate.bash and OUTPUT_DIR/_certgate.
"""

import os
import re
import subprocess
import sys

OPTION = re.compile(r"^  (?:-(\w) \[ )?--([a-z0-9][a-z0-9-]*)(?: \])?( arg)?(?:\s+(.*))?$")
COMMAND = re.compile(r"^  ([a-z][a-z0-9-]*)\s{2,}(.*)$")
WORD = re.compile(r"^[a-z][a-z0-9-]*$")


def run_help(binary, *words):
    done = subprocess.run([binary, *words, "--help"], capture_output=True, text=True, timeout=30, check=False)
    if done.returncode != 0:
        sys.exit(f"make-completions: {' '.join([binary, *words, '--help'])} exited {done.returncode}")
    return done.stdout


def options_of(text):
    """[(name, takes_value, [values])] in the order --help shows them."""
    options = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        match = OPTION.match(line)
        if not match:
            continue
        description = match.group(4) or ""
        # Descriptions wrap onto indented continuation lines.
        for following in lines[number + 1 :]:
            if following.startswith(" " * 10) and not OPTION.match(following):
                description += " " + following.strip()
            else:
                break
        values = []
        if match.group(3) and ": " in description:
            words = [w.strip().removesuffix(" (default)") for w in description.rsplit(": ", 1)[1].split(",")]
            if words and all(WORD.match(w) for w in words):
                values = words
        options.append((match.group(2), bool(match.group(3)), values))
    return options


def read_commands(binary):
    top = run_help(binary)
    commands = {}
    in_commands = False
    for line in top.splitlines():
        if line.strip() == "commands:":
            in_commands = True
            continue
        if in_commands:
            match = COMMAND.match(line)
            if not match:
                break
            commands[match.group(1)] = {"description": match.group(2), "subcommands": [], "options": []}
    if not commands:
        sys.exit("make-completions: certgate --help listed no commands")
    for name, command in commands.items():
        text = run_help(binary, name)
        subcommands = []
        for sub in re.findall(rf"certgate {name} ([a-z][a-z0-9-]*)", text):
            if sub not in subcommands:
                subcommands.append(sub)
        command["subcommands"] = subcommands
        seen = {}
        for source in [text] + [run_help(binary, name, sub) for sub in subcommands]:
            for option, takes_value, values in options_of(source):
                seen.setdefault(option, (takes_value, values))
        command["options"] = [(o, t, v) for o, (t, v) in seen.items()]
    return commands


def bash_script(commands):
    out = [
        "# bash completion for certgate, generated from its --help by packaging/make-completions.py.",
        "_certgate() {",
        '    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}',
        "    local command=${COMP_WORDS[1]}",
        "    if ((COMP_CWORD == 1)); then",
        f'        COMPREPLY=($(compgen -W "{" ".join(commands)} --help --version" -- "$cur"))',
        "        return",
        "    fi",
        '    case "$command" in',
    ]
    for name, command in commands.items():
        out.append(f"    {name})")
        if command["subcommands"]:
            out.append("        if ((COMP_CWORD == 2)); then")
            out.append(f'            COMPREPLY=($(compgen -W "{" ".join(command["subcommands"])}" -- "$cur"))')
            out.append("            return")
            out.append("        fi")
        out.append('        case "$prev" in')
        with_files = []
        for option, takes_value, values in command["options"]:
            if takes_value and values:
                out.append(f'        --{option}) COMPREPLY=($(compgen -W "{" ".join(values)}" -- "$cur")); return ;;')
            elif takes_value:
                with_files.append("--" + option)
        if with_files:
            out.append(f"        {'|'.join(with_files)})")
            out.append('            COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;')
        out.append("        esac")
        names = " ".join("--" + option for option, _, _ in command["options"])
        out.append('        if [[ "$cur" == -* ]]; then')
        out.append(f'            COMPREPLY=($(compgen -W "{names}" -- "$cur"))')
        out.append("        else")
        out.append('            COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null')
        out.append("        fi")
        out.append("        ;;")
    out += ["    esac", "}", "complete -F _certgate certgate", ""]
    return "\n".join(out)


def zsh_quote(text):
    return text.replace("'", "'\\''").replace("[", "\\[").replace("]", "\\]").replace(":", "\\:")


def zsh_script(commands):
    out = [
        "#compdef certgate",
        "# zsh completion for certgate, generated from its --help by packaging/make-completions.py.",
        "_certgate() {",
        "    local -a commands",
        "    commands=(",
    ]
    for name, command in commands.items():
        out.append(f"        '{name}:{zsh_quote(command['description'])}'")
    out += [
        "    )",
        "    if (( CURRENT == 2 )); then",
        "        _describe -t commands 'certgate command' commands",
        "        return",
        "    fi",
        "    case $words[2] in",
    ]
    for name, command in commands.items():
        out.append(f"    ({name})")
        specs = []
        for option, takes_value, values in command["options"]:
            if takes_value:
                action = f"({' '.join(values)})" if values else "_files"
                specs.append(f"'*--{option}=[{option}]:value:{action}'")
            else:
                specs.append(f"'--{option}[{option}]'")
        if command["subcommands"]:
            specs.append(f"'1:sub-command:({' '.join(command['subcommands'])})'")
        specs.append("'*:file:_files'")
        out.append("        _arguments -s \\")
        out.append("            " + " \\\n            ".join(specs))
        out.append("        ;;")
    out += ["    esac", "}", '_certgate "$@"', ""]
    return "\n".join(out)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make-completions.py CERTGATE OUTPUT_DIR")
    binary, output = sys.argv[1], sys.argv[2]
    commands = read_commands(binary)
    os.makedirs(output, exist_ok=True)
    for name, text in (("certgate.bash", bash_script(commands)), ("_certgate", zsh_script(commands))):
        with open(os.path.join(output, name), "w", encoding="utf-8") as file:
            file.write(text)


if __name__ == "__main__":
    main()
