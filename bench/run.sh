#!/usr/bin/env bash
# Every certgate benchmark in one run, side by side, with ratios; wall times
# (median of several runs) beside callgrind instruction counts, which stay
# put on a noisy machine. See bench/README.md for what each one compares and
# for the figures of the last committed run.
#
#   bench/run.sh [--build DIR] [--quick] [--skip-endpoints]
#
# Needs: a built certgate and certgate-external (default build/), openssl,
# /usr/bin/python3 with python3-cryptography, valgrind; the endpoint
# comparison also needs ssl-cert-check (installed when run as root).
# Corpora are generated once and cached under bench/results/ (git-ignored).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$root/build
runs=5
endpoints=yes
while (($#)); do
  case $1 in
  --build) build=$(cd "$2" && pwd); shift 2 ;;
  --quick) runs=1; shift ;;
  --skip-endpoints) endpoints=no; shift ;;
  *) echo "usage: bench/run.sh [--build DIR] [--quick] [--skip-endpoints]" >&2; exit 2 ;;
  esac
done
certgate=$build/certgate
external=$build/certgate-external
for program in "$certgate" "$external"; do
  [[ -x "$program" ]] || { echo "bench: $program is not built (cmake --build $build)" >&2; exit 2; }
done
for tool in openssl valgrind; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
/usr/bin/python3 -c 'import cryptography' 2>/dev/null ||
  { echo "bench: python3-cryptography is missing (apt-get install python3-cryptography)" >&2; exit 2; }

results=$here/results
corpus=$results/corpus
mkdir -p "$corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now=2026-11-30T09:00:00Z
python=/usr/bin/python3

measure() { "$python" "$here/measure.py" "$@"; }
get() { "$python" -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print(v if v is not None else "n/a")' "$1" "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
counted() { # report expected label: a baseline that stopped early (an exception exits 1, as a failing gate does)
  # must not be timed as if it had done the job
  local n
  n=$("$python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["certificates"])' "$1" 2>/dev/null) || n=none
  [[ $n == "$2" ]] || { echo "bench: $3 reported $n certificates, not $2 (a failed run's time is no baseline)" >&2; exit 2; }
}
per() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9]+$/ && b > 0) printf "%.0f", a / b; else print "n/a" }'; }

pem_dir=$corpus/pem-2000
if [[ ! -d "$pem_dir" ]] || (($(find "$pem_dir" -name '*.pem' | wc -l) != 2000)); then
  echo "generating 2,000 distinct certificates in $pem_dir ..."
  rm -rf "$pem_dir"
  "$python" "$here/certs/generate.py" --count 2000 --pem-dir "$pem_dir"
fi
plan=$corpus/plan-20000.json
if [[ ! -s "$plan" ]]; then
  echo "generating a plan with 20,000 distinct certificates in $plan ..."
  "$python" "$here/certs/generate.py" --count 20000 --plan "$plan"
fi

echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg); $(openssl version)"
echo

