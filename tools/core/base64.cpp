#include "tools/core/base64.hpp"

#include <array>
#include <cstdint>

namespace tools {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<std::int8_t, 256> make_values() {
    std::array<std::int8_t, 256> values{};
    for (auto& v : values) {
        v = -1;
    }
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
        values[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    }
    return values;
}

constexpr std::array<std::int8_t, 256> kValues = make_values();

}  // namespace

// Both write into a string sized once: a cursor is encoded and decoded on every page of
// extract_transcript, and appending a byte at a time checked the capacity on each.
std::string base64url_encode(std::string_view data) {
    std::string out((data.size() * 4 + 2) / 3, '\0');
    char* to = out.data();
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : data) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            *to++ = kAlphabet[(buffer >> bits) & 0x3F];
        }
    }
    if (bits > 0) {
        *to++ = kAlphabet[(buffer << (6 - bits)) & 0x3F];
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    if (text.size() % 4 == 1) {
        return std::nullopt;
    }
    std::string out(text.size() * 3 / 4, '\0');
    char* to = out.data();
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : text) {
        const std::int8_t value = kValues[static_cast<unsigned char>(c)];
        if (value < 0) {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            *to++ = static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    if ((buffer & ((1u << bits) - 1)) != 0) {
        return std::nullopt;  // leftover bits must be zero, or two texts would decode alike
    }
    return out;
}

}  // namespace tools
