#!/usr/bin/env bash
# The main job: builds certgate and runs the checker on the bundled examples.
# The examples are pinned to 2026-11-30 09:00 UTC (--now), so they show every
# severity on any day. The gate fails on them by design (exit 1): this script
# reports that and exits 0; it fails only when certgate itself errs (exit 2+).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target certgate certgate-external

now=2026-11-30T09:00:00Z
status=0
./build/certgate check examples/certs --now "$now" || status=$?
echo
case "$status" in
  0) echo "gate passed (exit 0)" ;;
  1) echo "gate failed (exit 1), as expected: the examples include certificates inside the renewal window" ;;
  *) echo "certgate failed with exit status $status" >&2; exit "$status" ;;
esac