# 1. A folder of 2,000 PEM files, one certificate each.
cat >"$work/loop.sh" <<'LOOP'
for f in "$1"/*.pem; do openssl x509 -checkend 2592000 -noout -in "$f" >/dev/null || true; done
LOOP
cg=$(measure --runs "$runs" --callgrind -- "$certgate" check "$pem_dir" --now "$now" --format json \
  --output "$work/dir.json")
cg1=$(measure --runs "$runs" -- "$certgate" check "$pem_dir" --now "$now" --format json --jobs 1 \
  --output "$work/dir1.json")
loop=$(measure --runs 1 -- sh "$work/loop.sh" "$pem_dir")
py=$(measure --runs "$runs" --stdout "$work/dir-python.json" -- "$python" "$here/certs/check_expiry.py" --now "$now" \
  --dir "$pem_dir")
counted "$work/dir-python.json" 2000 "check_expiry.py --dir"
echo "1. PEM folder, 2,000 files (one certificate each)"
printf '   %-44s %9s %12s %14s\n' tool seconds "peak RSS" "instructions"
printf '   %-44s %9.3f %8d KiB %14s  (%s per certificate)\n' "certgate check DIR --format json" "$(get "$cg" median_s)" \
  "$(get "$cg" peak_rss_kib)" "$(get "$cg" instructions)" "$(per "$(get "$cg" instructions)" 2000)"
printf '   %-44s %9.3f %8d KiB\n' "certgate check DIR --format json --jobs 1" "$(get "$cg1" median_s)" \
  "$(get "$cg1" peak_rss_kib)"
printf '   %-44s %9.3f %8d KiB\n' "openssl x509 -checkend loop" "$(get "$loop" median_s)" "$(get "$loop" peak_rss_kib)"
printf '   %-44s %9.3f %8d KiB\n' "python3 bench/certs/check_expiry.py --dir" "$(get "$py" median_s)" \
  "$(get "$py" peak_rss_kib)"
echo "   certgate vs openssl loop: $(ratio "$(get "$loop" median_s)" "$(get "$cg" median_s)")x faster (goal >= 500x)"
echo "   certgate vs python:       $(ratio "$(get "$py" median_s)" "$(get "$cg" median_s)")x faster (goal >= 5x)"
echo

# 2. A certificate-dense plan: 20,000 distinct certificates, JSON report written.
pg=$(measure --runs "$runs" --callgrind -- "$certgate" check "$plan" --now "$now" --format json \
  --output "$work/plan-report.json")
ppy=$(measure --runs 1 --stdout "$work/plan-python.json" -- "$python" "$here/certs/check_expiry.py" --now "$now" \
  --plan "$plan")
counted "$work/plan-python.json" 20000 "check_expiry.py --plan"
plan_mb=$(awk -v b="$(stat -c %s "$plan")" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "2. Terraform plan with 20,000 certificates ($plan_mb MB)"
printf '   %-44s %9s %12s %14s\n' tool seconds "peak RSS" "instructions"
printf '   %-44s %9.3f %8d KiB %14s  (%s per certificate)\n' "certgate check plan.json --format json" \
  "$(get "$pg" median_s)" "$(get "$pg" peak_rss_kib)" "$(get "$pg" instructions)" \
  "$(per "$(get "$pg" instructions)" 20000)"
printf '   %-44s %9.3f %8d KiB\n' "python3 bench/certs/check_expiry.py --plan" "$(get "$ppy" median_s)" \
  "$(get "$ppy" peak_rss_kib)"
echo "   certgate: $(awk -v s="$(get "$pg" median_s)" 'BEGIN { printf "%.0f", 20000 / s }') certificates/s" \
  "(goal >= 25,000), peak RSS $(($(get "$pg" peak_rss_kib) / 1024)) MiB (goal <= 128)"
echo "   certgate vs python: $(ratio "$(get "$ppy" median_s)" "$(get "$pg" median_s)")x faster (goal >= 5x)"
if [[ -x "$here/plan/run.sh" ]]; then
  echo "   (plan JSON throughput: bench/plan/run.sh)"
fi
echo

# 3. One certgate-external call against one openssl call on the same certificate.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" \
  -out "$work/cert.pem" -days 90 -subj "/CN=bench.example.com" 2>/dev/null
printf '{"certificate_file":"%s","now":"%s"}' "$work/cert.pem" "$now" >"$work/query.json"
calls=$((runs * 40))
ext=$(measure --runs "$calls" --stdin "$work/query.json" --callgrind -- "$external" certificate)
ossl=$(measure --runs "$calls" --callgrind -- openssl x509 -enddate -noout -in "$work/cert.pem")
echo "3. One call each ($calls calls, median)"
printf '   %-44s %9.2f ms %14s instructions\n' "certgate-external certificate" \
  "$(awk -v s="$(get "$ext" median_s)" 'BEGIN { print s * 1000 }')" "$(get "$ext" instructions)"
printf '   %-44s %9.2f ms %14s instructions\n' "openssl x509 -enddate -noout" \
  "$(awk -v s="$(get "$ossl" median_s)" 'BEGIN { print s * 1000 }')" "$(get "$ossl" instructions)"
echo "   certgate-external / openssl: $(awk -v a="$(get "$ext" median_s)" -v b="$(get "$ossl" median_s)" \
  'BEGIN { printf "%.2f", a / b }') (goal <= 0.25, and <= 15 ms)"
echo

# 4. Live endpoints: 1,000 loopback TLS servers at --concurrency 100.
if [[ $endpoints == yes ]]; then
  echo "4. 1,000 loopback TLS endpoints, --concurrency 100 (bench/hosts/run.sh)"
  COUNT=1000 CONCURRENCY=100 "$here/hosts/run.sh" "$build" | sed 's/^/   /'
fi
