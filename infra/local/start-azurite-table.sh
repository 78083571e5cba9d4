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
# shellcheck source=infra/local/azurite-service.sh
. "$(dirname "${BASH_SOURCE[0]}")/azurite-service.sh"
mkdir -p "$1"
data="$(cd "$1" && pwd)"
port="$(start_azurite_service table azurite-table "$data" "${2:-10002}")"
echo "TableEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
