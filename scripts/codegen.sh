#!/usr/bin/env bash
# Rewrites the handler code that Release builds load instead of compiling it at startup
# (Joy.Application/Internal/Generated). Run it after adding or changing a Wolverine handler;
# the test `the_generated_handler_code_is_current` fails until then.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
dotnet build "$ROOT/Joy.Web" -c Debug --nologo -v quiet >/dev/null
# `codegen write` builds the host without starting it (no database is contacted) and writes
# under the content root, the working directory.
if ! (cd "$WORK" && ConnectionStrings__Joy="Host=127.0.0.1" dotnet "$ROOT/Joy.Web/bin/Debug/net10.0/Joy.Web.dll" codegen write >"$WORK/codegen.log" 2>&1); then
  grep -v '^Searching\|^for commands\|PublicKeyToken' "$WORK/codegen.log" >&2
  echo "$0: codegen write failed" >&2
  exit 1
fi
rm -rf "$ROOT/Joy.Application/Internal/Generated"
mkdir -p "$ROOT/Joy.Application/Internal"
cp -r "$WORK/Internal/Generated" "$ROOT/Joy.Application/Internal/Generated"
echo "wrote $(find "$ROOT/Joy.Application/Internal/Generated" -name '*.cs' | wc -l) files to Joy.Application/Internal/Generated"
