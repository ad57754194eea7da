// UTF-8 helpers for text that comes from transcripts: it may be invalid, and it is cut to budgets.
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tools {

bool is_valid_utf8(std::string_view text);

// Copies text, replacing every invalid sequence with U+FFFD, so the result is always valid UTF-8 and
// can be placed in JSON.
std::string sanitize_utf8(std::string_view text);

// The longest prefix of text that is at most max_bytes long and does not split a code point.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// Number of code points (invalid bytes count one each).
std::size_t utf8_length(std::string_view text);

// The first max_chars code points of text, followed by "…" when anything was cut (so a cut result is
// max_chars + 1 code points long).
std::string truncate_chars(std::string_view text, std::size_t max_chars);

// Collapses every run of whitespace (including newlines) into one space and trims both ends.
std::string collapse_whitespace(std::string_view text);

}  // namespace tools
