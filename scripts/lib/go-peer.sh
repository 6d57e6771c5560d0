# Sourced by the scripts that build test peers from Go modules
# (install-terraform-peers.sh, install-tool-peers.sh). Expects $cache (the
# peer cache folder), $go (the go command), $go_version and a log function.
#
# build NAME VERSION PACKAGE@QUERY BINARY: prints the built binary's path on
# stdout, or reports the go command's error on stderr and returns 1.
build() {
  local name=$1 version=$2 package=$3 binary=$4
  local dir="$cache/$name-$version"
  local stamp="$dir/built-with" want="$package $go_version"
  if [[ -x "$dir/bin/$binary" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    log "$name $version: cached in $dir" >&2
    echo "$dir/bin/$binary"
    return 0
  fi
  mkdir -p "$dir/bin" "$dir/mod" "$dir/gocache"
  log "$name $version: building $package (nice -n 10, may take many minutes cold)" >&2
  local started=$SECONDS errors="$dir/go-install.err"
  if ! env GOBIN="$dir/bin" GOMODCACHE="$dir/mod" GOCACHE="$dir/gocache" GOFLAGS="-modcacherw -buildvcs=false" \
    GOTOOLCHAIN=local CGO_ENABLED=0 CHECKPOINT_DISABLE=1 \
    nice -n 10 "$go" install "$package" 2>"$errors"; then
    log "$name $version: go install $package failed; the go command said:" >&2
    grep -v '^go: downloading ' "$errors" | sed 's/^/    /' >&2
    return 1
  fi
  echo "$want" >"$stamp"
  log "$name $version: built in $((SECONDS - started)) s" >&2
  echo "$dir/bin/$binary"
}

