#!/bin/sh
# Benchmark: certgate check on a Terraform plan with N certificates, beside a
# loop of `openssl x509 -checkend` over the same certificates as files.
#
#   bench/plan/run.sh [--certificates N] [--certgate PATH] [--gb]
#
# --gb also streams a generated 1 GB plan through `certgate check -` and
# reports its time and peak memory. Needs python3-cryptography, openssl and
# GNU time (/usr/bin/time). Not run by CI.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
certificates=10000
certgate=${CERTGATE:-$here/../../build/certgate}
gigabyte=no
while [ $# -gt 0 ]; do
    case $1 in
    --certificates) certificates=$2; shift 2 ;;
    --certgate) certgate=$2; shift 2 ;;
    --gb) gigabyte=yes; shift ;;
    *) echo "usage: $0 [--certificates N] [--certgate PATH] [--gb]" >&2; exit 2 ;;
    esac
done
[ -x "$certgate" ] || { echo "certgate not found at $certgate (use --certgate)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

echo "generating a plan with $certificates certificates..."
/usr/bin/python3 "$here/generate_plan.py" --certificates "$certificates" --out "$work/plan.json" \
    --extract-dir "$work/pem"
bytes=$(wc -c < "$work/plan.json")

# GNU time: elapsed seconds and peak RSS in KiB.
measure() {
    /usr/bin/time -f '%e %M' -o "$work/time" "$@" > /dev/null 2>&1 || true
    tail -n 1 "$work/time"
}

set -- $(measure "$certgate" check "$work/plan.json" --now 2026-11-30T09:00:00Z --format json --fail-on expired)
cg_seconds=$1
cg_rss=$2
findings=$("$certgate" check "$work/plan.json" --now 2026-11-30T09:00:00Z --format json --fail-on expired |
    /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))' || true)

cat > "$work/loop.sh" <<'LOOP'
for f in "$1"/*.pem; do openssl x509 -checkend 2592000 -noout -in "$f" > /dev/null || true; done
LOOP
set -- $(measure sh "$work/loop.sh" "$work/pem")
os_seconds=$1
os_rss=$2

/usr/bin/python3 - "$bytes" "$certificates" "$findings" "$cg_seconds" "$cg_rss" "$os_seconds" "$os_rss" <<'REPORT'
import sys
size, count, findings, cg, cg_rss, ossl, os_rss = sys.argv[1:]
size, count, cg, ossl = int(size), int(count), max(float(cg), 0.01), max(float(ossl), 0.01)
mb = size / 1e6
print(f"plan: {mb:.1f} MB, {count} certificates, certgate findings: {findings}")
print(f"{'tool':<34} {'seconds':>8} {'MB/s':>8} {'certs/s':>10} {'peak RSS':>10}")
print(f"{'certgate check plan.json':<34} {cg:>8.2f} {mb / cg:>8.1f} {count / cg:>10.0f} {int(cg_rss) // 1024:>7} MiB")
print(f"{'openssl x509 -checkend (loop)':<34} {ossl:>8.2f} {'-':>8} {count / ossl:>10.0f} {int(os_rss) // 1024:>7} MiB")
print(f"certgate is {ossl / cg:.1f}x the speed of the openssl loop (certificates/s)")
REPORT

if [ "$gigabyte" = yes ]; then
    echo "streaming a 1 GB plan (100 certificates, padding) through certgate check - ..."
    /usr/bin/python3 "$here/generate_plan.py" --certificates 100 --size-mb 1024 --out "$work/big.json"
    big=$(wc -c < "$work/big.json")
    /usr/bin/time -f '%e %M' -o "$work/time" sh -c "exec \"$certgate\" check - --now 2026-11-30T09:00:00Z --format json --fail-on expired < \"$work/big.json\" > /dev/null" || true
    set -- $(tail -n 1 "$work/time")
    /usr/bin/python3 -c "import sys; b,s,r=int(sys.argv[1]),max(float(sys.argv[2]),0.01),int(sys.argv[3]); print(f'1 GB plan: {b/1e6:.0f} MB in {s:.1f} s = {b/1e6/s:.1f} MB/s, peak RSS {r//1024} MiB')" "$big" "$1" "$2"
fi
