#!/usr/bin/env bash
# Builds the Debian package dist/certgate_<version>-1_<arch>.deb (CPack DEB;
# Depends computed by dpkg-shlibdeps, so dpkg-dev must be installed).
#   scripts/package.sh [BUILD_DIR]
# BUILD_DIR (default: build-package) is configured as a RelWithDebInfo build
# without tests when it does not exist yet; an existing build folder (such as
# the test suite's) is packaged as it is. The package path is the last line
# printed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${1:-$root/build-package}")

for tool in dpkg-shlibdeps help2man python3; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "package: $tool is missing: run scripts/install-deps.sh --with-test-tools (dpkg-dev, help2man, python3)" >&2
    exit 2
  fi
done
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCERTGATE_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target certgate certgate-external certgate_man certgate_completions >/dev/null
# Reproducible man page dates: the last commit's time when built from git.
if [[ -z "${SOURCE_DATE_EPOCH:-}" ]] && git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  SOURCE_DATE_EPOCH=$(git -C "$root" log -1 --format=%ct)
  export SOURCE_DATE_EPOCH
fi
dist="$build/dist"
rm -rf "$dist"
(cd "$build" && cpack -G DEB -B "$dist" >/dev/null)
package=$(find "$dist" -maxdepth 1 -name 'certgate_*.deb' -print -quit)
if [[ -z "$package" ]]; then
  echo "package: cpack wrote no certgate_*.deb into $dist" >&2
  exit 1
fi
echo "$package"
