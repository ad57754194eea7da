// The stable hash of the project: 64-bit FNV-1a. The same bytes give the same value in every process,
// on every machine and in every release, so it can name files (cache and state files, lock files) and
// guard cursors. Not cryptographic: never use it where someone could gain by forging a collision, or to
// hide a value (see tools/secrets for fingerprints). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tools {

std::uint64_t stable_hash(std::string_view text);

// stable_hash as exactly 16 lower-case hex digits.
std::string stable_hash_hex(std::string_view text);

}  // namespace tools
