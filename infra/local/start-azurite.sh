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
# shellcheck source=infra/local/azurite-service.sh
. "$(dirname "${BASH_SOURCE[0]}")/azurite-service.sh"
mkdir -p "$1"
data="$(cd "$1" && pwd)"
port="$(start_azurite_service blob azurite "$data" "${2:-10000}")"
account_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$account_key;BlobEndpoint=http://127.0.0.1:$port/devstoreaccount1;"
