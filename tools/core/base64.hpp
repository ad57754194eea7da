// base64url (RFC 4648 §5) without padding, for opaque tokens the project hands out (cursors).
// Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tools {

std::string base64url_encode(std::string_view data);

// nullopt when text holds a character outside the alphabet ('=' included), has a length that no
// encoding produces (4k+1), or leaves non-zero bits in its last character: every accepted text is
// exactly what base64url_encode gives for the result.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace tools
