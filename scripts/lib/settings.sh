# shellcheck shell=bash
# Writes the settings the service and the tests share:
#   $STATE/joy.settings.json  .NET configuration (Joy.Web reads it via JOY_CONFIG; TestEnvironment too)
#   $STATE/joy.env            the same for shells: `set -a; . /var/lib/joy-dev/joy.env; set +a`
# Both are rewritten only when their content changes.

write_if_changed() {
  local file=$1 content=$2
  if [[ ! -f $file ]] || [[ $(cat "$file") != "$content" ]]; then
    printf '%s\n' "$content" >"${file}.tmp"
    chmod 644 "${file}.tmp"
    mv "${file}.tmp" "$file"
  fi
}

# The first start's admin key (Joy:Auth:BootstrapKeyFile): made here once, readable by root only, so the
# tests and the example loader have it before the service first starts. The service stores it as the admin
# key `bootstrap` in a database where no key was ever made; an admin makes the others at /api/v1/admin/keys.
admin_key_file() { printf '%s/admin.key\n' "$STATE"; }

ensure_admin_key() {
  local file
  file=$(admin_key_file)
  [[ -s $file ]] && return 0
  ( umask 077; printf 'joy_%s\n' "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" >"$file" )
}

write_settings() {
  local tls="$STATE/tls"
  ensure_admin_key
  local connection="Host=127.0.0.1;Port=${PG_PORT};Database=joy;Username=joy;Password=joy"
  local json
  json=$(jq -n \
    --arg connection "$connection" \
    --arg node1 "unix://$(node_sock node-1)" \
    --arg node2 "https://127.0.0.1:${NODE2_TCP_PORT}" \
    --arg pfx "$tls/client.pfx" \
    --arg pfxPassword "$(cat "$tls/client.pfx.password")" \
    --arg ca "$tls/ca.pem" \
    --arg meter "$(meter_path)" \
    --arg adminKey "$(admin_key_file)" \
    '{
      ConnectionStrings: { Joy: $connection },
      Joy: { Auth: { BootstrapKeyFile: $adminKey }, Executor: { MeterPath: $meter }, Nodes: {
        "node-1": { Address: $node1, Image: "joy-runner:latest", MaxRunningJobs: 4 },
        "node-2": { Address: $node2, Image: "joy-runner:latest", MaxRunningJobs: 4,
                    ClientCertificatePath: $pfx, ClientCertificatePassword: $pfxPassword,
                    CaCertificatePath: $ca }
      } }
    }')
  write_if_changed "$STATE/joy.settings.json" "$json"

  write_if_changed "$STATE/joy.env" "# Written by scripts/env.sh. Load with: set -a; . $STATE/joy.env; set +a
JOY_STATE_DIR=$STATE
JOY_CONFIG=$STATE/joy.settings.json
PGHOST=127.0.0.1
PGPORT=${PG_PORT}
PGUSER=joy
PGPASSWORD=joy
PGDATABASE=joy
JOY_NODE1_DOCKER_HOST=unix://$(node_sock node-1)
JOY_NODE2_DOCKER_HOST=tcp://127.0.0.1:${NODE2_TCP_PORT}
JOY_NODE2_DOCKER_CERT_PATH=$tls/docker-client"
}
