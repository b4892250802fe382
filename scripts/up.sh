#!/usr/bin/env bash
# The README's first command: brings the local environment up, builds, loads the examples, and
# runs Joy.Web in the foreground on http://127.0.0.1:5080 (JOY_PORT overrides the port).
# Ctrl-C stops the service; the environment stays up (`bash scripts/env.sh down` stops it).
set -euo pipefail

# The service talks to the nodes' root-owned sockets: run as root, keeping the caller's PATH.
if (( EUID != 0 )); then
  command -v sudo >/dev/null 2>&1 || { echo "$0: needs root; run it as root (sudo is not installed)" >&2; exit 1; }
  exec sudo -- env "PATH=$PATH" ${JOY_STATE_DIR:+"JOY_STATE_DIR=$JOY_STATE_DIR"} ${JOY_PORT:+"JOY_PORT=$JOY_PORT"} bash "$0" "$@"
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/common.sh
. scripts/lib/common.sh
# shellcheck source=lib/install.sh
. scripts/lib/install.sh
require_dotnet

CONFIGURATION=Release
PORT=${JOY_PORT:-5080}
URL="http://127.0.0.1:${PORT}"

# Loads the example state machines and actors (examples/) into the running service, once it
# answers. scripts/load-examples.sh arrives with the examples; until then this does nothing.
load_examples() {
  [[ -f scripts/load-examples.sh ]] || return 0
  log "loading the examples in the background once ${URL} answers"
  (
    wait_until 120 "Joy.Web on ${URL}" curl -s -o /dev/null "${URL}/" &&
      bash scripts/load-examples.sh "$URL"
  ) </dev/null 9>&- &
}

bash scripts/env.sh up
export JOY_STATE_DIR="$STATE"
export JOY_CONFIG="$STATE/joy.settings.json"
export ASPNETCORE_URLS="$URL"

if curl -s -o /dev/null --max-time 2 "$URL/"; then
  die "something already listens on ${URL} (another scripts/up.sh?); stop it or set JOY_PORT"
fi

log "building (${CONFIGURATION})"
dotnet build Joy.EventSourced.sln -c "$CONFIGURATION" --nologo -v quiet </dev/null

load_examples

cat <<MSG

  Joy service   ${URL}
  Dashboard     ${URL}/
  OpenAPI       ${URL}/swagger   (document: ${URL}/openapi/v1.json)
  Settings      ${JOY_CONFIG}
  Admin key     ${STATE}/admin.key   (root only; the dashboard and the API ask for a key:
                Authorization: Bearer <key>; make others at ${URL}/swagger, /api/v1/admin/keys)

  Ctrl-C stops the service. The environment (PostgreSQL, node-1, node-2) stays up;
  stop it with: bash scripts/env.sh down

MSG
# One process in the foreground (no `dotnet run` wrapper), so Ctrl-C and SIGTERM reach the
# service directly. The content root is Joy.Web/, where appsettings.json lives.
cd Joy.Web
exec dotnet "bin/${CONFIGURATION}/net10.0/Joy.Web.dll"
