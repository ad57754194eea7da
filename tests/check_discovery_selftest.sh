#!/usr/bin/env bash
# Checks that tests/check_discovery.sh fails where it must, with stand-in test binaries that list the
# names found to break catch_discover_tests (see check_discovery.sh), and that it accepts a binary whose
# every test case has its ctest entry. Needs ctest: tests/check_discovery_selftest.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ctest=${CTEST_COMMAND:-ctest}
export CTEST_COMMAND=$ctest

# A stand-in for a Catch2 binary: prints the names given in the file beside it.
fake() {
  local name=$1
  shift
  printf '%s\n' "$@" >"$work/$name.names"
  printf '#!/bin/sh\ncat %q\n' "$work/$name.names" >"$work/$name"
  chmod +x "$work/$name"
}
# A build dir whose ctest knows the given names, labelled as catch_discover_tests' entries are.
build_dir() {
  local dir=$work/$1
  shift
  mkdir -p "$dir"
  : >"$dir/CTestTestfile.cmake"
  for name in "$@"; do
    printf 'add_test([==[%s]==] true)\nset_tests_properties([==[%s]==] PROPERTIES LABELS cs_unit)\n' \
      "$name" "$name" >>"$dir/CTestTestfile.cmake"
  done
}

failed=0
# expect pass|fail LABEL BINARY BUILD_DIR [TEXT the output must hold]
expect() {
  local want=$1 label=$2 binary=$3 dir=$4 text=${5:-}
  local rc=0
  bash "$here/check_discovery.sh" "$binary" "$dir" >"$work/out" 2>&1 || rc=$?
  if { [ "$want" = pass ] && [ $rc -ne 0 ]; } || { [ "$want" = fail ] && [ $rc -eq 0 ]; } ||
    { [ -n "$text" ] && ! grep -qF -- "$text" "$work/out"; }; then
    echo "FAIL: check_discovery.sh should $want on $label (exit $rc):"
    cat "$work/out"
    failed=1
  else
    echo "ok   $want on $label"
  fi
}

build_dir good "plain name" "comma, and colon: too"
fake plain "plain name" "comma, and colon: too"
expect pass "plain names, each with its entry" "$work/plain" "$work/good"

for bad in "semi; colon" "open [ bracket" "close ] bracket" "back\\slash" "~negated" "exclude:negated" \
  "-dash" "*wild" "wild*" 'quote " mid' "#hash" " leading space" "trailing space "; do
  build_dir "entries" "plain name" "$bad"
  fake bad "plain name" "$bad"
  expect fail "a name like '$bad'" "$work/bad" "$work/entries" "would split or reinterpret"
done

fake unlisted "plain name" "no entry"
expect fail "a test case without a ctest entry" "$work/unlisted" "$work/good" "no ctest entry"
fake fewer "plain name"
expect fail "a ctest entry that names no test case" "$work/fewer" "$work/good" "name no test case"
exit $failed
