#!/usr/bin/env bash
# Stops the PostgreSQL server that infra/local/start-postgres.sh DATA_DIR started (fast shutdown); its data stays.
#
#   infra/local/stop-postgres.sh DATA_DIR
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 DATA_DIR" >&2
  exit 2
fi
cluster="$(cd "$1" && pwd)/pgdata"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -f "$cluster/postmaster.pid" ] || exit 0
if [ "$(id -u)" = 0 ]; then
  runuser -u postgres -- "$bin/pg_ctl" -D "$cluster" -m fast -w stop >/dev/null
else
  "$bin/pg_ctl" -D "$cluster" -m fast -w stop >/dev/null
fi
echo "== PostgreSQL stopped ($cluster)" >&2
