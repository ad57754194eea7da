#!/usr/bin/env bash
# Without ../shared (a user's clone has none), every test tagged [shared] must report itself skipped
# (the CS_SKIP_TEST marker that ctest turns into "Skipped"), not pass silently or fail:
#   tests/check_shared_skips.sh UNIT_TEST_BINARY
# It runs each such test with CS_SHARED_DIR pointing at a directory that does not exist.
set -euo pipefail
binary=$1
absent=$(mktemp -d)/no-shared-here
trap 'rm -rf "$(dirname "$absent")"' EXIT

mapfile -t names < <("$binary" "[shared]" --list-test-names-only | sed -e 's/[[:space:]]*$//' -e '/^$/d')
if ((${#names[@]} == 0)); then
  echo "no test is tagged [shared]" >&2
  exit 1
fi
failed=0
for name in "${names[@]}"; do
  # A test name is a Catch2 filter, where a comma separates filters: escape it.
  if out=$(CS_SHARED_DIR=$absent "$binary" "${name//,/\\,}" 2>&1) && grep -q "CS_TEST_SKIPPED: " <<<"$out"; then
    echo "skipped as it should: $name"
  else
    echo "FAIL: without ../shared, \"$name\" did not report itself skipped:" >&2
    tail -n 20 <<<"$out" >&2
    failed=1
  fi
done
exit "$failed"
