#!/usr/bin/env bash
# Benchmark: `certgate check --hosts-file` with --concurrency 50 beside
# ssl-cert-check (Debian package) over the same 200 loopback TLS endpoints.
#
#   bench/hosts/run.sh [BUILD_DIR]     (default: build)
#
# Environment: COUNT (endpoints, 200), CONCURRENCY (50).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build}"
count="${COUNT:-200}"
concurrency="${CONCURRENCY:-50}"
certgate="$build/certgate"

if ! command -v ssl-cert-check >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y --no-install-recommends ssl-cert-check >/dev/null
  else
    echo "bench: ssl-cert-check is missing; run: sudo apt-get install ssl-cert-check" >&2
    exit 1
  fi
fi
if [[ ! -x "$certgate" ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target certgate -j"$(nproc)" >/dev/null
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 60 \
  -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

/usr/bin/python3 "$here/serve_tls.py" --count "$count" --cert "$work/cert.pem" --key "$work/key.pem" \
  --ports-file "$work/ports.txt" &
server_pid=$!
for _ in $(seq 1 100); do [[ -s "$work/ports.txt" ]] && break; sleep 0.1; done
[[ -s "$work/ports.txt" ]] || { echo "bench: the TLS server did not start" >&2; exit 1; }

sed 's/^/localhost:/' "$work/ports.txt" >"$work/certgate-hosts.txt"
sed 's/^/localhost /' "$work/ports.txt" >"$work/ssl-cert-check-hosts.txt"

now() { date +%s.%N; }

start=$(now)
set +e
"$certgate" check --hosts-file "$work/certgate-hosts.txt" --concurrency "$concurrency" \
  --ca-file "$work/cert.pem" --format json --output "$work/certgate.json" --format text --color never \
  >"$work/certgate.txt" 2>"$work/certgate.err"
certgate_status=$?
set -e
certgate_seconds=$(awk -v a="$(now)" -v b="$start" 'BEGIN { print a - b }')

start=$(now)
set +e
ssl-cert-check -b -f "$work/ssl-cert-check-hosts.txt" >"$work/ssl-cert-check.txt" 2>&1
set -e
scc_seconds=$(awk -v a="$(now)" -v b="$start" 'BEGIN { print a - b }')

certgate_found=$(/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(1 for f in r["findings"] if f["severity"] != "error"))' "$work/certgate.json")
certgate_errors=$(/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(1 for f in r["findings"] if f["severity"] == "error"))' "$work/certgate.json")
scc_found=$(grep -c "Valid\|Expiring\|Expired" "$work/ssl-cert-check.txt" || true)

printf 'endpoints: %s on 127.0.0.1 (one asyncio process)\n' "$count"
printf 'certgate check --concurrency %s: %6.2f s  (%s certificates read, %s errors, exit %s)\n' \
  "$concurrency" "$certgate_seconds" "$certgate_found" "$certgate_errors" "$certgate_status"
printf 'ssl-cert-check -f:              %6.2f s  (%s endpoints reported)\n' "$scc_seconds" "$scc_found"
printf 'ratio ssl-cert-check / certgate: %.1fx\n' "$(awk -v a="$scc_seconds" -v b="$certgate_seconds" 'BEGIN { print a / b }')"
