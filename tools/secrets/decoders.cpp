#include "tools/secrets/decoders.hpp"

#include <array>
#include <cstdint>

#include "tools/secrets/words.hpp"

namespace tools::secrets {
namespace {

using words::is_digit;
using words::is_lower;
using words::is_upper;

std::uint32_t crc32(std::string_view data) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) {
                c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const char ch : data) {
        crc = table[(crc ^ static_cast<std::uint8_t>(ch)) & 0xFF] ^ (crc >> 8);
    }
    return crc ^ 0xFFFFFFFFu;
}

}  // namespace

// GitHub's and npm's token format: prefix, 30 random base62 characters, then the CRC32 of those 30
// characters in base62, left-padded to 6. Used only to mark a finding verified; a token whose checksum
// does not match is still reported (it may be mistyped, or from a generator that does not compute it).
bool base62_crc32_checksum_ok(std::string_view token) {
    const std::size_t underscore = token.rfind('_');
    const std::string_view body = underscore == std::string_view::npos ? token : token.substr(underscore + 1);
    if (body.size() != 36) {
        return false;
    }
    static constexpr char kDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::uint32_t crc = crc32(body.substr(0, 30));
    char expected[6];
    for (int i = 5; i >= 0; --i) {
        expected[i] = kDigits[crc % 62];
        crc /= 62;
    }
    return body.substr(30) == std::string_view(expected, 6);
}

std::optional<std::string> base64_decode(std::string_view value) {
    while (!value.empty() && value.back() == '=') {
        value.remove_suffix(1);
    }
    std::string out;
    out.reserve(value.size() * 3 / 4);
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : value) {
        int v = 0;
        if (is_upper(c)) {
            v = c - 'A';
        } else if (is_lower(c)) {
            v = c - 'a' + 26;
        } else if (is_digit(c)) {
            v = c - '0' + 52;
        } else if (c == '+' || c == '-') {
            v = 62;
        } else if (c == '/' || c == '_') {
            v = 63;
        } else {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
        }
    }
    return out;
}

}  // namespace tools::secrets
