# Sourced by start-azurite.sh and start-azurite-table.sh: starts one Azurite service on 127.0.0.1 in the background.
#
#   start_azurite_service SERVICE NAME DATA_DIR PORT
#
# SERVICE is blob or table; NAME names its files in DATA_DIR: NAME.log, NAME.pid and NAME.port. If that service already
# runs for DATA_DIR, nothing is started. Prints the port the service answers on. Azurite 3.37.0 is installed with npm
# under .ci/tools/azurite when missing.
start_azurite_service() {
  local service="$1" name="$2" data="$3" port="$4"
  local repo pidfile azurite
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  pidfile="$data/$name.pid"
  answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    [ -f "$data/$name.port" ] && port="$(cat "$data/$name.port")"
    echo "== Azurite's $service service already runs for $data (pid $(cat "$pidfile"))" >&2
    echo "$port"
    return 0
  fi

  azurite="$repo/.ci/tools/azurite/node_modules/.bin/azurite-$service"
  if [ ! -x "$azurite" ]; then
    echo "== installing Azurite 3.37.0 under .ci/tools/azurite" >&2
    npm install --prefix "$repo/.ci/tools/azurite" azurite@3.37.0 --no-audit --no-fund --loglevel=error >/dev/null
  fi
  if answers; then
    echo "port $port on 127.0.0.1 is already taken; give another PORT" >&2
    return 1
  fi
  nohup "$azurite" "--${service}Host" 127.0.0.1 "--${service}Port" "$port" --location "$data" --skipApiVersionCheck --disableTelemetry \
    >"$data/$name.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  echo "$port" >"$data/$name.port"
  for _ in $(seq 1 300); do
    if answers; then break; fi
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "Azurite's $service service exited; see $data/$name.log:" >&2
      tail -n 20 "$data/$name.log" >&2
      return 1
    fi
    sleep 0.1
  done
  answers || { echo "Azurite's $service service did not answer on 127.0.0.1:$port within 30 s; see $data/$name.log" >&2; return 1; }
  echo "== Azurite $service service on http://127.0.0.1:$port/devstoreaccount1, data in $data (pid $(cat "$pidfile"))" >&2
  echo "$port"
}
