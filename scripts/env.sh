#!/usr/bin/env bash
# The local environment Joy runs and is tested against (see README, "Local environment"):
#   env.sh up               PostgreSQL on 127.0.0.1:55432 and Docker nodes node-1 (unix socket)
#                           and node-2 (127.0.0.1:23762, mutual TLS), runner images in both.
#                           Idempotent; a second run takes seconds and changes nothing.
#   env.sh down             stops exactly what `up` and `node-up` started, by pid.
#   env.sh status           what runs.
#   env.sh node-up NAME     a throwaway node on $STATE/NAME/docker.sock with joy-busybox:latest;
#                           prints the socket address.
#   env.sh node-down NAME   stops that node and deletes its state.
# State lives in JOY_STATE_DIR (default /var/lib/joy-dev). Everything listens on loopback only.
set -euo pipefail

# Daemons, cgroups and apt need root.
if (( EUID != 0 )); then
  command -v sudo >/dev/null 2>&1 || { echo "$0: needs root; run it as root (sudo is not installed)" >&2; exit 1; }
  exec sudo --preserve-env=JOY_STATE_DIR,JOY_DEBIAN_MIRROR,JOY_PG_PORT,JOY_NODE2_PORT -- bash "$0" "$@"
fi

SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for lib in common install tls postgres nodes images meter settings; do
  # shellcheck source=/dev/null
  . "$SCRIPTS_DIR/lib/${lib}.sh"
done

usage() {
  sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit 2
}

cmd_up() {
  local started; started=$(now_ms)
  require_dotnet
  install_packages
  mkdir -p "$STATE"
  chmod 755 "$STATE"
  ensure_tls
  ensure_postgres
  build_image_tarballs
  start_main_nodes
  load_images_into_main_nodes
  build_meter
  write_settings
  log "environment up in $(( ($(now_ms) - started) / 1000 )) s; settings: $STATE/joy.settings.json"
}

cmd_down() {
  local name
  # Throwaway nodes (node-up) go entirely; they hold nothing worth keeping.
  while read -r name; do
    [[ -n $name ]] || continue
    stop_node "$name"
    remove_tree "$(node_dir "$name")"
  done < <(extra_nodes)
  stop_node node-2
  stop_node node-1
  stop_postgres
  log "environment down (state kept in $STATE)"
}

cmd_status() {
  status_postgres
  local name
  for name in "${MAIN_NODES[@]}"; do status_node "$name"; done
  while read -r name; do
    [[ -n $name ]] && status_node "$name"
  done < <(extra_nodes)
}

cmd_node_up() {
  local name=$1
  validate_node_name "$name"
  # The busybox tarball is normally cached by `up`; build it (under the main lock) if not.
  [[ -s $(image_tarball joy-busybox) ]] || with_lock "$STATE/locks/env.lock" build_busybox_tarball
  start_node "$name"
  load_image "$name" joy-busybox
  printf 'unix://%s\n' "$(node_sock "$name")"
}

cmd_node_down() {
  local name=$1
  validate_node_name "$name"
  stop_node "$name"
  remove_tree "$(node_dir "$name")"
}

case ${1:-} in
  up) with_lock "$STATE/locks/env.lock" cmd_up ;;
  down) with_lock "$STATE/locks/env.lock" cmd_down ;;
  status) cmd_status ;;
  node-up) [[ -n ${2:-} ]] || usage; with_lock "$STATE/locks/node-$2.lock" cmd_node_up "$2" ;;
  node-down) [[ -n ${2:-} ]] || usage; with_lock "$STATE/locks/node-$2.lock" cmd_node_down "$2" ;;
  *) usage ;;
esac
