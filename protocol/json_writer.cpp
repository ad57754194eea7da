#include "protocol/json_writer.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <vector>

namespace protocol {
namespace {

using Json = nlohmann::json;

constexpr std::uint64_t serialized_subtype = 0x4A534F4E;  // "JSON"

// Length of the valid UTF-8 sequence at s[i] (2 to 4 bytes), or 0 when it is not one: overlong forms,
// surrogates and code points past U+10FFFF are invalid, as in nlohmann's decoder.
std::size_t utf8_length(const std::string& s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    const auto continuation = [&](std::size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) {
        return continuation(i + 1) ? 2 : 0;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (!continuation(i + 1) || !continuation(i + 2)) {
            return 0;
        }
        const unsigned char d = byte(i + 1);
        if ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F)) {
            return 0;
        }
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3)) {
            return 0;
        }
        const unsigned char d = byte(i + 1);
        if ((c == 0xF0 && d < 0x90) || (c == 0xF4 && d > 0x8F)) {
            return 0;
        }
        return 4;
    }
    return 0;
}

// The escape nlohmann writes for an ASCII byte, or nullptr when the byte is written as it is.
const char* escape_for(unsigned char c) {
    static const std::array<std::array<char, 8>, 32> kControl = [] {
        std::array<std::array<char, 8>, 32> table{};
        for (unsigned b = 0; b < 32; ++b) {
            static constexpr char kHex[] = "0123456789abcdef";
            table[b] = {'\\', 'u', '0', '0', kHex[b >> 4], kHex[b & 15], '\0', '\0'};
        }
        table['\b'] = {'\\', 'b'};
        table['\t'] = {'\\', 't'};
        table['\n'] = {'\\', 'n'};
        table['\f'] = {'\\', 'f'};
        table['\r'] = {'\\', 'r'};
        return table;
    }();
    if (c < 32) {
        return kControl[c].data();
    }
    if (c == '"') {
        return "\\\"";
    }
    if (c == '\\') {
        return "\\\\";
    }
    return nullptr;
}

// The positions (bit i for p[i]) of the 16 bytes at p that need a look: control characters, '"', '\\'
// and non-ASCII bytes. Text is mostly long runs of plain ASCII, and the text of a tool result is
// written twice (once inside the serialized copy), so the writer jumps from one such byte to the next.
unsigned looks_in_16(const char* p) {
#if defined(__SSE2__)
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them with the control characters.
    const __m128i low = _mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20));
    const __m128i quote = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('"'));
    const __m128i backslash = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(low, _mm_or_si128(quote, backslash))));
#else
    unsigned looks = 0;
    for (unsigned k = 0; k < 16; ++k) {
        const auto c = static_cast<unsigned char>(p[k]);
        looks |= static_cast<unsigned>(c < 0x20 || c >= 0x80 || c == '"' || c == '\\') << k;
    }
    return looks;
#endif
}

// False when s is not valid UTF-8 (nothing is then written).
bool write_string(const std::string& s, std::string& out) {
    const std::size_t start = out.size();
    out.push_back('"');
    std::size_t run = 0;  // start of the bytes not yet copied
    std::size_t i = 0;
    while (i < s.size()) {
        if (i + 16 <= s.size()) {
            const unsigned looks = looks_in_16(s.data() + i);
            if (looks == 0) {
                i += 16;
                continue;
            }
            i += static_cast<std::size_t>(__builtin_ctz(looks));
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t length = utf8_length(s, i);
            if (length == 0) {
                out.resize(start);
                return false;
            }
            i += length;
            continue;
        }
        const char* escape = escape_for(c);
        if (escape == nullptr) {
            ++i;
            continue;
        }
        out.append(s, run, i - run);
        out.append(escape);
        run = ++i;
    }
    out.append(s, run, s.size() - run);
    out.push_back('"');
    return true;
}

template <typename Number>
void write_integer(Number n, std::string& out) {
    char buffer[24];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, n);
    out.append(buffer, end);
}

}  // namespace

void write_json(const Json& value, std::string& out) {
    switch (value.type()) {
        case Json::value_t::object: {
            out.push_back('{');
            bool first = true;
            for (const auto& [key, member] : value.items()) {
                if (!first) {
                    out.push_back(',');
                }
                first = false;
                if (!write_string(key, out)) {
                    out.append(Json(key).dump(-1, ' ', false, Json::error_handler_t::replace));
                }
                out.push_back(':');
                write_json(member, out);
            }
            out.push_back('}');
            return;
        }
        case Json::value_t::array: {
            out.push_back('[');
            bool first = true;
            for (const Json& element : value) {
                if (!first) {
                    out.push_back(',');
                }
                first = false;
                write_json(element, out);
            }
            out.push_back(']');
            return;
        }
        case Json::value_t::string:
            if (!write_string(value.get_ref<const std::string&>(), out)) {
                out.append(value.dump(-1, ' ', false, Json::error_handler_t::replace));
            }
            return;
        case Json::value_t::number_integer:
            write_integer(value.get<std::int64_t>(), out);
            return;
        case Json::value_t::number_unsigned:
            write_integer(value.get<std::uint64_t>(), out);
            return;
        case Json::value_t::binary:
            if (const auto& bytes = value.get_binary();
                bytes.has_subtype() && bytes.subtype() == serialized_subtype) {
                out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
                return;
            }
            out.append(value.dump(-1, ' ', false, Json::error_handler_t::replace));
            return;
        case Json::value_t::boolean:
            out.append(value.get<bool>() ? "true" : "false");
            return;
        case Json::value_t::null:
            out.append("null");
            return;
        default:  // floating point (nlohmann's shortest round-trip form), discarded
            out.append(value.dump(-1, ' ', false, Json::error_handler_t::replace));
            return;
    }
}

Json serialized_json(std::string_view text) {
    std::vector<std::uint8_t> bytes(text.size());
    if (!text.empty()) {
        std::memcpy(bytes.data(), text.data(), text.size());
    }
    return Json::binary(std::move(bytes), serialized_subtype);
}

}  // namespace protocol
