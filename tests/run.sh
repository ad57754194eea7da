#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs what is missing, builds with warnings as
# errors, runs the unit tests, runs them again under AddressSanitizer + UBSan, then the end-to-end tests
# through real MCP clients (npm packages pinned in tests/e2e/package-lock.json).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash tests/install-deps.sh

echo "== build (warnings as errors)"
bash tests/build.sh build -DCONTEXT_SYNC_WERROR=ON
echo "== unit tests"
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 600

echo "== unit tests under AddressSanitizer + UBSan"
bash tests/build.sh build-asan -DCONTEXT_SYNC_WERROR=ON -DCONTEXT_SYNC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)" --timeout 900

echo "== end-to-end tests through real MCP clients"
bash tests/e2e/install.sh
bash tests/e2e/run.sh "$root/build/server/context-sync"
