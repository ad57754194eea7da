#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs what is missing, builds with warnings as
# errors, runs the unit tests (with the fuzz targets' corpora and crash inputs replayed), the unit
# tests again under AddressSanitizer + UBSan, then the end-to-end tests through real MCP clients (npm
# packages pinned in tests/e2e/package-lock.json). Prints how long each stage took.
# Not yet stages here, run by hand until they pass on the whole tree: tests/clang_tidy.sh build (the
# clang-tidy gate) and tests/fuzz/run.sh SECONDS (each libFuzzer target for a bounded time).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

timings=()
stage() {
  local name=$1 started
  shift
  echo "== $name"
  started=$(date +%s)
  "$@"
  timings+=("$(printf '%5ss  %s' $(($(date +%s) - started)) "$name")")
}

unit_tests() {
  ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 600
}
asan_unit_tests() {
  bash tests/build.sh build-asan -DCONTEXT_SYNC_WERROR=ON -DCONTEXT_SYNC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions="$root/tests/lsan.supp" \
    ctest --test-dir build-asan --output-on-failure -j"$(nproc)" --timeout 900
}
e2e_tests() {
  bash tests/e2e/install.sh
  bash tests/e2e/run.sh "$root/build/server/context-sync"
}

stage "install dependencies" bash tests/install-deps.sh
stage "build (warnings as errors)" bash tests/build.sh build -DCONTEXT_SYNC_WERROR=ON
stage "unit tests" unit_tests
stage "unit tests under AddressSanitizer + UBSan" asan_unit_tests
stage "end-to-end tests through real MCP clients" e2e_tests

echo "== all stages passed"
printf '%s\n' "${timings[@]}"
