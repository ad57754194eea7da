#include "tools/core/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "tools/core/limits.hpp"

namespace tools {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is invalid there.
std::size_t valid_sequence_length(std::string_view text, std::size_t i) {
    const CodePoint c = decode_utf8(text, i);
    return c.valid ? c.bytes : 0;
}

// The index of the first byte at or after from that is not ASCII (text.size() when none is), eight
// bytes at a time: transcript text is mostly ASCII, and every line shown passes through the functions
// below, which were a sixth of a whole extraction's instructions a byte at a time.
std::size_t ascii_end(std::string_view text, std::size_t from) {
    std::size_t i = from;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, sizeof word);
        if ((word & 0x8080808080808080ULL) != 0) {
            break;
        }
    }
    while (i < text.size() && static_cast<std::uint8_t>(text[i]) < 0x80) {
        ++i;
    }
    return i;
}

bool is_collapsible_space(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');  // \t \n \v \f \r
}

// True when collapse_whitespace leaves the 16 bytes at p as they are, whatever came before them (as
// long as no whitespace is pending): no whitespace but single spaces, none of them first, each
// followed by a character that is not whitespace (p[16] included). Prose is mostly such blocks.
bool stays_as_it_is(const char* p) {
#if defined(__SSE2__)
    const auto control = [](__m128i v) {  // bytes 0x09..0x0D, compared unsigned
        return _mm_and_si128(_mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x09)), v),
                             _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x0D)), v));
    };
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
    const auto spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8(' '))));
    const auto controls = static_cast<unsigned>(_mm_movemask_epi8(control(block)));
    const auto whitespace_next = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(next, _mm_set1_epi8(' ')), control(next))));
    return controls == 0 && (spaces & 1U) == 0 && (spaces & whitespace_next) == 0;
#else
    for (int k = 0; k < 16; ++k) {
        if (p[k] != ' ' ? is_collapsible_space(p[k]) : k == 0 || is_collapsible_space(p[k + 1])) {
            return false;
        }
    }
    return true;
#endif
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
    std::size_t copied = 0;  // text[copied, i) is valid and not yet in out
    std::size_t i = 0;
    while ((i = ascii_end(text, i)) < text.size()) {
        if (const std::size_t n = valid_sequence_length(text, i); n != 0) {
            i += n;
            continue;
        }
        out.append(text.substr(copied, i - copied));
        out += "\xEF\xBF\xBD";
        copied = ++i;
    }
    out.append(text.substr(copied));
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
    if (text.size() <= max_chars) {
        return text;  // every code point (and every invalid byte) is at least a byte
    }
    std::size_t i = 0;
    std::size_t count = 0;
    while (i < text.size() && count < max_chars) {
        const std::size_t ascii = std::min(ascii_end(text, i) - i, max_chars - count);
        i += ascii;
        count += ascii;
        if (i < text.size() && count < max_chars) {
            const std::size_t n = valid_sequence_length(text, i);
            i += n == 0 ? 1 : n;
            ++count;
        }
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
    // Written through a pointer into a string sized for the worst case (nothing collapsed): the
    // result is never longer than the text.
    std::string out(text.size(), '\0');
    char* const begin = out.data();
    char* end = begin;
    bool pending_space = false;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!pending_space && i + 17 <= text.size() && stays_as_it_is(text.data() + i)) {
            std::memcpy(end, text.data() + i, 16);
            end += 16;
            i += 16;
            continue;
        }
        for (const std::size_t stop = std::min(text.size(), i + 16); i < stop; ++i) {
            const char c = text[i];
            if (is_collapsible_space(c)) {
                pending_space = end != begin;
                continue;
            }
            if (pending_space) {
                *end++ = ' ';
                pending_space = false;
            }
            *end++ = c;
        }
    }
    out.resize(static_cast<std::size_t>(end - begin));
    return out;
}

}  // namespace tools
