#!/usr/bin/env bash
# Builds the real Terraform peers of the end-to-end tests from their Go
# modules (never committed, never downloaded as release binaries):
#   OpenTofu 1.6.3, Terraform 1.5.7 (the last MPL-2.0 release) and the
#   hashicorp/external provider 2.4.0 (by commit: its go.mod says
#   module github.com/terraform-providers/terraform-provider-external, so its
#   v2 tags are not Go versions).
# Each tool is built into its own folder keyed by version
#   ${CERTGATE_PEER_CACHE:-$HOME/.cache/certgate-peers}/<tool>-<version>/
# with GOBIN, GOMODCACHE and GOCACHE under it, so a second run only checks a
# stamp. Then it lays out a filesystem mirror of the provider for both
# registries and a CLI configuration with only a filesystem_mirror, so
# `init` never touches the network, and writes peers.env for the tests
# (tests/e2e/terraform_real/ reads it).
#
# A tool the Go module proxy refuses is reported with the proxy's exact words
# and left out; the script still exits 0 so the rest of the suite runs (the
# tests then skip, or fail under CERTGATE_REQUIRE_PEERS=1).
set -uo pipefail

cache=${CERTGATE_PEER_CACHE:-$HOME/.cache/certgate-peers}
go=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
provider_version=2.4.0
provider_commit=70b9be6c3cfe # the v2.4.0 commit of terraform-provider-external

log() { printf 'install-terraform-peers: %s\n' "$*"; }

mkdir -p "$cache" || exit 0
env_file="$cache/peers.env"
: >"$env_file.tmp"

if [[ ! -x "$go" ]]; then
  log "skipped: no Go toolchain at \"$go\" (set GO, or put go on PATH); the real tofu/terraform tests will skip"
  mv "$env_file.tmp" "$env_file"
  exit 0
fi
go_version=$("$go" env GOVERSION)

# shellcheck source=scripts/lib/go-peer.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/go-peer.sh"

# One after the other (the machine may have two cores); the small provider
# first, since neither tool can run a data "external" block without it. When
# the pinned commit is refused, the newest commit the proxy resolves (its
# folder in the mirror still says 2.4.0, the version it stands for).
provider_module=github.com/terraform-providers/terraform-provider-external
provider=$(build terraform-provider-external "$provider_version" "$provider_module@$provider_commit" \
  terraform-provider-external) ||
  provider=$(build terraform-provider-external latest "$provider_module@latest" terraform-provider-external) ||
  provider=
provider_kind=${provider:+real}

# Fallback (issue 15): the proxy refuses hashicorp/external (403 "This module
# version is not available"), so build the project's own test peer of its
# data "external" (tests/peers/external-provider, terraform-plugin-framework)
# and file it in the mirror as hashicorp/external 2.4.0. Keyed by a hash of
# its sources and the Go version; the real provider, once served, wins.
if [[ -z "$provider" ]]; then
  peer_source="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/peers/external-provider"
  peer_dir="$cache/certgate-external-provider-peer"
  peer_want="$(cat "$peer_source"/go.mod "$peer_source"/go.sum "$peer_source"/*.go | sha256sum | cut -c1-16) $go_version"
  if [[ -x "$peer_dir/bin/terraform-provider-external" && "$(cat "$peer_dir/built-with" 2>/dev/null)" == "$peer_want" ]]; then
    log "certgate external provider peer: cached in $peer_dir"
    provider="$peer_dir/bin/terraform-provider-external" provider_kind=certgate-peer
  else
    log "certgate external provider peer: building $peer_source (the real provider is refused)"
    mkdir -p "$peer_dir/bin" && started=$SECONDS
    if (cd "$peer_source" && env GOMODCACHE="$peer_dir/mod" GOCACHE="$peer_dir/gocache" \
      GOFLAGS="-modcacherw -buildvcs=false -mod=readonly" GOTOOLCHAIN=local CGO_ENABLED=0 \
      nice -n 10 "$go" build -o "$peer_dir/bin/terraform-provider-external" . 2>"$peer_dir/go-build.err"); then
      echo "$peer_want" >"$peer_dir/built-with"
      log "certgate external provider peer: built in $((SECONDS - started)) s"
      provider="$peer_dir/bin/terraform-provider-external" provider_kind=certgate-peer
    else
      log "certgate external provider peer: go build failed; the go command said:"
      grep -v '^go: downloading ' "$peer_dir/go-build.err" | sed 's/^/    /'
    fi
  fi
fi
tofu=$(build tofu 1.6.3 github.com/opentofu/opentofu/cmd/tofu@v1.6.3 tofu) || tofu=
terraform=$(build terraform 1.5.7 github.com/hashicorp/terraform@v1.5.7 terraform) || terraform=

# The mirror and the CLI configuration: an unpacked filesystem mirror for
# both registries (OpenTofu resolves "hashicorp/external" at
# registry.opentofu.org, Terraform at registry.terraform.io) and no "direct"
# block, so a provider missing from the mirror is an error, never a download.
# Written even without the provider: configurations that need only the
# built-in provider (terraform_data) still run offline.
mirror="$cache/mirror"
cli_config="$cache/terraformrc"
mkdir -p "$mirror"
if [[ -n "$provider" ]]; then
  for registry in registry.opentofu.org registry.terraform.io; do
    target="$mirror/$registry/hashicorp/external/$provider_version/linux_amd64"
    mkdir -p "$target"
    cp -f "$provider" "$target/terraform-provider-external_v$provider_version"
  done
fi
cat >"$cli_config" <<EOF
# Written by scripts/install-terraform-peers.sh: providers only from the mirror.
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.opentofu.org/hashicorp/external", "registry.terraform.io/hashicorp/external"]
  }
}
EOF

{
  echo "# Written by scripts/install-terraform-peers.sh; read by tests/e2e/terraform_real."
  [[ -n "$tofu" ]] && echo "CERTGATE_TOFU=$tofu"
  [[ -n "$terraform" ]] && echo "CERTGATE_TERRAFORM=$terraform"
  echo "CERTGATE_TF_CLI_CONFIG_FILE=$cli_config"
  echo "CERTGATE_PROVIDER_MIRROR=$mirror"
  [[ -n "$provider" ]] && echo "CERTGATE_EXTERNAL_PROVIDER=$provider"
  [[ -n "$provider" ]] && echo "CERTGATE_EXTERNAL_PROVIDER_KIND=$provider_kind" # real | certgate-peer
} >>"$env_file.tmp"
mv "$env_file.tmp" "$env_file"
log "tofu: ${tofu:-missing}"
log "terraform: ${terraform:-missing}"
log "hashicorp/external provider: ${provider:-missing}${provider_kind:+ ($provider_kind)}"
log "peers listed in $env_file"
exit 0
