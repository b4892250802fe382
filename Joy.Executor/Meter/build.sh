#!/bin/sh
# build.sh OUTPUT: joy-meter from joy-meter.c beside this script. The one compile command, run by scripts/env.sh
# (scripts/lib/meter.sh) and by Joy.Web/Dockerfile alike. No C library (see the source's header), so no stack
# protector either (its canary lives in the C library's thread data); two load segments, not four
# (noseparate-code), so exec maps and faults in fewer pages.
set -eu
exec gcc -nostdlib -static -ffreestanding -fno-stack-protector -O2 -s -Wall -Wextra -Werror \
  -Wl,-z,noseparate-code -Wl,--build-id=none -o "$1" "$(dirname "$0")/joy-meter.c"
