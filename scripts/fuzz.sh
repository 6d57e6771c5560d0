#!/usr/bin/env bash
# Builds the libFuzzer harnesses under tests/fuzz/ with clang and runs each for
# a bounded time, seeded from the project's own fixtures and examples.
#   scripts/fuzz.sh [--seconds-per-target N] [--only NAME]
# A crash leaves its input in build-fuzz/crashes/NAME/; copy it into
# tests/fuzz/regressions/NAME/ so the normal test suite replays it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds=60
only=""
while (($#)); do
  case "$1" in
    --seconds-per-target) seconds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    *) echo "usage: scripts/fuzz.sh [--seconds-per-target N] [--only NAME]" >&2; exit 2 ;;
  esac
done

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCERTGATE_FUZZ=ON -DCERTGATE_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j "$(nproc)" $(for f in tests/fuzz/*_fuzzer.cpp; do n=$(basename "$f" _fuzzer.cpp); echo "--target fuzz_$n"; done)

seed_dir() {
  local name=$1 dir=build-fuzz/corpus/$1
  mkdir -p "$dir"
  case "$name" in
    certificates) cp examples/certs/* "$dir"/ 2>/dev/null || true ;;
    policy) cp examples/policy/*.json "$dir"/ 2>/dev/null || true ;;
    terraform) cp tests/fixtures/terraform-plans/*.json "$dir"/ 2>/dev/null || true ;;
    external*) cp tests/fuzz/seeds/external/* "$dir"/ 2>/dev/null || true ;;
    declarations) cp examples/declarations/*.json "$dir"/ 2>/dev/null || true ;;
    *) cp tests/fuzz/seeds/"$name"/* "$dir"/ 2>/dev/null || true ;;
  esac
  if [[ -d tests/fuzz/regressions/$name ]]; then cp tests/fuzz/regressions/"$name"/* "$dir"/ 2>/dev/null || true; fi
  echo "$dir"
}

failed=0
for harness in build-fuzz/tests/fuzz/fuzz_*; do
  name=${harness##*/fuzz_}
  [[ -n "$only" && "$name" != "$only" ]] && continue
  corpus=$(seed_dir "$name")
  mkdir -p "build-fuzz/crashes/$name"
  log="build-fuzz/fuzz-$name.log"
  if "$harness" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
      -artifact_prefix="build-fuzz/crashes/$name/" -print_final_stats=1 >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz $name: clean, $runs executions in ${seconds}s"
  else
    echo "fuzz $name: FAILED, see $log and build-fuzz/crashes/$name/" >&2
    tail -30 "$log" >&2
    failed=1
  fi
done
exit "$failed"
