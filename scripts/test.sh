#!/usr/bin/env bash
# Checks the include layering (scripts/check-layers.py), builds certgate with
# warnings as errors and runs the whole test suite: the normal build, then
# (unless CERTGATE_SKIP_SANITIZERS=1) the suite again under AddressSanitizer
# and UndefinedBehaviorSanitizer, then short fuzz runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/install-deps.sh --with-test-tools
# HashiCorp's HCL parser for the tests of examples/terraform/ (pinned in package-lock.json).
npm --prefix tests/tools/hcl ci --no-audit --no-fund
npm --prefix tests/browser ci --no-audit --no-fund
jobs=$(nproc)
# ccache (installed with the test tools) keeps compiled objects across runs in
# ~/.cache/ccache; CCACHE_BASEDIR makes its keys independent of where the
# repository is cloned, so a fresh clone of an unchanged tree compiles nothing.
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

# The real tofu and terraform of tests/e2e/terraform_real, built from their Go
# modules into a cache keyed by version (docs/development.md). It never fails
# the run: without Go those tests skip, and CERTGATE_REQUIRE_PEERS=1 (CI)
# turns the skip into a failure.
echo "== Terraform peers (tofu, terraform)"
scripts/install-terraform-peers.sh || echo "test.sh: scripts/install-terraform-peers.sh failed; the real-Terraform tests will skip"
# actionlint (Go module) and pre-commit (PyPI) for tests/e2e/packaging, cached the same way.
echo "== packaging tool peers (actionlint, pre-commit)"
scripts/install-tool-peers.sh || echo "test.sh: scripts/install-tool-peers.sh failed; the packaging tests will skip"

echo "== layer check (includes follow cli -> app -> {adapters, report} -> core)"
python3 scripts/check-layers.py
echo "== build (warnings as errors)"
# No debug information in CI's builds: they exist to run the tests
# (CERTGATE_DEBUG_INFO in cmake/warnings.cmake); the sanitizer build keeps line
# tables for its stack traces.
cmake -S . -B build -DCERTGATE_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCERTGATE_DEBUG_INFO=none \
  "${launcher[@]}" >/dev/null
cmake --build build -j "$jobs"
echo "== style (clang-format, clang-tidy)"
scripts/check-style.sh build
echo "== tests"
ctest --test-dir build --output-on-failure -j "$jobs" --timeout 600

if [[ "${CERTGATE_SKIP_SANITIZERS:-0}" != 1 ]]; then
  echo "== build with AddressSanitizer and UndefinedBehaviorSanitizer"
  cmake -S . -B build-sanitize -DCERTGATE_WERROR=ON -DCERTGATE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug \
    -DCERTGATE_DEBUG_INFO=lines "${launcher[@]}" >/dev/null
  cmake --build build-sanitize -j "$jobs"
  echo "== tests under sanitizers"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-sanitize --output-on-failure -j "$jobs" --timeout 900
fi

if [[ -x scripts/fuzz.sh && "${CERTGATE_SKIP_FUZZ:-0}" != 1 ]]; then
  echo "== short fuzz runs"
  scripts/fuzz.sh --seconds-per-target "${CERTGATE_FUZZ_SECONDS:-8}"
fi
