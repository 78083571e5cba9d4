#!/usr/bin/env bash
# Starts a local azure-profile cluster on loopback: Azurite (blob and table services), PostgreSQL, and SILOS server
# processes (2 by default) that share them, each with its own HTTP, silo and gateway port; prints their URLs.
#
#   infra/local/start-cluster.sh [STATE_DIR]      (STATE_DIR defaults to ./data/cluster; stop with stop-cluster.sh)
#
# Environment (all optional): SILOS (2), HTTP_BASE_PORT (5081: silo i answers HTTP on HTTP_BASE_PORT+i-1),
# SILO_BASE_PORT (11121), GATEWAY_BASE_PORT (30011), AZURITE_BLOB_PORT (10000), AZURITE_TABLE_PORT (10002),
# POSTGRES_PORT (a free one), ORIGIN (the log's origin, oversightledger.local/log), OVERSIGHT_ADMIN_KEY (made once
# and kept in STATE_DIR/admin.key). Everything lives in STATE_DIR: azurite/, postgres/, keys/ (log.key and
# pseudonym.key, made by make-keys.sh), silo-N/ (each silo's data directory: its logs), silo-N.log, silo-N.pid.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$repo/infra/local"
state="${1:-$repo/data/cluster}"
mkdir -p "$state"
state="$(cd "$state" && pwd)"
silos="${SILOS:-2}"
http_base="${HTTP_BASE_PORT:-5081}"
silo_base="${SILO_BASE_PORT:-11121}"
gateway_base="${GATEWAY_BASE_PORT:-30011}"
origin="${ORIGIN:-oversightledger.local/log}"

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

blob="$(bash "$here/start-azurite.sh" "$state/azurite" "${AZURITE_BLOB_PORT:-10000}")"
table="$(bash "$here/start-azurite-table.sh" "$state/azurite" "${AZURITE_TABLE_PORT:-10002}")"
storage="$blob$table"
postgres="$(bash "$here/start-postgres.sh" "$state/postgres" ${POSTGRES_PORT:+"$POSTGRES_PORT"})"
bash "$here/make-keys.sh" "$state/keys" "$origin" >/dev/null
if [ -z "${OVERSIGHT_ADMIN_KEY:-}" ]; then
  [ -f "$state/admin.key" ] || (umask 077; echo "olk_local-cluster-$(head -c 24 /dev/urandom | base64 | tr '+/' 'xy')" >"$state/admin.key")
  OVERSIGHT_ADMIN_KEY="$(cat "$state/admin.key")"
fi

dll="$repo/src/OversightLedger.Server/bin/Release/net10.0/OversightLedger.Server.dll"
echo "== building the server (Release)" >&2
dotnet build "$repo/src/OversightLedger.Server" -c Release -v quiet -nologo >"$state/build.log" 2>&1 \
  || { echo "the build failed; see $state/build.log" >&2; tail -n 20 "$state/build.log" >&2; exit 1; }

start_silo() {
  local i="$1" http=$((http_base + $1 - 1)) silo=$((silo_base + $1 - 1)) gateway=$((gateway_base + $1 - 1))
  if [ -f "$state/silo-$i.pid" ] && kill -0 "$(cat "$state/silo-$i.pid")" 2>/dev/null; then
    echo "== silo $i already runs (pid $(cat "$state/silo-$i.pid"))" >&2
    return
  fi
  for port in "$http" "$silo" "$gateway"; do
    if answers "$port"; then echo "port $port on 127.0.0.1 is taken; set HTTP_BASE_PORT/SILO_BASE_PORT/GATEWAY_BASE_PORT" >&2; exit 1; fi
  done
  mkdir -p "$state/silo-$i"
  OVERSIGHT_Profile=azure \
  OVERSIGHT_ADMIN_KEY="$OVERSIGHT_ADMIN_KEY" \
  OVERSIGHT_Azure__StorageConnectionString="$storage" \
  OVERSIGHT_Azure__KeysDirectory="$state/keys" \
  OVERSIGHT_Hangfire__PostgreSql="$postgres" \
  OVERSIGHT_Log__Origin="$origin" \
  nohup dotnet exec "$dll" --urls "http://127.0.0.1:$http" --data "$state/silo-$i" \
    --SiloPort "$silo" --GatewayPort "$gateway" --AdvertisedIp 127.0.0.1 >"$state/silo-$i.log" 2>&1 </dev/null &
  echo $! >"$state/silo-$i.pid"
  echo "http://127.0.0.1:$http" >"$state/silo-$i.url"
}

wait_ready() {
  local i="$1" url
  url="$(cat "$state/silo-$i.url")"
  for _ in $(seq 1 900); do
    if curl -fsS -o /dev/null --max-time 5 "$url/health/ready" 2>/dev/null; then return 0; fi
    if ! kill -0 "$(cat "$state/silo-$i.pid")" 2>/dev/null; then
      echo "silo $i exited; see $state/silo-$i.log:" >&2
      tail -n 30 "$state/silo-$i.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "silo $i was not ready within 180 s; see $state/silo-$i.log" >&2
  exit 1
}

# The first silo alone (it creates the tables, containers, Hangfire's schema and registers the admin key), then the others.
start_silo 1
wait_ready 1
for i in $(seq 2 "$silos"); do start_silo "$i"; done
for i in $(seq 2 "$silos"); do wait_ready "$i"; done

echo "== a cluster of $silos silos (azure profile) is ready" >&2
for i in $(seq 1 "$silos"); do
  echo "silo $i: $(cat "$state/silo-$i.url")   (pid $(cat "$state/silo-$i.pid"), log $state/silo-$i.log)"
done
echo "admin key: $OVERSIGHT_ADMIN_KEY"
echo "log verifier key: $(cat "$state/keys/log.vkey" 2>/dev/null || echo "see /log/key")"
echo "storage: $storage"
echo "postgres: $postgres"
echo "stop with: bash infra/local/stop-cluster.sh $state"
