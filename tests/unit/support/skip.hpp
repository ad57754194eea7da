// Tests that need data from outside the repository (../shared: real transcripts, the secrets corpus).
//
// Catch2 v2 has no SKIP. A test that cannot run here calls CS_SKIP_TEST(reason): it prints the marker
// below and returns, and tests/CMakeLists.txt gives every discovered test SKIP_REGULAR_EXPRESSION on
// that marker, so ctest reports "Skipped", not "Passed". Call it before the first assertion: ctest
// lets the marker win over any failure already recorded.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#define CS_SKIP_TEST(reason)                 \
    do {                                     \
        WARN("CS_TEST_SKIPPED: " << reason); \
        return;                              \
    } while (false)

namespace test_support {

// The shared directory: $CS_SHARED_DIR when set (to check the skips without rebuilding), else the
// CS_SHARED_DIR the build was configured with. It may be absent.
inline std::filesystem::path shared_dir() {
    if (const char* dir = std::getenv("CS_SHARED_DIR"); dir != nullptr && *dir != '\0') {
        return dir;
    }
    return CS_SHARED_DIR;
}

}  // namespace test_support
