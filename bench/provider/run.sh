#!/usr/bin/env bash
# terraform-provider-certgate's benchmark (issue 16): the provider's start to
# its handshake line, and one plan of 100 distinct certificates through
# data "certgate_certificate" beside the same plan through data "external"
# running `certgate-external certificate`, with the real tofu and terraform
# of scripts/install-terraform-peers.sh. Figures of the last committed run:
# bench/provider/README.md.
#
#   nice -n 19 bench/provider/run.sh [BUILD_DIR] [--starts N] [--runs N]
#
# Needs: terraform-provider-certgate and certgate-external built in BUILD_DIR
# (default build/), /usr/bin/python3 with python3-cryptography, valgrind
# (instructions; skipped with a line when missing), and peers.env of
# scripts/install-terraform-peers.sh (tofu, terraform and the hashicorp/external
# provider's folder in its filesystem mirror). `init` runs once per
# configuration, from a filesystem mirror of this script's own, never the
# network, and is not timed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build
starts=20
runs=5
while (($#)); do
  case $1 in
  --starts) starts=$2; shift 2 ;;
  --runs) runs=$2; shift 2 ;;
  -*) echo "usage: bench/provider/run.sh [BUILD_DIR] [--starts N] [--runs N]" >&2; exit 2 ;;
  *) build=$(cd "$1" && pwd); shift ;;
  esac
done
provider=$build/terraform-provider-certgate
external=$build/certgate-external
for program in "$provider" "$external"; do
  [[ -x "$program" ]] || { echo "bench: $program is not built (cmake --build $build --target $(basename "$program"))" >&2; exit 2; }
done
python=/usr/bin/python3
"$python" -c 'import cryptography' 2>/dev/null ||
  { echo "bench: python3-cryptography is missing (apt-get install python3-cryptography)" >&2; exit 2; }
peers=${CERTGATE_PEER_CACHE:-$HOME/.cache/certgate-peers}/peers.env
[[ -r "$peers" ]] || { echo "bench: $peers is missing (run scripts/install-terraform-peers.sh)" >&2; exit 2; }
peer() { sed -n "s/^$1=//p" "$peers"; }
external_mirror=$(peer CERTGATE_PROVIDER_MIRROR)
[[ -d "$external_mirror/registry.opentofu.org/hashicorp/external" ]] ||
  { echo "bench: no hashicorp/external provider in $external_mirror (run scripts/install-terraform-peers.sh)" >&2; exit 2; }

measure() { "$python" "$here/../measure.py" "$@"; }
get() { "$python" -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print(v if v is not None else "n/a")' "$1" "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now=2026-11-30T09:00:00Z
count=100
certs=$here/../results/corpus/pem-$count
if [[ ! -d "$certs" ]] || (($(find "$certs" -name '*.pem' | wc -l) != count)); then
  rm -rf "$certs"
  "$python" "$here/../certs/generate.py" --count "$count" --pem-dir "$certs"
fi
certs=$(cd "$certs" && pwd)

echo "machine: $(nproc) cores, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# 1. Start to handshake line.
callgrind=--callgrind
command -v valgrind >/dev/null || { callgrind=; echo "(valgrind is missing: no instruction count)"; }
start=$("$python" "$here/handshake.py" --starts "$starts" $callgrind "$provider")
echo "1. terraform-provider-certgate, start to handshake line ($starts starts, AutoMTLS, then SIGTERM)"
echo "   median $(get "$start" median_ms) ms, min $(get "$start" min_ms) ms, max $(get "$start" max_ms) ms;" \
  "instructions of one whole start and stop: $(get "$start" instructions)"
echo

# 2. One plan of $count certificates, each tool, both ways.
mirror=$work/mirror
for registry in registry.opentofu.org registry.terraform.io; do
  mkdir -p "$mirror/$registry/certgate/certgate/0.1.0/linux_amd64" "$mirror/$registry/hashicorp"
  cp "$provider" "$mirror/$registry/certgate/certgate/0.1.0/linux_amd64/terraform-provider-certgate_v0.1.0"
  cp -r "$external_mirror/$registry/hashicorp/external" "$mirror/$registry/hashicorp/"
done
cat >"$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.opentofu.org/certgate/certgate", "registry.terraform.io/certgate/certgate",
               "registry.opentofu.org/hashicorp/external", "registry.terraform.io/hashicorp/external"]
  }
}
RC
export TF_CLI_CONFIG_FILE=$work/terraformrc CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR TF_LOG CERTGATE_NOW CERTGATE_STORE

