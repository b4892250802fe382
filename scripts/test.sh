#!/usr/bin/env bash
# The README's test command: brings the local environment up, builds, runs every test, and ends
# with one plain line, `Tests: N passed, N failed` (plus `, N skipped` when some were skipped).
# TRX results and the console log go to artifacts/test-results/. Exits non-zero on any failure.
set -euo pipefail

# The tests drive the nodes' root-owned sockets and start throwaway nodes: run as root, keeping
# the caller's PATH so a user-installed dotnet is still found.
if (( EUID != 0 )); then
  command -v sudo >/dev/null 2>&1 || { echo "$0: needs root; run it as root (sudo is not installed)" >&2; exit 1; }
  exec sudo -- env "PATH=$PATH" ${JOY_STATE_DIR:+"JOY_STATE_DIR=$JOY_STATE_DIR"} bash "$0" "$@"
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=lib/common.sh
. scripts/lib/common.sh
# shellcheck source=lib/install.sh
. scripts/lib/install.sh
require_dotnet

CONFIGURATION=Release
RESULTS="$ROOT/artifacts/test-results"

bash scripts/env.sh up
export JOY_STATE_DIR="$STATE"
export JOY_CONFIG="$STATE/joy.settings.json"

log "building (${CONFIGURATION})"
dotnet build Joy.EventSourced.sln -c "$CONFIGURATION" --nologo -v quiet </dev/null

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
log "running the tests"
# console logger at normal verbosity: every test's outcome, with message and stack for failures.
# blame-hang: a test stuck for 10 minutes fails the run instead of hanging CI forever.
rc=0
dotnet test Joy.EventSourced.sln -c "$CONFIGURATION" --no-build --nologo \
  --logger "console;verbosity=normal" \
  --logger "trx;LogFilePrefix=joy" \
  --results-directory "$RESULTS" \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  </dev/null 2>&1 | tee "$RESULTS/console.log" || rc=$?

# Sum the counters of every TRX file (one per test project).
passed=0 failed=0 skipped=0 found=0
counter() { grep -o "<Counters [^>]*>" "$1" | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
shopt -s nullglob
for trx in "$RESULTS"/*.trx; do
  found=$((found + 1))
  passed=$((passed + $(counter "$trx" passed)))
  failed=$((failed + $(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted)))
  # Skipped tests are counted in total but not in executed (their notExecuted counter stays 0).
  skipped=$((skipped + $(counter "$trx" total) - $(counter "$trx" executed)))
done

# The console log is long; repeat each failure (name and the start of its message) at the end,
# where a truncated CI log still shows it.
for trx in "$RESULTS"/*.trx; do
  awk '
    function text(s) {
      gsub(/&#xD;/, "", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "\047", s)
      gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s }
    /<UnitTestResult / && /outcome="(Failed|Error|Timeout|Aborted)"/ {
      match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11)
      printf "\nFAILED %s\n", text(name); want = 1; next }
    want && /<Message>/ { inmsg = 1; lines = 0; sub(/.*<Message>/, "") }
    inmsg {
      done = sub(/<\/Message>.*/, "")
      if (lines++ < 8) print "  " text($0)
      if (done) { inmsg = 0; want = 0 } }
  ' "$trx"
done
shopt -u nullglob

if (( found == 0 )); then
  log "no TRX results in ${RESULTS}: the test run did not complete (exit ${rc})"
  (( rc != 0 )) || rc=1
fi
if (( failed > 0 && rc == 0 )); then rc=1; fi

summary="Tests: ${passed} passed, ${failed} failed"
(( skipped == 0 )) || summary+=", ${skipped} skipped"
printf '\n%s\n' "$summary"
exit "$rc"
