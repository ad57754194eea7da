#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs what is missing, builds with g++ and
# warnings as errors, runs the unit tests (with the fuzz targets' corpora and crash inputs replayed),
# the clang-tidy gate, then one clang build with AddressSanitizer + UBSan that serves both the unit
# tests run again under the sanitizers and each libFuzzer target fuzzed for a bounded time, then the
# end-to-end tests through real MCP clients (npm packages pinned in tests/e2e/package-lock.json).
# Prints how long each stage took; any failing stage fails the run.
# Environment: FUZZ_SECONDS (per target, default 45; 4 targets, 2 at a time), CLANG_TIDY_JOBS (2).
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

# Runs two stages side by side, each one's output kept in a log and shown when both ended; fails when
# either failed. For a CPU-bound stage beside one that mostly waits (the unit tests spend most of their
# time in child processes, sockets and backoff sleeps).
side_by_side() {
  local first=$1 second=$2 first_log second_log pid first_rc=0 second_rc=0
  first_log=$(mktemp)
  second_log=$(mktemp)
  "$first" >"$first_log" 2>&1 &
  pid=$!
  "$second" >"$second_log" 2>&1 || second_rc=$?
  wait "$pid" || first_rc=$?
  echo "-- $first (exit $first_rc)"
  cat "$first_log"
  echo "-- $second (exit $second_rc)"
  cat "$second_log"
  rm -f "$first_log" "$second_log"
  ((first_rc == 0 && second_rc == 0))
}

unit_tests() {
  ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 600
}
clang_tidy_gate() {
  bash tests/clang_tidy.sh build
}
sanitized_build() {
  bash tests/build.sh --sanitized build-san
}
sanitized_unit_tests() {
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions="$root/tests/lsan.supp" \
    ctest --test-dir build-san --output-on-failure -j"$(nproc)" --timeout 900
}
fuzzing() {
  FUZZ_BUILD_DIR="$root/build-san" FUZZ_JOBS="$(nproc)" bash tests/fuzz/run.sh "${FUZZ_SECONDS:-45}"
}
e2e_tests() {
  bash tests/e2e/install.sh
  bash tests/e2e/run.sh "$root/build/server/context-sync"
}

stage "install dependencies" bash tests/install-deps.sh
# Without debug info: no stage here needs it, and it is a quarter of g++'s time on a test file.
stage "build (g++, warnings as errors)" bash tests/build.sh build -DCONTEXT_SYNC_WERROR=ON \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -DNDEBUG"
stage "unit tests, beside the clang-tidy gate" side_by_side unit_tests clang_tidy_gate
stage "sanitized build (clang, ASan + UBSan + libFuzzer)" sanitized_build
stage "unit tests under AddressSanitizer + UBSan" sanitized_unit_tests
stage "fuzzing each target" fuzzing
stage "end-to-end tests through real MCP clients" e2e_tests

echo "== all stages passed"
printf '%s\n' "${timings[@]}"
