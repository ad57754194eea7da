#include "tools/core/utf8.hpp"

#include <cstdint>

#include "tools/core/limits.hpp"

namespace tools {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is invalid there.
std::size_t valid_sequence_length(std::string_view text, std::size_t i) {
    const CodePoint c = decode_utf8(text, i);
    return c.valid ? c.bytes : 0;
}

}  // namespace

CodePoint decode_utf8(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
    const std::uint8_t lead = byte(at);
    if (lead < 0x80) {
        return {lead, 1, true};
    }
    std::size_t length = 0;
    std::uint32_t min_value = 0;
    std::uint32_t value = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2, min_value = 0x80, value = lead & 0x1Fu;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, min_value = 0x800, value = lead & 0x0Fu;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, min_value = 0x10000, value = lead & 0x07u;
    } else {
        return {};
    }
    if (at + length > text.size()) {
        return {};
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(at + k) & 0xC0) != 0x80) {
            return {};
        }
        value = (value << 6) | (byte(at + k) & 0x3Fu);
    }
    // Overlong forms, UTF-16 surrogates and values past U+10FFFF are invalid.
    if (value < min_value || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        return {};
    }
    return {value, length, true};
}

bool is_valid_utf8(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = valid_sequence_length(text, i);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

std::string sanitize_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = valid_sequence_length(text, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) {
        return text;
    }
    std::size_t end = max_bytes;
    // Step back over continuation bytes so the cut lands on a code point boundary.
    while (end > 0 && (static_cast<std::uint8_t>(text[end]) & 0xC0) == 0x80) {
        --end;
    }
    return text.substr(0, end);
}

std::size_t utf8_length(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = valid_sequence_length(text, i);
        i += n == 0 ? 1 : n;
        ++count;
    }
    return count;
}

std::string_view utf8_prefix_chars(std::string_view text, std::size_t max_chars) {
    std::size_t i = 0;
    for (std::size_t count = 0; i < text.size() && count < max_chars; ++count) {
        const std::size_t n = valid_sequence_length(text, i);
        i += n == 0 ? 1 : n;
    }
    return text.substr(0, i);
}

std::string_view redaction_window(std::string_view text, std::size_t shown_chars) {
    return utf8_prefix_chars(text, shown_chars + kRedactionMarginChars);
}

std::string truncate_chars(std::string_view text, std::size_t max_chars) {
    const std::string_view head = utf8_prefix_chars(text, max_chars);
    if (head.size() == text.size()) {
        return std::string(text);
    }
    std::string out(head);
    out += "\xE2\x80\xA6";
    return out;
}

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (const char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) {
            out += ' ';
            pending_space = false;
        }
        out += c;
    }
    return out;
}

}  // namespace tools
