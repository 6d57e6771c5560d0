#!/usr/bin/env bash
# Builds the libFuzzer harnesses under tests/fuzz/ with clang and runs each for
# a bounded time, one after the other, seeded from the project's own fixtures
# and examples (see docs/fuzzing.md).
#   scripts/fuzz.sh [--seconds-per-target N] [--only NAME] [--jobs N]
# NAME is the harness's file name without _fuzzer.cpp (time, policy, dates,
# certificates, terraform, hosts, external, declarations, smtp_replies,
# webhook_responses, mime, starttls, msgpack_value, tfjson).
# The corpus grows in build-fuzz/corpus/NAME/ across runs. A crash, leak,
# timeout or out-of-memory leaves its input in build-fuzz/crashes/NAME/; once
# the bug is fixed, copy the input into tests/fuzz/regressions/NAME/ so the
# normal test suite (unit_app, FuzzRegressions) replays it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds=60
only=""
jobs=$(nproc)
while (($#)); do
  case "$1" in
    --seconds-per-target) seconds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    *) echo "usage: scripts/fuzz.sh [--seconds-per-target N] [--only NAME] [--jobs N]" >&2; exit 2 ;;
  esac
done

names=()
for f in tests/fuzz/*_fuzzer.cpp; do
  n=$(basename "$f" _fuzzer.cpp)
  [[ -n "$only" && "$n" != "$only" ]] && continue
  names+=("$n")
done
if ((${#names[@]} == 0)); then
  echo "scripts/fuzz.sh: no harness tests/fuzz/${only}_fuzzer.cpp" >&2
  exit 2
fi

launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCERTGATE_FUZZ=ON -DCERTGATE_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
# Only the harnesses and the layers they link are built (not the programs).
target=fuzz_all
[[ -n "$only" ]] && target=fuzz_$only
# Keep going past a layer that does not compile, so that every harness that
# can be built still runs; the script fails at the end either way.
keep_going=(-k)
grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja' build-fuzz/CMakeCache.txt && keep_going=(-k 0)
start=$SECONDS
build_failed=0
if ! cmake --build build-fuzz -j "$jobs" --target "$target" -- "${keep_going[@]}"; then
  build_failed=1
fi
echo "fuzz build: $((SECONDS - start))s"

seed_dir() {
  local name=$1 dir=build-fuzz/corpus/$1
  mkdir -p "$dir"
  cp tests/fuzz/seeds/"$name"/* "$dir"/ 2>/dev/null || true
  case "$name" in
    certificates) cp examples/certs/*.pem examples/certs/*.der "$dir"/ 2>/dev/null || true ;;
    policy) cp examples/policy/*.json "$dir"/ 2>/dev/null || true ;;
    dates) cp examples/policy/*.ics examples/policy/*.txt "$dir"/ 2>/dev/null || true ;;
    terraform) cp tests/fixtures/terraform-plans/*.json "$dir"/ 2>/dev/null || true ;;
    declarations) cp tests/fixtures/terraform-plans/*state*.json "$dir"/ 2>/dev/null || true ;;
  esac
  if [[ -d tests/fuzz/regressions/$name ]]; then cp tests/fuzz/regressions/"$name"/* "$dir"/ 2>/dev/null || true; fi
  echo "$dir"
}

failed=0
for name in "${names[@]}"; do
  harness=build-fuzz/tests/fuzz/fuzz_$name
  if [[ ! -x "$harness" ]]; then
    echo "fuzz $name: NOT BUILT (see the build errors above)" >&2
    failed=1
    continue
  fi
  corpus=$(seed_dir "$name")
  mkdir -p "build-fuzz/crashes/$name"
  log="build-fuzz/fuzz-$name.log"
  # stdin is /dev/null so that an input naming /dev/stdin cannot block.
  if ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
      "$harness" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
      -artifact_prefix="build-fuzz/crashes/$name/" -print_final_stats=1 </dev/null >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz $name: clean, $runs executions in ${seconds}s ($rate/s)"
  else
    echo "fuzz $name: FAILED, see $log and build-fuzz/crashes/$name/" >&2
    tail -40 "$log" >&2
    failed=1
  fi
done
if ((build_failed)); then
  echo "fuzz build: FAILED; harnesses that built may be stale" >&2
  failed=1
fi
exit "$failed"
