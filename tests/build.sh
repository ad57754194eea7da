#!/usr/bin/env bash
# Configures and builds into DIR with extra CMake arguments, optionally only some targets:
#   tests/build.sh [--sanitized] DIR [-DOPTION=...] [--target TARGET...]
# --sanitized is the clang build with AddressSanitizer + UBSan whose fuzz targets are libFuzzer
# programs (CONTEXT_SYNC_FUZZ): tests/run.sh runs the unit tests in it and tests/fuzz/run.sh fuzzes
# with it, so both name the configuration here and it is compiled once. Warnings as errors are the g++
# build's job (the project's compiler); clang's extra ones (e.g. libgit2's *_INIT macros under
# -Wmissing-field-initializers) would fail this build for code g++ accepts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
profile=()
if [ "${1:-}" = --sanitized ]; then
  # -O1 and line tables only: about a third less compile and link time than -O2 -g, still fast enough
  # to fuzz, and all a sanitizer report needs (function, file, line); assertions stay on. A unity
  # build, because each source file's own compile is the g++ build's job: here the libraries' headers
  # (nlohmann/json, spdlog, httplib) would otherwise be parsed once per file.
  profile=(-DCMAKE_CXX_COMPILER=clang++ -DCONTEXT_SYNC_FUZZ=ON -DCONTEXT_SYNC_WERROR=OFF
    -DCMAKE_UNITY_BUILD=ON "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only")
  shift
fi
dir=$1
shift
options=()
targets=()
while (($#)); do
  if [ "$1" = --target ]; then
    shift
    targets=(--target "$@")
    break
  fi
  options+=("$1")
  shift
done
# ccache, when present, lets several checkouts of the tree share compiled objects.
launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" "${profile[@]}" \
  "${options[@]}" >/dev/null
cmake --build "$dir" -j"$(nproc)" "${targets[@]}"
