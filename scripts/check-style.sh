#!/usr/bin/env bash
# Style gate of the C++ sources, run by scripts/test.sh after the build:
# - clang-format: every tracked .cpp/.hpp (src, include, tests, bench, fuzz)
#   must be formatted as the committed .clang-format says;
# - clang-tidy: every translation unit of src/ with the checks of .clang-tidy,
#   on BUILD_DIR's compile_commands.json (the build generates headers such as
#   certgate/core/version.hpp, so it must have run first).
# Usage: scripts/check-style.sh [--changed REV] [BUILD_DIR] (default: build).
# --changed REV checks only the files changed since REV (quick, before a commit):
#   clang-format on those files, clang-tidy on the changed units of src/ and
#   on every unit that includes a changed header (by BUILD_DIR's *.o.d files).
# Exits 1 on any finding.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
since=""
if [[ "${1:-}" == "--changed" ]]; then
  since=$(git merge-base "${2:?"check-style: --changed needs a revision, e.g. main"}" HEAD)
  shift 2
fi
build_dir=${1:-build}
jobs=$(nproc)

tool() { # the versioned name Debian installs when the plain one is absent
  command -v "$1" 2>/dev/null || command -v "$1-14" 2>/dev/null || {
    echo "check-style: $1 is not installed; run scripts/install-deps.sh --with-test-tools" >&2
    exit 1
  }
}
clang_format=$(tool clang-format)
run_clang_tidy=$(tool run-clang-tidy)
clang_tidy=$(tool clang-tidy)

if [[ ! -f "$build_dir/compile_commands.json" ]]; then
  echo "check-style: $build_dir/compile_commands.json is missing; configure and build first" >&2
  exit 1
fi

files() { # tracked files matching the patterns (changed since $since when given), NUL-separated
  if [[ -n "$since" ]]; then
    git diff -z --name-only --diff-filter=d "$since" -- "$@"
  else
    git ls-files -z -- "$@"
  fi
}

status=0
echo "-- clang-format"
if ! files '*.cpp' '*.hpp' | xargs -0 -r "$clang_format" --dry-run --Werror; then
  echo "check-style: the files above are not formatted; run clang-format -i on them" >&2
  status=1
fi

# The units to tidy with --changed: the changed ones, and every unit of src/
# that includes a changed header, directly or not (clang-tidy sees a header
# only through a unit; the build's dependency files, *.o.d, list each unit's
# headers). One per line.
changed_units() {
  files 'src/*.cpp' | tr '\0' '\n'
  files 'src/*.hpp' 'src/*.h' 'include/*.hpp' 'include/*.h' | tr '\0' '\n' | while IFS= read -r header; do
    grep -rlE --include='*.o.d' -e "/${header//./\\.}( |$)" "$build_dir" 2>/dev/null || true
  done | sed -nE 's#^.*/CMakeFiles/[^/]+\.dir/(src/.*\.cpp)\.o\.d$#\1#p'
}

echo "-- clang-tidy (.clang-tidy checks, src/)"
if [[ -n "$since" ]]; then
  unit_list=$(changed_units | sort -u | while IFS= read -r unit; do if [[ -f "$unit" ]]; then echo "$unit"; fi; done)
  units=$(grep -c . <<<"$unit_list" || true)
  # one alternative per unit
  pattern="^$root/($(tr '\n' '|' <<<"$unit_list" | sed 's/|$//; s/\./\\./g'))$"
else
  units=$(files 'src/*.cpp' | tr -cd '\0' | wc -c)
  pattern="^$root/src/.*\.cpp$"
fi
if ((units == 0)); then
  echo "check-style: no translation unit of src/ to tidy"
  exit "$status"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$run_clang_tidy" -quiet -clang-tidy-binary "$clang_tidy" -p "$build_dir" -j "$jobs" \
  "$pattern" >"$log" 2>&1; then
  grep -E '(warning|error):' "$log" | sort -u >&2 || cat "$log" >&2
  echo "check-style: clang-tidy found the problems above (checks in .clang-tidy)" >&2
  exit 1
fi
if ((status != 0)); then
  exit "$status"
fi
echo "check-style: clang-format and clang-tidy are clean ($units translation units)"
