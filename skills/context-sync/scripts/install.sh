#!/usr/bin/env bash
# Builds context-sync when needed and installs it into Claude Code: registers the MCP server, installs
# the /context-sync skill and allows the server's tools (see `context-sync install --help`).
# Usage: skills/context-sync/scripts/install.sh [--scope user|project] [--dry-run]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
bin="$root/build/server/context-sync"
if [[ ! -x "$bin" ]]; then
  [[ -x /usr/bin/cmake && -x /usr/bin/ninja ]] || bash "$root/tests/install-deps.sh"
  echo "building context-sync (a few minutes the first time) ..." >&2
  bash "$root/tests/build.sh" "$root/build" -DCONTEXT_SYNC_TESTS=OFF >&2
fi
exec "$bin" --log-level warn install "$@"
