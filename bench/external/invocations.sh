#!/usr/bin/env bash
# Times N invocations of `certgate-external certificate` against N of
# `openssl x509 -enddate -noout` on the same certificate, side by side, and
# prints the per-invocation cost and the ratio. The target: certgate-external
# costs no more per invocation than openssl.
#
# usage: bench/external/invocations.sh [BUILD_DIR] [N]   (defaults: build, 1000)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
count=${2:-1000}
program="$build/certgate-external"
[[ -x "$program" ]] || { echo "bench: $program not built (cmake --build $build --target certgate-external)" >&2; exit 2; }
command -v openssl >/dev/null || { echo "bench: openssl not found" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" \
  -out "$work/cert.pem" -days 90 -subj "/CN=bench.example.com" 2>/dev/null
# The bytes Terraform would send (compact, sorted keys, no newline).
printf '{"certificate_file":"cert.pem","now":"2026-11-30T09:00:00Z"}' >"$work/query.json"
cd "$work"

# One run of each first: both must work before anything is timed.
"$program" certificate <query.json >/dev/null
openssl x509 -enddate -noout -in cert.pem >/dev/null

now_ns() { date +%s%N; }

start=$(now_ns)
for ((i = 0; i < count; i++)); do
  "$program" certificate <query.json >/dev/null
done
certgate_ns=$(($(now_ns) - start))

start=$(now_ns)
for ((i = 0; i < count; i++)); do
  openssl x509 -enddate -noout -in cert.pem >/dev/null
done
openssl_ns=$(($(now_ns) - start))

awk -v n="$count" -v c="$certgate_ns" -v o="$openssl_ns" 'BEGIN {
  printf "invocations: %d each\n", n
  printf "certgate-external certificate : %8.3f ms per invocation (%.2f s total)\n", c / n / 1e6, c / 1e9
  printf "openssl x509 -enddate -noout  : %8.3f ms per invocation (%.2f s total)\n", o / n / 1e6, o / 1e9
  printf "ratio certgate-external / openssl: %.2f (target <= 1.00)\n", c / o
}'
