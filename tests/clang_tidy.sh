#!/usr/bin/env bash
# The clang-tidy gate: runs clang-tidy-14 with the project's .clang-tidy over every source file of
# tools/, protocol/ and server/ (their headers through HeaderFilterRegex), CLANG_TIDY_JOBS (2) files at
# a time, and fails on any diagnostic in a project file. Test code is left out: it is most of the
# time (Catch2 is heavy to parse) for little of the value; name files to check them too.
#   tests/clang_tidy.sh [BUILD_DIR (default build)] [FILE...]
# BUILD_DIR must hold compile_commands.json (any configured build; tests/build.sh makes one). Only the
# checks of .clang-tidy count: compiler warnings are the build's business (-w), and GCC-only flags in
# a GCC build's compile commands are tolerated.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
tidy=$(command -v clang-tidy-14 || command -v clang-tidy)
if [ ! -f "$build/compile_commands.json" ]; then
  echo "error: $build/compile_commands.json is missing: configure a build first (bash tests/build.sh build)" >&2
  exit 1
fi

files=("$@")
if ((${#files[@]} == 0)); then
  # The files the build compiles, as compile_commands.json lists them, inside this tree.
  mapfile -t files < <(grep -oE '"file": *"[^"]+"' "$build/compile_commands.json" | sed -E 's/.*"file": *"([^"]+)"/\1/' |
    grep -E "^$root/(tools|protocol|server)/" | sort -u)
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT

started=$(date +%s)
# --quiet drops the "N warnings generated" lines; -w silences compiler warnings, not tidy checks.
printf '%s\0' "${files[@]}" |
  xargs -0 -n 1 -P "${CLANG_TIDY_JOBS:-2}" "$tidy" -p "$build" --quiet \
    --extra-arg=-w --extra-arg=-Wno-unknown-warning-option >"$log" 2>&1 || true

# Only diagnostics located in this tree count (system headers are already filtered by clang-tidy).
if grep -E "^$root/[^:]+:[0-9]+:[0-9]+: (warning|error):" "$log" >/dev/null; then
  grep -A3 -E "^$root/[^:]+:[0-9]+:[0-9]+: (warning|error):" "$log"
  echo "clang-tidy: $(grep -cE "^$root/[^:]+:[0-9]+:[0-9]+: (warning|error):" "$log") diagnostics in ${#files[@]} files" >&2
  exit 1
fi
if grep -E '(error|Error)' "$log" | grep -v 'warnings generated' >/dev/null; then
  cat "$log" >&2
  echo "clang-tidy failed to run" >&2
  exit 1
fi
echo "clang-tidy: ${#files[@]} files clean in $(($(date +%s) - started))s"
