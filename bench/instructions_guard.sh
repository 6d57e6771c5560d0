#!/usr/bin/env bash
# Regression guard on instructions, never on wall time: counts what
# `certgate check` executes under valgrind's callgrind on two small corpora of
# distinct certificates (bench/certs/generate.py) and fails when the
# instructions per additional certificate exceed 3x the committed figure in
# bench/instructions-baseline.txt. The difference of two runs cancels the
# start-up cost, so the figure is the per-certificate work alone.
#
#   bench/instructions_guard.sh CERTGATE_BINARY [--sanitized]
#
# Exit 77 (CTest's skip) with one line when valgrind or python3-cryptography
# is missing, or the binary is built with sanitizers (valgrind cannot run
# those); with CERTGATE_REQUIRE_PEERS=1 (as .ci/run sets) a missing tool fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
certgate=${1:?usage: instructions_guard.sh CERTGATE_BINARY [--sanitized]}
skip() {
  if [[ "${CERTGATE_REQUIRE_PEERS:-}" == 1 && "$1" != sanitized ]]; then
    echo "instructions guard: $2 (CERTGATE_REQUIRE_PEERS=1 makes this a failure)" >&2
    exit 1
  fi
  echo "instructions guard skipped: $2"
  exit 77
}
[[ "${2:-}" == --sanitized ]] && skip sanitized "a sanitizer build cannot run under valgrind"
command -v valgrind >/dev/null || skip tool "valgrind is not installed (apt-get install valgrind)"
/usr/bin/python3 -c 'import cryptography' 2>/dev/null || skip tool "python3-cryptography is not installed"

baseline=$(awk '$1 == "instructions_per_certificate" {print $2}' "$here/instructions-baseline.txt")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
small=20
large=220
/usr/bin/python3 "$here/certs/generate.py" --count "$small" --pem-dir "$work/small"
/usr/bin/python3 "$here/certs/generate.py" --count "$large" --pem-dir "$work/large"

instructions() {
  local out
  out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$certgate" check "$1" --jobs 1 \
    --now 2026-11-30T09:00:00Z --format json --output "$work/report.json" 2>&1 >/dev/null || true)
  [[ -s "$work/report.json" ]] || { echo "instructions guard: certgate wrote no report for $1" >&2; exit 1; }
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' <<<"$out"
}
first=$(instructions "$work/small")
second=$(instructions "$work/large")
[[ -n "$first" && -n "$second" ]] || { echo "instructions guard: callgrind printed no count" >&2; exit 1; }
per=$(((second - first) / (large - small)))
limit=$((baseline * 3))
echo "instructions per certificate: $per (committed figure $baseline, limit $limit)"
if ((per > limit)); then
  echo "instructions guard: $per instructions per certificate is over 3x the committed $baseline;" \
    "profile with valgrind --tool=callgrind and see bench/README.md" >&2
  exit 1
fi
