#!/usr/bin/env bash
# Checks that ctest runs every Catch2 test case exactly once: tests/check_discovery.sh UNIT_BINARY BUILD_DIR.
#
# catch_discover_tests turns each test case name into a CMake list element and then into a Catch2 test
# spec. A name with ';' became two ctest entries that matched nothing and passed; '*', '\', '"' or a
# leading '~' or '#' change what the spec matches. So: every name must be plain, and the entries ctest
# knows for this binary must be exactly the binary's own test cases.
set -euo pipefail
binary=$1
build_dir=$2
ctest=${CTEST_COMMAND:-ctest}

fail=0
# --list-test-names-only exits with the number of test cases, not 0.
names=$("$binary" --list-test-names-only || true)
if [ -z "$names" ]; then
  echo "error: $binary lists no test cases" >&2
  exit 1
fi

# Names that catch_discover_tests or Catch2's test-spec parser would not carry through unchanged.
bad=$(grep -nE '[;*\\"]|^[~#[:space:]]|[[:space:]]$' <<<"$names" || true)
if [ -n "$bad" ]; then
  echo "error: test case names that test discovery would split or reinterpret (no ; * \\ \" and no leading ~ # or space):" >&2
  echo "$bad" >&2
  fail=1
fi

# Every ctest entry made by catch_discover_tests (label cs_unit, set in tests/CMakeLists.txt), by name.
discovered=$("$ctest" --test-dir "$build_dir" -N -L '^cs_unit$' | sed -n 's/^ *Test *#[0-9]*: //p')
missing=$(comm -23 <(sort <<<"$names") <(sort <<<"$discovered"))
extra=$(comm -13 <(sort <<<"$names") <(sort <<<"$discovered"))
if [ -n "$missing" ]; then
  echo "error: test cases with no ctest entry (they never run under ctest):" >&2
  echo "$missing" >&2
  fail=1
fi
if [ -n "$extra" ]; then
  echo "error: ctest entries that name no test case:" >&2
  echo "$extra" >&2
  fail=1
fi
count=$(wc -l <<<"$names")
echo "$count test cases, $(grep -c . <<<"$discovered") ctest entries"
exit $fail
