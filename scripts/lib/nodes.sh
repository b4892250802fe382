# shellcheck shell=bash
# Docker nodes: one dockerd (with its own containerd) per node, everything under $STATE/NAME:
#   data/ (--data-root), run/ (--exec-root; kept short because containerd's socket lives in it),
#   dockerd.pid, docker.sock, dockerd.log, daemon.json (empty, so /etc/docker/daemon.json is ignored).
# No bridge, no iptables: containers run with --network none, and nothing touches the host's network.

# docker_cli: Debian's client matches the daemons (API 1.41); any other client negotiates down.
docker_cli() {
  if [[ -x /usr/bin/docker ]]; then /usr/bin/docker "$@"; else docker "$@"; fi
}

node_dir() { printf '%s/%s\n' "$STATE" "$1"; }
node_sock() { printf '%s/%s/docker.sock\n' "$STATE" "$1"; }
node_docker() { local name=$1; shift; docker_cli -H "unix://$(node_sock "$name")" "$@"; }

node_ping() {
  [[ $(curl -fsS --max-time 2 --unix-socket "$(node_sock "$1")" http://localhost/_ping 2>/dev/null) == OK ]]
}

node_running() {
  local dir; dir=$(node_dir "$1")
  pid_alive "$dir/dockerd.pid" "$dir/data"
}

# A throwaway node's name becomes a directory and a containerd namespace: keep it plain.
validate_node_name() {
  local name=$1
  [[ $name =~ ^[a-z0-9][a-z0-9_.-]{0,39}$ ]] ||
    die "node name '${name}' must match [a-z0-9][a-z0-9_.-]{0,39}"
  case $name in
    node-1 | node-2) die "${name} is a main node; use 'env.sh up' / 'env.sh down' for it" ;;
    pg | pg-run | tls | images | logs) die "'${name}' is reserved for the environment's own files" ;;
  esac
}

# Clears what a dockerd killed without a clean shutdown (or a reboot) leaves behind: its pid
# file and an orphaned containerd. Only ever kills a containerd whose command line names this
# node's own exec root.
clean_stale_node() {
  local dir; dir=$(node_dir "$1")
  rm -f "$dir/dockerd.pid"
  local cpid="$dir/run/containerd/containerd.pid"
  if pid_alive "$cpid" "$dir/run/"; then
    stop_pid "$cpid" "$dir/run/" "orphaned containerd of $1"
  fi
  rm -f "$cpid"
}

# start_node NAME [EXTRA DOCKERD ARGS...]: starts the node unless it already runs and answers.
start_node() {
  local name=$1; shift
  local dir; dir=$(node_dir "$name")

  if node_running "$name"; then
    if wait_until 30 "${name} to answer /_ping" node_ping "$name"; then
      return 0
    fi
    log "${name}: dockerd runs but does not answer; restarting it"
    stop_pid "$dir/dockerd.pid" "$dir/data" "dockerd ${name}"
  fi
  clean_stale_node "$name"

  mkdir -p "$dir/data" "$dir/run"
  [[ -s $dir/daemon.json ]] || printf '{}\n' >"$dir/daemon.json"
  log "starting dockerd ${name}"
  # setsid + nohup: the daemon outlives this script and the terminal it ran in (Ctrl-C in
  # scripts/up.sh must not take the nodes down).
  setsid nohup dockerd \
    --config-file "$dir/daemon.json" \
    --data-root "$dir/data" \
    --exec-root "$dir/run" \
    --pidfile "$dir/dockerd.pid" \
    -H "unix://$dir/docker.sock" \
    --bridge=none --iptables=false --ip-masq=false \
    --containerd-namespace "joy-${name}" \
    --containerd-plugins-namespace "joy-${name}-plugins" \
    "$@" \
    >>"$dir/dockerd.log" 2>&1 </dev/null 9>&- &

  wait_until 60 "${name} to answer /_ping" node_ping "$name" ||
    die "dockerd ${name} did not come up; last lines of $dir/dockerd.log:
$(tail -n 20 "$dir/dockerd.log")"
}

stop_node() {
  local name=$1 dir; dir=$(node_dir "$1")
  [[ -d $dir ]] || return 0
  # dockerd stops its containers and its own containerd on SIGTERM.
  stop_pid "$dir/dockerd.pid" "$dir/data" "dockerd ${name}"
  clean_stale_node "$name"
}

start_main_nodes() {
  start_node node-1
  start_node node-2 \
    -H "tcp://127.0.0.1:${NODE2_TCP_PORT}" \
    --tlsverify \
    --tlscacert "$STATE/tls/ca.pem" \
    --tlscert "$STATE/tls/server-cert.pem" \
    --tlskey "$STATE/tls/server-key.pem"
}

# extra_nodes: names of throwaway nodes (directories with a dockerd pid file or socket).
extra_nodes() {
  local d name
  for d in "$STATE"/*/daemon.json; do
    [[ -e $d ]] || continue
    name=$(basename "$(dirname "$d")")
    [[ $name == node-1 || $name == node-2 ]] || printf '%s\n' "$name"
  done
}

status_node() {
  local name=$1 dir; dir=$(node_dir "$1")
  if node_running "$name" && node_ping "$name"; then
    local images
    images=$(node_docker "$name" image ls --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep ':latest$' | sort | paste -sd' ')
    local address
    address="unix://$(node_sock "$name")"
    [[ $name != node-2 ]] || address+=" and tcp://127.0.0.1:${NODE2_TCP_PORT} (mutual TLS)"
    printf '%-9s up    %s, pid %s, images: %s\n' "$name" "$address" "$(head -n1 "$dir/dockerd.pid")" "${images:-none}"
  else
    printf '%-9s down\n' "$name"
  fi
}
