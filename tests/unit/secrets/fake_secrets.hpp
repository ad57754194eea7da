// Builds fake credentials for the scanner tests at run time, from pieces, so the repository never
// holds a literal that looks like a live key (push protection and other scanners stay quiet).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace secrets_test {

inline constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
inline constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
inline constexpr std::string_view kDigits = "0123456789";
inline constexpr std::string_view kHex = "0123456789abcdef";
inline constexpr std::string_view kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
inline constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
inline constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Deterministic random characters (xorshift), different for each seed.
inline std::string random_chars(std::string_view alphabet, std::size_t n, std::uint64_t seed) {
    std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull;
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push_back(alphabet[x % alphabet.size()]);
    }
    return out;
}

// "a" + "b": keeps provider prefixes out of the source as one literal.
inline std::string join(std::string_view a, std::string_view b) {
    return std::string(a) + std::string(b);
}

// A GitHub personal access token: ghp_ + 36 alphanumerics.
inline std::string github_token(std::uint64_t seed) {
    return join("gh", "p_") + random_chars(kAlnum, 36, seed);
}

inline std::string base64(std::string_view raw) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : raw) {
        buffer = (buffer << 8) | static_cast<std::uint8_t>(c);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out.push_back(kBase64[(buffer >> bits) & 63]);
        }
    }
    if (bits > 0) {
        out.push_back(kBase64[(buffer << (6 - bits)) & 63]);
    }
    while (out.size() % 4 != 0) {
        out.push_back('=');
    }
    return out;
}

inline std::string base64url_nopad(std::string_view raw) {
    std::string out = base64(raw);
    while (!out.empty() && out.back() == '=') {
        out.pop_back();
    }
    for (char& c : out) {
        c = c == '+' ? '-' : c == '/' ? '_' : c;
    }
    return out;
}

}  // namespace secrets_test
