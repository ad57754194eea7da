#!/usr/bin/env bash
# Runs the end-to-end tests against a built server: tests/e2e/run.sh path/to/context-sync [FILE.test.mjs...]
# Uses the local Node 22 that install.sh put in node_modules; its test runner prints the summary.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# -ge 1 ]] || { echo "usage: $0 path/to/context-sync [test files...]" >&2; exit 2; }
bin="$(realpath "$1")"
shift
[[ -x "$bin" ]] || { echo "tests/e2e/run.sh: $bin is not an executable" >&2; exit 2; }

node22="$here/node_modules/node/bin/node"
[[ -x "$node22" ]] || { echo "tests/e2e/run.sh: run tests/e2e/install.sh first (no $node22)" >&2; exit 2; }

cd "$here"
if [[ $# -eq 0 ]]; then
    set -- *.test.mjs
fi
# One file at a time: the machine has two cores and each file starts servers and clients of its own.
# The whole run is bounded; each test bounds its own children and waits too.
export CONTEXT_SYNC_BIN="$bin"
export PATH="$here/node_modules/node/bin:$PATH"
exec timeout --kill-after=30 900 "$node22" --test --test-concurrency=1 --test-timeout=180000 \
    --test-reporter=spec "$@"
