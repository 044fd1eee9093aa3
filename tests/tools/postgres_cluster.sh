#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (SPEC §12): initdb in a temporary directory,
# owned by the postgres user when run as root (PostgreSQL refuses to run as root), on a
# free loopback port with trust authentication; stopped and removed afterwards.
#   postgres_cluster.sh start STATE_DIR   writes STATE_DIR/url (a libpq URI) and STATE_DIR/home
#   postgres_cluster.sh stop STATE_DIR
set -euo pipefail
action=$1
state=$2

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  [ -f "$state/home" ] || return 0
  local home
  home=$(cat "$state/home")
  if [ -f "$home/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$home/data" -m immediate -w stop >/dev/null || true
  fi
  rm -rf "$home" "$state"
}

case $action in
  start)
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || {
      echo "postgres_cluster: PostgreSQL is missing (scripts/test.sh installs postgresql-15)" >&2
      exit 1
    }
    stop
    mkdir -p "$state"
    # Under /tmp, not the build tree: the postgres user must reach it.
    home=$(mktemp -d /tmp/inlet-postgres.XXXXXX)
    echo "$home" >"$state/home"
    [ "$(id -u)" -ne 0 ] || chown postgres "$home"
    as_owner "$bin/initdb" -D "$home/data" -U inlet -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
      >"$home/initdb.log" 2>&1 || { cat "$home/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
      -o "-p $port -k $home -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null ||
      { cat "$home/server.log" >&2; exit 1; }
    echo "postgresql://inlet@127.0.0.1:$port/postgres" >"$state/url"
    echo "postgres_cluster: $(cat "$state/url") (data in $home)"
    ;;
  stop) stop ;;
  *) echo "usage: postgres_cluster.sh start|stop STATE_DIR" >&2; exit 2 ;;
esac
