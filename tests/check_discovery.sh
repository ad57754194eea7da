#!/usr/bin/env bash
# Checks that ctest runs every Catch2 test case exactly once: tests/check_discovery.sh UNIT_BINARY BUILD_DIR.
#
# catch_discover_tests (Catch2 2.13's CatchAddTests.cmake) turns each test case name into a CMake list
# element, then into a Catch2 test spec. Tried on a test binary with odd names:
# - ';' splits a name into two entries that match nothing (they passed before -w NoTests);
# - '[' and ']' are CMake list brackets: a '[' in one name and a ']' in a later one join every name
#   between into one entry, and ']==]' ends the bracket argument the script writes, so that name and
#   every later one get no entry at all;
# - '\' escapes the next character of the spec, so the entry matches nothing;
# - a leading '-' makes Catch2 read the spec as an unknown option, so the entry fails to run;
# - a leading '~' or 'exclude:' negates the spec, so the entry runs every other test case instead;
# - a leading or trailing '*' is a wildcard, '"' quotes, a leading '#' is listed quoted, and Catch2
#   trims surrounding spaces: such an entry may run more or other test cases than its name says.
# ',' is escaped by the script and safe. So: every name must be plain, and the entries ctest knows for
# this binary must be exactly the binary's own test cases.
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
bad=$(grep -nE '[][;*\\"]|^[-~#[:space:]]|^exclude:|[[:space:]]$' <<<"$names" || true)
if [ -n "$bad" ]; then
  echo "error: test case names that test discovery would split or reinterpret (no ; [ ] * \\ \", no leading - ~ # exclude: or space):" >&2
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
