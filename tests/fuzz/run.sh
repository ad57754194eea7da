#!/usr/bin/env bash
# Builds the libFuzzer targets in the sanitized clang build (the same configuration tests/run.sh uses
# for its ASan+UBSan unit tests, so in CI this builds nothing new) and fuzzes each for a bounded time:
#   tests/fuzz/run.sh [SECONDS_PER_TARGET (default 60)] [TARGET...]
# Environment: FUZZ_BUILD_DIR (default build-san), FUZZ_JOBS (targets fuzzed at once, default nproc),
# FUZZ_RSS_MB (default 2048), FUZZ_TIMEOUT (seconds one input may take, default 30).
#
# Every committed crash input (crashes/<target>/) is replayed first. Then each target starts from its
# seed corpus (corpus/<target>/, never written; new inputs go to $FUZZ_BUILD_DIR/corpus/<target>/).
# Fails when a target crashes, trips ASan/UBSan/LeakSanitizer or a FUZZ_CHECK, takes longer than
# FUZZ_TIMEOUT on one input, or goes over FUZZ_RSS_MB; the input is kept in
# $FUZZ_BUILD_DIR/artifacts/<target>/. To keep one as a regression test, minimise it
# (`$FUZZ_BUILD_DIR/tests/fuzz/<target> -minimize_crash=1 -runs=10000 INPUT`), fix the bug, and commit
# it under crashes/<target>/: ctest then replays it in every build (see CMakeLists.txt here).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(fuzz_jsonrpc fuzz_transcript fuzz_secrets fuzz_cursor)
fi
build=${FUZZ_BUILD_DIR:-$root/build-san}
jobs=${FUZZ_JOBS:-$(nproc)}
rss_mb=${FUZZ_RSS_MB:-2048}
timeout=${FUZZ_TIMEOUT:-30}

bash "$root/tests/build.sh" --sanitized "$build" --target "${targets[@]}"

# The secrets target gets every rule keyword as a dictionary entry, read from today's rule tables.
grep -ohE 'kw_[a-z_]+\("[^"]+"' "$root"/tools/secrets/*.cpp | sed -E 's/^kw_[a-z_]+\(//' | sort -u \
  >"$build/secrets.dict"

options_for() {
  case $1 in
    fuzz_jsonrpc) echo "-dict=$here/json.dict -max_len=8192" ;;
    fuzz_transcript) echo "-dict=$here/json.dict -max_len=16384" ;;
    fuzz_secrets) echo "-dict=$build/secrets.dict -max_len=8192" ;;
    fuzz_cursor) echo "-max_len=1024" ;;
    *) echo "" ;;
  esac
}

fuzz_one() {
  local target=$1 binary="$build/tests/fuzz/$1" log="$build/logs/$1.log"
  local artifacts="$build/artifacts/$1/" work="$build/corpus/$1"
  mkdir -p "$artifacts" "$work" "$(dirname "$log")"
  if [ -d "$here/crashes/$target" ] && [ -n "$(ls -A "$here/crashes/$target")" ]; then
    if ! "$binary" -rss_limit_mb="$rss_mb" -timeout="$timeout" "$here/crashes/$target"/* >"$log" 2>&1; then
      echo "FAIL $target: a committed crash input fails again (log: $log)"
      tail -n 40 "$log"
      return 1
    fi
  fi
  # shellcheck disable=SC2046
  if ! "$binary" $(options_for "$target") -max_total_time="$seconds" -rss_limit_mb="$rss_mb" \
    -timeout="$timeout" -artifact_prefix="$artifacts" -print_final_stats=1 "$work" "$here/corpus/$target" \
    >>"$log" 2>&1; then
    echo "FAIL $target (log: $log, input kept in $artifacts)"
    grep -m1 -E 'ERROR: |fuzz check failed|runtime error' "$log" || true
    tail -n 60 "$log"
    return 1
  fi
  echo "ok   $target: $(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}') runs in ${seconds}s," \
    "$(grep -oE 'cov: [0-9]+' "$log" | tail -n1)"
}

echo "fuzzing ${targets[*]} for ${seconds}s each, $jobs at a time"
failed=0
running=0
for target in "${targets[@]}"; do
  fuzz_one "$target" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done
exit $failed
