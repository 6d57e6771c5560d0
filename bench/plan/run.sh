#!/usr/bin/env bash
# Plan JSON throughput and memory (issue 14 goal 3): certgate check on a
# 200 MB plan with 100 certificates, from a file and from stdin, beside a
# Python json.load script doing the same job (check_plan.py), and certgate's
# peak RSS on a hostile plan of long nested keys (issue 12 item 9).
#
#   bench/plan/run.sh [BUILD_DIR]      (default: build; RUNS=N, BENCH_CORPUS=DIR)
#
# Prints one line per comparison. Needs python3-cryptography. Not run by CI;
# bench/run.sh calls it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
certgate=$build/certgate
runs=${RUNS:-1}
corpus=${BENCH_CORPUS:-/tmp/certgate-bench-plan}
python=/usr/bin/python3
now=2026-11-30T09:00:00Z
[[ -x $certgate ]] || { echo "bench/plan/run.sh: no certgate at $certgate (give the build folder)" >&2; exit 2; }
mkdir -p "$corpus"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

big=$corpus/plan-200mb.json
[[ -s $big ]] || "$python" "$here/generate_plan.py" --certificates 100 --size-mb 200 --out "$big"
hostile=$corpus/plan-hostile.json
[[ -s $hostile ]] || "$python" "$here/generate_hostile.py" "$hostile" --levels 96 --key-mib 1

measure() { "$python" "$here/../measure.py" --runs "$runs" "$@"; }
get() { "$python" -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
mb() { awk -v b="$(stat -c %s "$1")" 'BEGIN { printf "%.0f", b / 1e6 }'; }
line() { # label size_file certgate_json python_json
  awk -v label="$1" -v bytes="$(stat -c %s "$2")" -v cs="$(get "$3" median_s)" -v cr="$(get "$3" peak_rss_kib)" \
    -v ps="$(get "$4" median_s)" -v pr="$(get "$4" peak_rss_kib)" 'BEGIN {
      printf "%s: certgate %.1f MB/s (%.2f s, %d MiB peak RSS) vs python json.load %.1f MB/s (%.2f s, %d MiB); " \
             "certgate/python %.2fx (goal >= 200 MB/s, <= 64 MiB)\n",
             label, bytes / 1e6 / cs, cs, cr / 1024, bytes / 1e6 / ps, ps, pr / 1024, ps / cs }'
}

lines() { # output label: the Python script must have read every certificate, or its time means nothing
  local n; n=$(wc -l <"$1")
  [[ $n == 100 ]] || { echo "bench/plan/run.sh: $2 printed $n certificates, not 100 (a failed run's time is no baseline)" >&2; exit 2; }
}

check=("$certgate" check --now "$now" --format json --fail-on expired)
cf=$(measure -- "${check[@]}" "$big")
pf=$(measure --stdout "$work/file.txt" -- "$python" "$here/check_plan.py" "$big")
lines "$work/file.txt" "check_plan.py"
line "plan JSON $(mb "$big") MB, 100 certificates, from a file" "$big" "$cf" "$pf"
cs=$(measure --stdin "$big" -- "${check[@]}" -)
ps=$(measure --stdin "$big" --stdout "$work/stdin.txt" -- "$python" "$here/check_plan.py" -)
lines "$work/stdin.txt" "check_plan.py -"
line "plan JSON $(mb "$big") MB, 100 certificates, from stdin" "$big" "$cs" "$ps"
ch=$(measure -- "${check[@]}" "$hostile")
awk -v bytes="$(stat -c %s "$hostile")" -v s="$(get "$ch" median_s)" -v r="$(get "$ch" peak_rss_kib)" 'BEGIN {
  printf "hostile plan %.0f MiB (96 nested 1 MiB keys, twice): certgate %.2f s, %d MiB peak RSS (goal <= 64 MiB)\n",
         bytes / 1048576, s, r / 1024 }'
