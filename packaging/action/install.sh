#!/usr/bin/env bash
# The action's first step: make `certgate` available to the next step.
#   CERTGATE_DEB_URL set: download that .deb and install it with apt-get
#     (which pulls its Depends);
#   else certgate already on PATH: use it;
#   else build it from the action's own source (GITHUB_ACTION_PATH) into
#     RUNNER_TEMP and put it on GITHUB_PATH.
set -euo pipefail

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

if [[ -n "${CERTGATE_DEB_URL:-}" ]]; then
  package="${RUNNER_TEMP:-/tmp}/certgate.deb"
  curl --fail --silent --show-error --location --retry 3 --max-time 300 --output "$package" "$CERTGATE_DEB_URL"
  as_root apt-get install -y -qq "$package" >/dev/null
  echo "certgate: installed $(certgate --version) from the .deb"
elif command -v certgate >/dev/null 2>&1; then
  echo "certgate: using $(command -v certgate) ($(certgate --version))"
else
  source_dir=${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set: run this as a step of the action}
  build="${RUNNER_TEMP:-/tmp}/certgate-build"
  as_root "$source_dir/scripts/install-deps.sh"
  cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCERTGATE_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j "$(nproc)" --target certgate certgate-external >/dev/null
  echo "$build" >>"${GITHUB_PATH:?GITHUB_PATH is not set}"
  echo "certgate: built $("$build/certgate" --version)"
fi
