// UTF-8 helpers for text that comes from transcripts: it may be invalid, and it is cut to budgets.
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tools {

// One decoded code point. An invalid sequence (bad lead or continuation byte, truncated, overlong, a
// surrogate, past U+10FFFF) decodes as U+FFFD of one byte with valid = false, the way a lenient
// decoder (and JavaScript) maps it, so decoding always advances.
struct CodePoint {
    std::uint32_t value = 0xFFFD;
    std::size_t bytes = 1;
    bool valid = false;
};

// The code point starting at text[at]; at must be < text.size().
CodePoint decode_utf8(std::string_view text, std::size_t at);

bool is_valid_utf8(std::string_view text);

// Copies text, replacing every invalid sequence with U+FFFD, so the result is always valid UTF-8 and
// can be placed in JSON.
std::string sanitize_utf8(std::string_view text);

// The longest prefix of text that is at most max_bytes long and does not split a code point.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// The longest prefix of text with at most max_chars code points (invalid bytes count one each).
std::string_view utf8_prefix_chars(std::string_view text, std::size_t max_chars);

// What must be redacted before text is cut to shown_chars code points: the shown part plus
// kRedactionMarginChars (tools/core/limits.hpp), so a secret that starts in the shown part is whole in
// it. Redact the window, then cut the redacted text; the rest of a long text is never looked at.
std::string_view redaction_window(std::string_view text, std::size_t shown_chars);

// Number of code points (invalid bytes count one each).
std::size_t utf8_length(std::string_view text);

// The first max_chars code points of text, followed by "…" when anything was cut (so a cut result is
// max_chars + 1 code points long).
std::string truncate_chars(std::string_view text, std::size_t max_chars);

// Collapses every run of whitespace (including newlines) into one space and trims both ends.
std::string collapse_whitespace(std::string_view text);

}  // namespace tools
