#!/usr/bin/env bash
# The plugin's MCP server command: runs the context-sync built in this checkout (building it first if
# there is none yet), else the one on PATH. Build output goes to stderr: stdout is the protocol stream.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
bin="$root/build/server/context-sync"
if [[ ! -x "$bin" ]]; then
  if command -v context-sync >/dev/null; then
    exec context-sync "$@"
  fi
  bash "$root/tests/build.sh" "$root/build" -DCONTEXT_SYNC_TESTS=OFF >&2
fi
exec "$bin" "$@"
