#!/usr/bin/env bash
# Builds the packaging tests' peers (never committed, never downloaded as
# release binaries), cached like the Terraform peers:
#   actionlint 1.7.12 from its Go module (github.com/rhysd/actionlint), which
#     checks action.yml and the workflows (with shellcheck from Debian);
#   pre-commit 4.7.0 from PyPI into a virtual environment.
# Writes tools.env beside peers.env for tests/e2e/packaging. A tool that
# cannot be had is reported and left out; the script still exits 0 (the
# tests then skip, or fail under CERTGATE_REQUIRE_PEERS=1).
set -uo pipefail

cache=${CERTGATE_PEER_CACHE:-$HOME/.cache/certgate-peers}
go=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
actionlint_version=1.7.12
pre_commit_version=4.7.0

log() { printf 'install-tool-peers: %s\n' "$*"; }

mkdir -p "$cache" || exit 0
env_file="$cache/tools.env"
echo "# Written by scripts/install-tool-peers.sh; read by tests/e2e/packaging." >"$env_file.tmp"

if [[ -x "$go" ]]; then
  go_version=$("$go" env GOVERSION)
  # shellcheck source=scripts/lib/go-peer.sh
  source "$(dirname "${BASH_SOURCE[0]}")/lib/go-peer.sh"
  if actionlint=$(build actionlint "$actionlint_version" "github.com/rhysd/actionlint/cmd/actionlint@v$actionlint_version" actionlint); then
    echo "CERTGATE_ACTIONLINT=$actionlint" >>"$env_file.tmp"
  fi
else
  log "actionlint skipped: no Go toolchain at \"$go\" (set GO, or put go on PATH)"
fi

venv="$cache/pre-commit-$pre_commit_version"
if [[ -x "$venv/bin/pre-commit" && "$("$venv/bin/pre-commit" --version 2>/dev/null)" == "pre-commit $pre_commit_version" ]]; then
  log "pre-commit $pre_commit_version: cached in $venv"
  echo "CERTGATE_PRE_COMMIT=$venv/bin/pre-commit" >>"$env_file.tmp"
elif python3 -m venv --clear "$venv" 2>"$cache/pre-commit.err" &&
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==$pre_commit_version" 2>>"$cache/pre-commit.err"; then
  log "pre-commit $pre_commit_version: installed in $venv"
  echo "CERTGATE_PRE_COMMIT=$venv/bin/pre-commit" >>"$env_file.tmp"
else
  log "pre-commit $pre_commit_version: could not be installed from PyPI; pip said:"
  sed 's/^/    /' "$cache/pre-commit.err"
fi
mv "$env_file.tmp" "$env_file"
