#!/usr/bin/env bash
# Starts Azurite's table service (the local stand-in for Azure Table Storage: Orleans clustering and reminders in the
# azure profile) on 127.0.0.1, keeping its data in DATA_DIR across restarts, and prints the TableEndpoint setting to
# append to the blob connection string that infra/local/start-azurite.sh prints (same development account).
#
#   infra/local/start-azurite-table.sh DATA_DIR [PORT]      (PORT defaults to 10002)
#
# Azurite runs in the background: its log is DATA_DIR/azurite-table.log, its pid DATA_DIR/azurite-table.pid
# (stop it with: kill "$(cat DATA_DIR/azurite-table.pid)"). Run again with the same DATA_DIR and it only prints the
# setting. Azurite 3.37.0 is installed with npm under .ci/tools/azurite when missing.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 DATA_DIR [PORT]" >&2
  exit 2
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$1"
data="$(cd "$1" && pwd)"
port="${2:-10002}"
pidfile="$data/azurite-table.pid"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  port="$(cat "$data/azurite-table.port")"
  echo "== Azurite's table service already runs for $data (pid $(cat "$pidfile"))" >&2
else
  azurite="$repo/.ci/tools/azurite/node_modules/.bin/azurite-table"
  if [ ! -x "$azurite" ]; then
    echo "== installing Azurite 3.37.0 under .ci/tools/azurite" >&2
    npm install --prefix "$repo/.ci/tools/azurite" azurite@3.37.0 --no-audit --no-fund --loglevel=error >/dev/null
  fi
  if answers; then
    echo "port $port on 127.0.0.1 is already taken; give another PORT" >&2
    exit 1
  fi
  nohup "$azurite" --tableHost 127.0.0.1 --tablePort "$port" --location "$data" --skipApiVersionCheck --disableTelemetry \
    >"$data/azurite-table.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  echo "$port" >"$data/azurite-table.port"
  for _ in $(seq 1 300); do
    if answers; then break; fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "Azurite's table service exited; see $data/azurite-table.log:" >&2
      tail -n 20 "$data/azurite-table.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  answers || { echo "Azurite's table service did not answer on 127.0.0.1:$port within 30 s; see $data/azurite-table.log" >&2; exit 1; }
  echo "== Azurite table service on http://127.0.0.1:$port/devstoreaccount1, data in $data (pid $(cat "$pidfile"))" >&2
fi
echo "TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
