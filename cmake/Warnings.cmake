# Every target of the project links this INTERFACE target for its warnings, so the set lives in one place.
add_library(cs_warnings INTERFACE)
target_compile_options(cs_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2)
if(CONTEXT_SYNC_WERROR)
  target_compile_options(cs_warnings INTERFACE -Werror)
endif()

# AddressSanitizer + UBSan. CONTEXT_SYNC_FUZZ implies it: one clang build serves the sanitized unit
# tests and the libFuzzer targets, so CI compiles the code base twice (g++, clang), not three times.
if(CONTEXT_SYNC_SANITIZE OR CONTEXT_SYNC_FUZZ)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Every library is instrumented for libFuzzer's coverage feedback; only tests/fuzz links the fuzzer. The
# sanitizer runtime defines the coverage hooks as no-ops for the other programs (the unit tests).
if(CONTEXT_SYNC_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CONTEXT_SYNC_FUZZ needs clang: use tests/fuzz/run.sh or -DCMAKE_CXX_COMPILER=clang++")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
