#!/usr/bin/env bash
# Installs the Debian 12 packages certgate needs to build, test and benchmark.
# Only packages that are missing are installed, so a second run is quick.
set -euo pipefail

build_packages=(
  g++ cmake make pkg-config git ca-certificates tzdata openssl
  libssl-dev nlohmann-json3-dev libcpp-httplib-dev libboost-program-options-dev
  libgtest-dev libgmock-dev libhowardhinnant-date-dev libsqlite3-dev libpq-dev libcurl4-openssl-dev rapidjson-dev
  help2man python3
  libgrpc++-dev protobuf-compiler-grpc protobuf-compiler libprotobuf-dev libmsgpack-cxx-dev
)
test_packages=(
  python3 python3-jsonschema python3-aiosmtpd python3-yaml libxml2-utils clang libclang-rt-14-dev
  time python3-cryptography valgrind clang-format clang-tidy
  dpkg-dev lintian man-db zsh python3-venv postgresql-15 ccache chromium
)

wanted=("${build_packages[@]}")
if [[ "${1:-}" == "--with-test-tools" ]]; then
  wanted+=("${test_packages[@]}")
fi

missing=()
# Node.js runs the HCL parser in the example tests; a machine may already have
# it from another source, whose npm conflicts with Debian's package.
if [[ "${1:-}" == "--with-test-tools" ]] && ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}; run this script as root or install them yourself" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
