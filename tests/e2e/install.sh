#!/usr/bin/env bash
# Installs the end-to-end test clients (MCP SDK, Inspector, Claude Code, a local Node 22) from the
# npm registry exactly as package-lock.json pins them. Idempotent: a stamp holding the lockfile's hash
# skips the ~400 MB reinstall when nothing changed. Fails loudly on any error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

die() {
    echo "tests/e2e/install.sh: $*" >&2
    exit 1
}

command -v npm >/dev/null || die "npm not found (the machine's Node.js/npm is needed to install the clients)"

stamp=node_modules/.context-sync-install-stamp
want="$(sha256sum package-lock.json package.json | sha256sum | cut -d' ' -f1)"

# Each binary the tests run; if any is missing the install is incomplete whatever the stamp says.
installed_ok() {
    [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] || return 1
    [[ -x node_modules/node/bin/node ]] || return 1
    [[ -e node_modules/.bin/mcp-inspector && -e node_modules/.bin/claude ]] || return 1
    node_modules/node/bin/node --version >/dev/null 2>&1 || return 1
}

if installed_ok; then
    echo "tests/e2e: clients already installed ($(node_modules/node/bin/node --version))"
    exit 0
fi

echo "tests/e2e: npm ci (pinned by package-lock.json) ..."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# npm ci removes node_modules first, so a half-finished earlier install cannot linger.
if ! timeout 900 npm ci --no-audit --no-fund --loglevel=error >"$log" 2>&1; then
    # npm prints its whole usage text after some errors; the error lines are what matters.
    grep -v '^npm error   \|^npm error \[' "$log" | tail -n 60 >&2
    die "npm ci failed"
fi

# The "node" package fetches the platform binary in its preinstall script; check it really arrived.
node22="$here/node_modules/node/bin/node"
[[ -x "$node22" ]] || { cat "$log" >&2; die "local Node binary missing after npm ci"; }
major="$("$node22" -p 'process.versions.node.split(".")[0]')" || die "local Node does not run"
[[ "$major" == 22 ]] || die "local Node is v$major, expected 22"
[[ -e node_modules/.bin/mcp-inspector ]] || die "mcp-inspector missing after npm ci"
[[ -e node_modules/.bin/claude ]] || die "claude missing after npm ci"

echo "$want" >"$stamp"
echo "tests/e2e: installed (node $("$node22" --version))"
