#!/usr/bin/env bash
# Deliveries claimed per second by 1 and 4 notifier processes, on an SQLite
# file and on a PostgreSQL 15 server started here (as the unprivileged
# postgres user when run as root, on 127.0.0.1 and a free port, in a
# temporary folder removed at the end). Each claimed delivery is also marked
# sent, as notify does: two transactions per delivery.
#
#   bench/store/run.sh [--build DIR] [--deliveries N]
set -euo pipefail

build=build
deliveries=2000
while (($#)); do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --deliveries) deliveries=$2; shift 2 ;;
    *) echo "usage: bench/store/run.sh [--build DIR] [--deliveries N]" >&2; exit 2 ;;
  esac
done
bench="$build/bench_store_claims"
[[ -x "$bench" ]] || { echo "bench/store/run.sh: build $bench first (cmake --build $build --target bench_store_claims)" >&2; exit 2; }
bin=${CERTGATE_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}
[[ -x "$bin/initdb" ]] || { echo "bench/store/run.sh: PostgreSQL 15 is missing ($bin/initdb)" >&2; exit 2; }

folder=$(mktemp -d /tmp/certgate-bench-pg.XXXXXX)
as_server() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[[ $(id -u) -eq 0 ]] && chown postgres "$folder"
cleanup() { as_server "$bin/pg_ctl" -D "$folder/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$folder"; }
trap cleanup EXIT
echo "bench-password" > "$folder/password"
[[ $(id -u) -eq 0 ]] && chown postgres "$folder/password"
as_server "$bin/initdb" -D "$folder/data" -U certgate --pwfile="$folder/password" -A scram-sha-256 --auth-local=trust \
  -E UTF8 --locale=C --no-sync >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Durable settings (fsync on): the figures are those of a real server.
as_server "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $folder" start >/dev/null

echo "deliveries=$deliveries (claim + mark sent each), $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for notifiers in 1 4; do
  sqlite="$folder/sqlite-$notifiers.db"
  # SQLite serialises every writer on one file lock: under load a notifier
  # can wait past the 5 s busy timeout (reported, not hidden).
  "$bench" --store "$sqlite" --notifiers "$notifiers" --deliveries "$deliveries" ||
    echo "sqlite notifiers=$notifiers: failed (see above)"
done
for notifiers in 1 4; do
  PGPASSWORD=bench-password "$bin/psql" -X -q -d "postgresql://certgate@127.0.0.1:$port/postgres" \
    -c "CREATE DATABASE bench_$notifiers"
  PGPASSWORD=bench-password "$bench" --store "postgresql://certgate@127.0.0.1:$port/bench_$notifiers" \
    --notifiers "$notifiers" --deliveries "$deliveries"
done
