// Stable identifiers for findings that do not reveal the secret. The allowlist stores these, never
// values. Pure functions, thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tools::secrets {

// SHA-256 of data (FIPS 180-4).
std::array<std::uint8_t, 32> sha256(std::string_view data);

// 32 lowercase hex digits identifying (rule_id, secret). The hash is iterated 256 times (key
// stretching) so that guessing a short password from a fingerprint in a committed allowlist costs 256
// SHA-256 per guess rather than one, while a scan that finds hundreds of secrets stays fast.
std::string fingerprint(std::string_view rule_id, std::string_view secret);

}  // namespace tools::secrets
