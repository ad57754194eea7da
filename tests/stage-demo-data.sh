#!/usr/bin/env bash
# Copies the bundled sample ~/.claude (tests/data/demo/claude) to DEST and gives every transcript the
# mtime of its last timestamp, as if Claude Code had just written it then: a fresh clone's files would
# otherwise all look "active" (modified within the last minute). Usage: stage-demo-data.sh DEST
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest=$1
rm -rf "$dest"
mkdir -p "$dest"
cp -R "$root/tests/data/demo/claude" "$dest/claude"
find "$dest/claude" -name '*.jsonl' -print0 | while IFS= read -r -d '' file; do
  last=$(jq -r '.timestamp // empty' "$file" | tail -n 1)
  [ -n "$last" ] && touch -d "$last" "$file"
done
