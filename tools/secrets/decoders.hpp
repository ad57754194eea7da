// Decoding helpers for checks that look inside a value: base64 payloads (JWT headers, Basic auth,
// Discord user ids, 1Password tokens) and embedded checksums. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tools::secrets {

// Standard or URL-safe base64, padding optional; nullopt if value is not base64.
std::optional<std::string> base64_decode(std::string_view value);

// GitHub and npm tokens end in the base62 CRC32 of their 30 random characters. Used only to mark a
// finding verified, never to reject one (mistyped or generated tokens still leak something).
bool base62_crc32_checksum_ok(std::string_view token);

}  // namespace tools::secrets
