#!/usr/bin/env bash
# Stops what infra/local/start-cluster.sh STATE_DIR started: the silos (SIGTERM, so each drains and leaves the cluster;
# SIGKILL after 30 s), Azurite's blob and table services, and PostgreSQL. The data stays in STATE_DIR.
#
#   infra/local/stop-cluster.sh [STATE_DIR]      (STATE_DIR defaults to ./data/cluster)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${1:-$repo/data/cluster}"
[ -d "$state" ] || { echo "no cluster state in $state" >&2; exit 0; }
state="$(cd "$state" && pwd)"

stop_pid() { # PIDFILE WHAT
  local pidfile="$1" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    echo "== stopped $2 (pid $pid)" >&2
  fi
  rm -f "$pidfile"
}

for pidfile in "$state"/silo-*.pid; do
  [ -e "$pidfile" ] || continue
  stop_pid "$pidfile" "$(basename "$pidfile" .pid)"
done
stop_pid "$state/azurite/azurite.pid" "Azurite (blob)"
stop_pid "$state/azurite/azurite-table.pid" "Azurite (table)"
if [ -d "$state/postgres" ]; then bash "$repo/infra/local/stop-postgres.sh" "$state/postgres"; fi
