#!/usr/bin/env bash
# Starts a PostgreSQL server (Debian's `postgresql` package, installed with apt-get when missing) on 127.0.0.1 with
# its cluster in DATA_DIR/pgdata, for Hangfire in the azure profile, and prints its connection string.
#
#   infra/local/start-postgres.sh DATA_DIR [PORT]      (PORT: a free one when not given)
#
# It runs in the background as the user postgres (when started as root; as yourself otherwise), listening only on
# 127.0.0.1 (no Unix socket); password authentication, the password is made once and kept in DATA_DIR/password.
# Its log is DATA_DIR/postgres.log. Run again with the same DATA_DIR and it only prints the connection string.
# Stop it with infra/local/stop-postgres.sh DATA_DIR.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 DATA_DIR [PORT]" >&2
  exit 2
fi
mkdir -p "$1"
data="$(cd "$1" && pwd)"
cluster="$data/pgdata"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(postgres_bin)" ] || [ ! -x "$(postgres_bin)/initdb" ]; then
  echo "== installing PostgreSQL from Debian" >&2
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bin="$(postgres_bin)"

# Run PostgreSQL's tools as the user postgres when we are root (it refuses to run as root).
if [ "$(id -u)" = 0 ]; then
  chown postgres "$data"
  as_pg() { runuser -u postgres -- "$@"; }
  if ! as_pg test -w "$data"; then
    echo "the user postgres cannot reach $data (a parent directory is closed to it, e.g. made by mktemp -d); choose another DATA_DIR or open its parents (chmod o+x)" >&2
    exit 1
  fi
else
  as_pg() { "$@"; }
fi
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
connection_string() {
  echo "Host=127.0.0.1;Port=$(cat "$data/port");Username=postgres;Password=$(cat "$data/password");Database=postgres"
}

if [ -f "$cluster/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$cluster" status >/dev/null 2>&1; then
  echo "== PostgreSQL already runs for $data on port $(cat "$data/port")" >&2
  connection_string
  exit 0
fi

if [ $# -ge 2 ]; then
  port="$2"
  if answers "$port"; then echo "port $port on 127.0.0.1 is already taken; give another PORT" >&2; exit 1; fi
elif [ -f "$data/port" ] && ! answers "$(cat "$data/port")"; then
  port="$(cat "$data/port")"
else
  port=""
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 20000))
    if ! answers "$candidate"; then port=$candidate; break; fi
  done
  [ -n "$port" ] || { echo "no free port found on 127.0.0.1" >&2; exit 1; }
fi
echo "$port" >"$data/port"

if [ ! -f "$cluster/PG_VERSION" ]; then
  [ -f "$data/password" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr '+/' 'xy' >"$data/password")
  [ "$(id -u)" = 0 ] && chown postgres "$data/password"
  as_pg "$bin/initdb" -D "$cluster" -U postgres --pwfile="$data/password" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
    || { echo "initdb failed; see $data/initdb.log:" >&2; tail -n 20 "$data/initdb.log" >&2; exit 1; }
fi
touch "$data/postgres.log"
[ "$(id -u)" = 0 ] && chown postgres "$data/postgres.log"
as_pg "$bin/pg_ctl" -D "$cluster" -l "$data/postgres.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=''" start >/dev/null \
  || { echo "PostgreSQL did not start; see $data/postgres.log:" >&2; tail -n 20 "$data/postgres.log" >&2; exit 1; }
echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, cluster in $cluster" >&2
connection_string
