# shellcheck shell=bash
# Installs what the environment needs from Debian's packages, and only what is missing.

# gcc + the kernel's headers (linux-libc-dev, which libc6-dev brings) build joy-meter; libc6-dev the programs of its
# accuracy tests; time is GNU time, the yardstick of the meter's accuracy tests.
REQUIRED_PACKAGES=(postgresql docker.io containerd runc debootstrap busybox-static openssl ca-certificates curl jq chromium gcc libc6-dev time)

package_installed() {
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

install_packages() {
  local missing=() pkg
  for pkg in "${REQUIRED_PACKAGES[@]}"; do
    package_installed "$pkg" || missing+=("$pkg")
  done
  # npm installs the dashboard's pinned chart library on Joy.Web's first build. A machine whose Node.js
  # and npm came from elsewhere (nodesource) keeps them; only a machine without npm gets Debian's.
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  if (( ${#missing[@]} == 0 )); then
    return 0
  fi

  log "installing from Debian: ${missing[*]}"
  # The packages' maintainer scripts would start docker.service and the default PostgreSQL
  # cluster. We run our own private daemons instead, so forbid service starts while installing
  # (policy-rc.d exit 101 = "action not allowed"). Only remove the file if we created it.
  local policy=/usr/sbin/policy-rc.d created_policy=false
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=true
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  } </dev/null || rc=$?
  if $created_policy; then rm -f "$policy"; fi
  (( rc == 0 )) || die "apt-get failed (exit ${rc}) installing: ${missing[*]}"
}

# The .NET SDK is not in Debian; it must come from Microsoft (https://dot.net).
require_dotnet() {
  command -v dotnet >/dev/null 2>&1 ||
    die "the .NET 10 SDK is required and 'dotnet' is not on PATH. Install it from https://dotnet.microsoft.com/download (Debian 12 instructions), then rerun."
}

# pg_bin: the directory of Debian's PostgreSQL server binaries (highest installed version).
pg_bin() {
  local dir
  dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  [[ -n $dir && -x $dir/initdb ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  printf '%s\n' "$dir"
}
