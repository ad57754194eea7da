// Limits on the shape of one incoming JSON text, checked on its raw bytes before any DOM is built.
//
// A DOM costs far more than the text it comes from (a 3-byte `{},` becomes ~80 bytes of nodes) and
// nlohmann's recursive copy, compare and dump overflow the stack on deep nesting. check_shape walks the
// bytes once (strings and escapes respected, no allocation), so a hostile message is refused at the cost
// of reading it. Pure, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace protocol {

// No MCP message needs more: tool arguments are flat, _meta a few levels deep. max_values bounds the DOM
// to a few MB whatever the text's size (large strings cost about their own size).
inline constexpr std::size_t max_nesting_depth = 64;
inline constexpr std::size_t max_json_values = 100'000;

// A sentence saying which limit the text exceeds, or nullopt when it is within both. Malformed JSON
// passes (the parser reports it), as long as its brackets stay within the limits.
std::optional<std::string> check_shape(std::string_view text);

}  // namespace protocol
