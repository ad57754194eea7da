#!/usr/bin/env bash
# The main job on bundled sample data: installs what is missing, builds, then runs `context-sync demo`,
# which lays out two machines in a temporary directory (a Claude config dir with three sample sessions,
# two clones of one bare remote), reads the sessions through the MCP tools, shows a dry run and a refused
# secret, commits and pushes learnings from one machine and pulls them on the other. The binary carries
# its sample data, so `context-sync demo` works the same from any directory once built.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash tests/install-deps.sh
echo "building (first time: a few minutes) ..."
bash tests/build.sh build >/dev/null
exec "$root/build/server/context-sync" --log-level warn demo
