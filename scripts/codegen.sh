#!/usr/bin/env bash
# Rewrites the handler code that Release builds load instead of compiling it at startup
# (Joy.Application/Internal/Generated). Run it after adding or changing a Wolverine handler;
# the test `the_generated_handler_code_is_current` fails until then.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
GENERATED="$ROOT/Joy.Application/Internal/Generated"
# The old code is set aside first: after a handler's constructor or signature changed it no longer
# compiles, and Debug (which compiles handlers at runtime) does not need it. Put back on failure.
if [[ -d $GENERATED ]]; then mv "$GENERATED" "$WORK/previous"; fi
restore() { rm -rf "$GENERATED"; if [[ -d $WORK/previous ]]; then mv "$WORK/previous" "$GENERATED"; fi; }
if ! dotnet build "$ROOT/Joy.Web" -c Debug --nologo -v quiet >"$WORK/build.log" 2>&1; then
  grep -E 'error' "$WORK/build.log" | sort -u >&2
  restore
  echo "$0: the Debug build failed" >&2
  exit 1
fi
# `codegen write` builds the host without starting it (no database is contacted) and writes
# under the content root, the working directory.
if ! (cd "$WORK" && ConnectionStrings__Joy="Host=127.0.0.1" dotnet "$ROOT/Joy.Web/bin/Debug/net10.0/Joy.Web.dll" codegen write >"$WORK/codegen.log" 2>&1); then
  grep -v '^Searching\|^for commands\|PublicKeyToken' "$WORK/codegen.log" >&2
  restore
  echo "$0: codegen write failed" >&2
  exit 1
fi
mkdir -p "$ROOT/Joy.Application/Internal"
cp -r "$WORK/Internal/Generated" "$GENERATED"
echo "wrote $(find "$ROOT/Joy.Application/Internal/Generated" -name '*.cs' | wc -l) files to Joy.Application/Internal/Generated"
