#!/usr/bin/env bash
# Loads examples/judge into a running Joy service: its actors (each actor's scriptFile, a path
# relative to the actor's JSON file, is sent inline as `script`), then the judge state machine.
# A definition that does not exist yet is PUT; one that exists is PATCHed with the file's fields,
# so running this twice changes nothing and an edited script becomes a new version.
#
#   bash scripts/load-examples.sh [BASE_URL]      (default http://127.0.0.1:5080)
#
# Defining actors needs the operator role: the key is JOY_API_KEY, else the environment's admin key
# ($JOY_STATE_DIR/admin.key, which scripts/env.sh makes and the service stores on its first start).
set -euo pipefail

BASE=${1:-http://127.0.0.1:5080}
BASE=${BASE%/}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EXAMPLES=$ROOT/examples/judge

for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "load-examples: $tool is required (bash scripts/env.sh up installs it)" >&2; exit 1; }
done

KEY=${JOY_API_KEY:-}
KEY_FILE=${JOY_STATE_DIR:-/var/lib/joy-dev}/admin.key
if [[ -z $KEY ]]; then
  [[ -r $KEY_FILE ]] || { echo "load-examples: set JOY_API_KEY to an operator's key (or run as root: $KEY_FILE)" >&2; exit 1; }
  KEY=$(<"$KEY_FILE")
fi
# The key goes to curl on stdin as a header file, never on a command line that ps shows.
AUTH_HEADER="Authorization: Bearer ${KEY}"

RESPONSE=$(mktemp)
trap 'rm -f "$RESPONSE"' EXIT

# request METHOD PATH [BODY]: prints the HTTP status; the response body is left in $RESPONSE.
request() {
  local method=$1 path=$2 body=${3-}
  if [[ -n $body ]]; then
    printf '%s' "$body" | curl -sS -o "$RESPONSE" -w '%{http_code}' -X "$method" -H @<(printf '%s\n' "$AUTH_HEADER") \
      -H 'Content-Type: application/json' --data-binary @- "$BASE$path"
  else
    curl -sS -o "$RESPONSE" -w '%{http_code}' -X "$method" -H @<(printf '%s\n' "$AUTH_HEADER") "$BASE$path"
  fi
}

fail() {
  echo "load-examples: $1 answered HTTP $2:" >&2
  jq . "$RESPONSE" >&2 2>/dev/null || cat "$RESPONSE" >&2
  exit 1
}

# upsert RESOURCE BODY: PUT when the name is new, PATCH when it exists; says which and the version.
upsert() {
  local resource=$1 body=$2 name status before after
  name=$(jq -r '.name' <<<"$body")
  status=$(request GET "/api/v1/$resource/$name")
  case $status in
    404)
      status=$(request PUT "/api/v1/$resource" "$body")
      [[ $status == 201 ]] || fail "PUT /api/v1/$resource ($name)" "$status"
      echo "$resource $name: created (version 1)"
      ;;
    200)
      before=$(jq -r '.version' "$RESPONSE")
      status=$(request PATCH "/api/v1/$resource/$name" "$body")
      [[ $status == 200 ]] || fail "PATCH /api/v1/$resource/$name" "$status"
      after=$(jq -r '.version' "$RESPONSE")
      if [[ $after == "$before" ]]; then
        echo "$resource $name: unchanged (version $after)"
      else
        echo "$resource $name: updated (version $before -> $after)"
      fi
      ;;
    *) fail "GET /api/v1/$resource/$name" "$status" ;;
  esac
}

# actor_body FILE: the actor's JSON with scriptFile replaced by the script's text.
actor_body() {
  local file=$1 script_file
  script_file=$(jq -r '.scriptFile // empty' "$file")
  if [[ -n $script_file ]]; then
    jq -c --rawfile script "$(dirname "$file")/$script_file" 'del(.scriptFile) + {script: $script}' "$file"
  else
    jq -c . "$file"
  fi
}

for file in "$EXAMPLES"/actors/*.json; do
  upsert Actor "$(actor_body "$file")"
done
upsert StateMachine "$(jq -c . "$EXAMPLES/judge.statemachine.json")"
