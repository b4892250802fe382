# shellcheck shell=bash
# joy-meter, the static helper every metered run starts with (Joy.Executor/Meter/joy-meter.c), built by
# Joy.Executor/Meter/build.sh with the host's gcc into $STATE/meter/joy-meter; rebuilt only when the source or
# the build script changes. The executor reads it from Joy:Executor:MeterPath (written by settings.sh) and
# places it on each node itself.

METER_DIR() { printf '%s/../Joy.Executor/Meter\n' "$SCRIPTS_DIR"; }
meter_path() { printf '%s/meter/joy-meter\n' "$STATE"; }

build_meter() {
  local dir hash stamp
  dir=$(METER_DIR)
  hash=$(cat "$dir/joy-meter.c" "$dir/build.sh" | sha256sum | cut -c1-64)
  stamp="$(meter_path).sha256"
  if [[ -x $(meter_path) && -f $stamp && $(cat "$stamp") == "$hash" ]]; then
    return 0
  fi

  mkdir -p "$STATE/meter"
  log "building joy-meter"
  # Static and without a C library: it runs in any image, with or without a libc or a shell.
  sh "$dir/build.sh" "$(meter_path).tmp" ||
    die "could not build joy-meter from $dir/joy-meter.c (gcc and the kernel's headers, linux-libc-dev, are needed)"
  chmod 755 "$(meter_path).tmp"
  mv "$(meter_path).tmp" "$(meter_path)"
  printf '%s\n' "$hash" >"$stamp"
}
