#include "tools/secrets/json_unescape.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>

namespace tools::secrets {
namespace {

std::optional<std::uint32_t> hex4(std::string_view text, std::size_t at) {
    if (at + 4 > text.size()) {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
        const char c = text[i];
        value <<= 4;
        if (c >= '0' && c <= '9') {
            value |= static_cast<std::uint32_t>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            value |= static_cast<std::uint32_t>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            value |= static_cast<std::uint32_t>(c - 'A' + 10);
        } else {
            return std::nullopt;
        }
    }
    return value;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Decodes the escape at text[at] (a backslash). Returns its length in the original, 0 if it is not a
// JSON escape (then the backslash is kept as an ordinary byte).
std::size_t decode_escape(std::string_view text, std::size_t at, std::string& out) {
    if (at + 1 >= text.size()) {
        return 0;
    }
    switch (text[at + 1]) {
        case '"':
            out.push_back('"');
            return 2;
        case '\\':
            out.push_back('\\');
            return 2;
        case '/':
            out.push_back('/');
            return 2;
        case 'b':
            out.push_back('\b');
            return 2;
        case 'f':
            out.push_back('\f');
            return 2;
        case 'n':
            out.push_back('\n');
            return 2;
        case 'r':
            out.push_back('\r');
            return 2;
        case 't':
            out.push_back('\t');
            return 2;
        case 'u':
            break;
        default:
            return 0;
    }
    const auto unit = hex4(text, at + 2);
    if (!unit) {
        return 0;
    }
    if (*unit >= 0xD800 && *unit <= 0xDBFF) {
        if (at + 12 <= text.size() && text[at + 6] == '\\' && text[at + 7] == 'u') {
            const auto low = hex4(text, at + 8);
            if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
                append_utf8(out, 0x10000 + ((*unit - 0xD800) << 10) + (*low - 0xDC00));
                return 12;
            }
        }
        return 0;  // a lone surrogate has no UTF-8 form: keep it as written
    }
    if (*unit >= 0xDC00 && *unit <= 0xDFFF) {
        return 0;
    }
    append_utf8(out, *unit);
    return 6;
}

}  // namespace

DecodedText::DecodedText(std::string_view original) : m_original(original) {
    const char* first = static_cast<const char*>(std::memchr(original.data(), '\\', original.size()));
    if (first == nullptr) {
        return;
    }
    m_storage.reserve(original.size());
    std::size_t copied = 0;  // original bytes up to here are already in m_storage
    std::size_t at = static_cast<std::size_t>(first - original.data());
    while (at < original.size()) {
        const std::size_t decoded_start = m_storage.size() + (at - copied);
        m_storage.append(original.data() + copied, at - copied);
        const std::size_t consumed = decode_escape(original, at, m_storage);
        if (consumed == 0) {
            m_storage.push_back('\\');
            copied = at + 1;
        } else {
            m_escapes.push_back({decoded_start, at});
            copied = at + consumed;
        }
        const void* next = copied < original.size()
                               ? std::memchr(original.data() + copied, '\\', original.size() - copied)
                               : nullptr;
        at = next == nullptr ? original.size()
                             : static_cast<std::size_t>(static_cast<const char*>(next) - original.data());
    }
    m_storage.append(original.data() + copied, original.size() - copied);
    if (m_escapes.empty()) {  // only stray backslashes: the original is the decoded text
        m_storage = std::string();
    }
}

bool DecodedText::span_at_or_before(std::size_t decoded, Span& span) const {
    auto it = std::upper_bound(m_escapes.begin(), m_escapes.end(), decoded,
                               [](std::size_t d, const Escape& e) { return d < e.decoded; });
    if (it == m_escapes.begin()) {
        return false;
    }
    --it;
    std::string scratch;
    span.decoded = it->decoded;
    span.original = it->original;
    span.original_length = decode_escape(m_original, it->original, scratch);
    span.decoded_length = scratch.size();
    return true;
}

std::size_t DecodedText::to_original_begin(std::size_t decoded) const {
    Span e{};
    if (!span_at_or_before(decoded, e)) {
        return decoded;
    }
    if (decoded < e.decoded + e.decoded_length) {
        return e.original;
    }
    return e.original + e.original_length + (decoded - e.decoded - e.decoded_length);
}

std::size_t DecodedText::to_original_end(std::size_t decoded) const {
    if (decoded == 0) {
        return 0;
    }
    // The last byte of the span is at decoded - 1; the end is just past the original of that byte.
    const std::size_t last = decoded - 1;
    Span e{};
    if (!span_at_or_before(last, e)) {
        return decoded;
    }
    if (last < e.decoded + e.decoded_length) {
        return e.original + e.original_length;
    }
    return e.original + e.original_length + (decoded - e.decoded - e.decoded_length);
}

}  // namespace tools::secrets
