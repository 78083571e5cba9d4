#!/usr/bin/env bash
# Starts Azurite's blob service (the local stand-in for Azure Blob Storage in the azure profile) on 127.0.0.1,
# keeping its data in DATA_DIR across restarts, and prints the connection string of its development account.
#
#   infra/local/start-azurite.sh DATA_DIR [PORT]      (PORT defaults to 10000)
#
# Azurite runs in the background: its log is DATA_DIR/azurite.log, its pid DATA_DIR/azurite.pid
# (stop it with: kill "$(cat DATA_DIR/azurite.pid)"). Run again with the same DATA_DIR and it only prints the
# connection string. Azurite 3.37.0 is installed with npm under .ci/tools/azurite when missing.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 DATA_DIR [PORT]" >&2
  exit 2
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$1"
data="$(cd "$1" && pwd)"
port="${2:-10000}"
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
endpoint="http://127.0.0.1:$port/devstoreaccount1"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

if [ -f "$data/azurite.pid" ] && kill -0 "$(cat "$data/azurite.pid")" 2>/dev/null; then
  echo "== Azurite already runs for $data (pid $(cat "$data/azurite.pid"))" >&2
else
  azurite="$repo/.ci/tools/azurite/node_modules/.bin/azurite-blob"
  if [ ! -x "$azurite" ]; then
    echo "== installing Azurite 3.37.0 under .ci/tools/azurite" >&2
    npm install --prefix "$repo/.ci/tools/azurite" azurite@3.37.0 --no-audit --no-fund --loglevel=error >/dev/null
  fi
  if answers; then
    echo "port $port on 127.0.0.1 is already taken; give another PORT" >&2
    exit 1
  fi
  nohup "$azurite" --blobHost 127.0.0.1 --blobPort "$port" --location "$data" --skipApiVersionCheck --disableTelemetry \
    >"$data/azurite.log" 2>&1 </dev/null &
  echo $! >"$data/azurite.pid"
  for _ in $(seq 1 300); do
    if answers; then break; fi
    if ! kill -0 "$(cat "$data/azurite.pid")" 2>/dev/null; then
      echo "Azurite exited; see $data/azurite.log:" >&2
      tail -n 20 "$data/azurite.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  answers || { echo "Azurite did not answer on 127.0.0.1:$port within 30 s; see $data/azurite.log" >&2; exit 1; }
  echo "== Azurite blob service on $endpoint, data in $data (pid $(cat "$data/azurite.pid"))" >&2
fi
echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=$endpoint;"
