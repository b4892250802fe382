# shellcheck shell=bash
# joy-meter, the static helper every metered run starts with (Joy.Executor/Meter/joy-meter.c), built with
# the host's gcc into $STATE/meter/joy-meter; rebuilt only when its source changes. The executor reads it
# from Joy:Executor:MeterPath (written by settings.sh) and places it on each node itself.

METER_SOURCE() { printf '%s/../Joy.Executor/Meter/joy-meter.c\n' "$SCRIPTS_DIR"; }
meter_path() { printf '%s/meter/joy-meter\n' "$STATE"; }

build_meter() {
  local source hash stamp
  source=$(METER_SOURCE)
  hash=$(sha256sum "$source" | cut -c1-64)
  stamp="$(meter_path).sha256"
  if [[ -x $(meter_path) && -f $stamp && $(cat "$stamp") == "$hash" ]]; then
    return 0
  fi

  mkdir -p "$STATE/meter"
  log "building joy-meter"
  # Static: it runs in any image, with or without a libc or a shell.
  gcc -static -O2 -s -Wall -Wextra -Werror -o "$(meter_path).tmp" "$source" ||
    die "could not build joy-meter from $source (gcc and libc6-dev are needed)"
  chmod 755 "$(meter_path).tmp"
  mv "$(meter_path).tmp" "$(meter_path)"
  printf '%s\n' "$hash" >"$stamp"
}
