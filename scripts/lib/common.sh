# shellcheck shell=bash
# shellcheck disable=SC2034 # the settings below are used by the files that source this one
# Shared helpers for the local environment scripts: paths, logging, waiting, pid files.
# Sourced by scripts/env.sh; never run on its own.

STATE="${JOY_STATE_DIR:-/var/lib/joy-dev}"
# Overridable so a second, isolated environment can run beside the shared one.
PG_PORT="${JOY_PG_PORT:-55432}"
NODE2_TCP_PORT="${JOY_NODE2_PORT:-23762}"
# The two long-lived nodes. Extra throwaway nodes (node-up NAME) live next to them.
MAIN_NODES=(node-1 node-2)

log() { printf '[env] %s\n' "$*" >&2; }
die() { printf '[env] error: %s\n' "$*" >&2; exit 1; }

# now_ms: wall clock in milliseconds, for the timings printed at the end of `up`.
now_ms() { date +%s%3N; }

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s until it succeeds.
# Bounded, so a daemon that never comes up fails the script instead of hanging CI.
wait_until() {
  local timeout=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) >= deadline )); then
      log "timed out after ${timeout}s waiting for ${what}"
      return 1
    fi
    sleep 0.2
  done
}

# pid_alive PIDFILE PATTERN: the pid in PIDFILE is a live process whose command line
# contains PATTERN. A pid file left over from an earlier boot may name a pid that some
# unrelated process now has, hence the command line check.
pid_alive() {
  local pidfile=$1 pattern=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(head -n1 "$pidfile" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern"
}

# stop_pid PIDFILE PATTERN WHAT: SIGTERM the process named by PIDFILE (only if it is ours,
# see pid_alive), wait up to 30 s, then SIGKILL. Removes the pid file.
stop_pid() {
  local pidfile=$1 pattern=$2 what=$3 pid
  if pid_alive "$pidfile" "$pattern"; then
    pid=$(head -n1 "$pidfile")
    log "stopping ${what} (pid ${pid})"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_until 30 "${what} to exit" test ! -d "/proc/$pid"; then
      log "${what} did not exit on SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_until 10 "${what} to die" test ! -d "/proc/$pid" || true
    fi
  fi
  rm -f "$pidfile"
}

# with_lock FILE COMMAND...: runs COMMAND holding an exclusive flock on FILE (fd 9), so two
# concurrent `env.sh up` runs (two worktrees, CI and a developer) do not race each other.
# Daemons started under the lock must be launched with `9>&-`: a daemon that inherits fd 9
# holds the lock for as long as it lives.
with_lock() {
  local file=$1; shift
  mkdir -p "$(dirname "$file")"
  (
    flock -w 900 9 || die "could not take the lock ${file} within 15 minutes"
    "$@"
  ) 9>"$file"
}