write_native() {
  cat >"$1/main.tf" <<TF
terraform {
  required_providers {
    certgate = { source = "certgate/certgate" }
  }
}

provider "certgate" {
  now = "$now"
}

data "certgate_certificate" "c" {
  for_each         = fileset("$certs", "*.pem")
  certificate_file = "$certs/\${each.value}"
}

output "severity" {
  value = { for name, c in data.certgate_certificate.c : name => c.severity }
}
TF
}
write_external() {
  cat >"$1/main.tf" <<TF
terraform {
  required_providers {
    external = { source = "hashicorp/external" }
  }
}

data "external" "c" {
  for_each = fileset("$certs", "*.pem")
  program  = ["$external", "certificate"]
  query = {
    certificate_file = "$certs/\${each.value}"
    now              = "$now"
  }
}

output "severity" {
  value = { for name, c in data.external.c : name => c.result.severity }
}
TF
}

write_empty() {
  echo 'output "severity" { value = {} }' >"$1/main.tf"
}

# Checks that a plan really read all $count certificates (measure.py accepts
# exit status 1), then times it.
plan_of() {
  local tool=$1 way=$2 folder=$work/$1-$2
  mkdir -p "$folder"
  "write_$way" "$folder"
  (cd "$folder" && "$tool" init -no-color -input=false >"$folder/init.log" 2>&1) ||
    { echo "bench: $tool init failed in $folder:" >&2; cat "$folder/init.log" >&2; exit 1; }
  (cd "$folder" && "$tool" plan -no-color -input=false -out=plan.bin >"$folder/plan.log" 2>&1 &&
    "$tool" show -json plan.bin >"$folder/plan.json") ||
    { echo "bench: $tool plan failed in $folder:" >&2; tail -20 "$folder/plan.log" >&2; exit 1; }
  local read
  read=$("$python" -c 'import json,sys; p=json.load(open(sys.argv[1])); print(len(p.get("planned_values",{}).get("outputs",{}).get("severity",{}).get("value",{})))' "$folder/plan.json")
  [[ $way == empty ]] || ((read == count)) || { echo "bench: $tool plan ($way) read $read certificates, not $count" >&2; exit 1; }
  (cd "$folder" && measure --runs "$runs" -- "$tool" plan -no-color -input=false)
}

echo "2. one plan of $count distinct certificates (median of $runs runs; CPU: user+sys of the whole process tree)"
printf '   %-10s %-48s %9s %9s %12s\n' tool "data source" seconds "CPU s" "peak RSS"
for name in tofu terraform; do
  tool=$(peer "CERTGATE_${name^^}")
  [[ -x "$tool" ]] || { echo "   $name: not installed (scripts/install-terraform-peers.sh), skipped"; continue; }
  empty=$(plan_of "$tool" empty)
  native=$(plan_of "$tool" native)
  viaext=$(plan_of "$tool" external)
  printf '   %-10s %-48s %9.2f %9.2f %8d KiB\n' "$name" '(no data source: the tool alone)' "$(get "$empty" median_s)" \
    "$(get "$empty" cpu_s)" "$(get "$empty" peak_rss_kib)"
  printf '   %-10s %-48s %9.2f %9.2f %8d KiB\n' "$name" 'data "certgate_certificate"' "$(get "$native" median_s)" \
    "$(get "$native" cpu_s)" "$(get "$native" peak_rss_kib)"
  printf '   %-10s %-48s %9.2f %9.2f %8d KiB\n' "$name" 'data "external" (certgate-external certificate)' \
    "$(get "$viaext" median_s)" "$(get "$viaext" cpu_s)" "$(get "$viaext" peak_rss_kib)"
  echo "   $name: external / provider = $(ratio "$(get "$viaext" median_s)" "$(get "$native" median_s)")x wall," \
    "$(ratio "$(get "$viaext" cpu_s)" "$(get "$native" cpu_s)")x CPU"
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
