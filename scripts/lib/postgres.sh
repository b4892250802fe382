# shellcheck shell=bash
# A private PostgreSQL cluster from Debian's binaries: data in $STATE/pg (owned by the postgres
# user), loopback port 55432, unix socket in $STATE/pg-run, scram password auth, superuser joy/joy,
# database joy. Debian's own cluster and service are never touched.

PG_DATA() { printf '%s/pg\n' "$STATE"; }
PG_RUN() { printf '%s/pg-run\n' "$STATE"; }
PG_LOG() { printf '%s/pg-run/postgres.log\n' "$STATE"; }

# 9>&-: the server must not inherit the env.sh lock (see with_lock).
pg_as_postgres() { runuser -u postgres -- "$@" 9>&-; }

pg_ready() {
  "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -d postgres
}

pg_running() {
  pid_alive "$(PG_DATA)/postmaster.pid" "$(PG_DATA)"
}

# Settings we own. Rewritten on every `up`; a change restarts the server.
pg_settings() {
  cat <<CONF
# Written by scripts/env.sh; edits are overwritten.
listen_addresses = '127.0.0.1'
port = ${PG_PORT}
unix_socket_directories = '$(PG_RUN)'
# The test suite opens many pools at once (a database per test class).
max_connections = 300
password_encryption = scram-sha-256
log_line_prefix = '%m [%p] %q%u@%d '
log_min_messages = warning
CONF
}

pg_init() {
  local data; data=$(PG_DATA)
  [[ -s $data/PG_VERSION ]] && return 0
  log "initialising a PostgreSQL cluster in ${data}"
  rm -rf "$data"
  install -d -o postgres -g postgres -m 700 "$data"
  local pwfile; pwfile=$(mktemp)
  printf 'joy\n' >"$pwfile"
  chown postgres "$pwfile"
  pg_as_postgres "$(pg_bin)/initdb" -D "$data" --username=joy --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 --no-instructions >/dev/null
  rm -f "$pwfile"
  printf "\ninclude 'joy.conf'\n" >>"$data/postgresql.conf"
}

ensure_postgres() {
  local data run; data=$(PG_DATA); run=$(PG_RUN)
  install -d -o postgres -g postgres -m 755 "$run"
  pg_init

  local conf="$data/joy.conf" changed=false
  if ! cmp -s <(pg_settings) "$conf"; then
    pg_settings >"$conf"
    chown postgres:postgres "$conf"
    changed=true
  fi

  if pg_running; then
    if $changed; then
      log "PostgreSQL settings changed; restarting"
      pg_as_postgres "$(pg_bin)/pg_ctl" -D "$data" -l "$(PG_LOG)" -m fast -w -t 60 restart >/dev/null
    fi
    wait_until 30 "PostgreSQL to accept connections" pg_ready ||
      die "PostgreSQL (pid $(head -n1 "$data/postmaster.pid")) runs but does not answer; see $(PG_LOG)"
  else
    # A postmaster.pid whose process is gone (or is now some other program) is left over from
    # an earlier boot; PostgreSQL could mistake a reused pid for a live server.
    rm -f "$data/postmaster.pid"
    log "starting PostgreSQL on 127.0.0.1:${PG_PORT}"
    pg_as_postgres "$(pg_bin)/pg_ctl" -D "$data" -l "$(PG_LOG)" -w -t 60 start >/dev/null ||
      die "PostgreSQL did not start; see $(PG_LOG)"
    wait_until 30 "PostgreSQL to accept connections" pg_ready || die "PostgreSQL does not answer; see $(PG_LOG)"
  fi

  local exists
  exists=$(PGPASSWORD=joy psql -h 127.0.0.1 -p "$PG_PORT" -U joy -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'joy'")
  if [[ $exists != 1 ]]; then
    PGPASSWORD=joy psql -h 127.0.0.1 -p "$PG_PORT" -U joy -d postgres -qc 'CREATE DATABASE joy' >/dev/null
  fi
}

stop_postgres() {
  local data; data=$(PG_DATA)
  if pg_running; then
    log "stopping PostgreSQL"
    pg_as_postgres "$(pg_bin)/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
  fi
}

status_postgres() {
  if pg_running && pg_ready; then
    printf 'postgres  up    127.0.0.1:%s, pid %s, data %s\n' "$PG_PORT" "$(head -n1 "$(PG_DATA)/postmaster.pid")" "$(PG_DATA)"
  else
    printf 'postgres  down\n'
  fi
}
