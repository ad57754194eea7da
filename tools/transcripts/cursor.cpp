#include "tools/transcripts/cursor.hpp"

#include <openssl/crypto.h>

#include <array>
#include <charconv>
#include <vector>

#include "tools/core/base64.hpp"
#include "tools/core/hash.hpp"
#include "tools/core/hmac.hpp"
#include "tools/core/random.hpp"

namespace tools::transcripts {
namespace {

constexpr std::string_view magic = "cs2";
constexpr std::size_t tag_bytes = 16;
constexpr std::size_t key_bytes = 32;

const std::array<std::uint8_t, key_bytes>& process_key() {
    static const std::array<std::uint8_t, key_bytes> key = [] {
        std::array<std::uint8_t, key_bytes> bytes{};
        fill_random(bytes);
        return bytes;
    }();
    return key;
}

// Hex of the first tag_bytes of HMAC-SHA-256(process key, text).
std::string mac_hex(std::string_view text) {
    static const HmacSha256 mac(process_key());
    const HmacSha256::Digest digest = mac.mac({text});
    static constexpr std::string_view digits = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < tag_bytes; ++i) {
        out += digits[digest[i] >> 4];
        out += digits[digest[i] & 0xF];
    }
    return out;
}

template <typename T>
bool parse_number(std::string_view text, T& out, int base = 10) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out, base);
    return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

std::string hex(std::uint64_t value) {
    std::array<char, 16> digits{};
    const auto [end, error] = std::to_chars(digits.data(), digits.data() + digits.size(), value, 16);
    return error == std::errc() ? std::string(digits.data(), end) : std::string("0");
}

}  // namespace

std::string encode_cursor(const Cursor& cursor, std::string* tag_out) {
    const ResumeState& state = cursor.state;
    std::string text(magic);
    text += '.' + std::to_string(state.position.file);
    text += '.' + std::to_string(state.position.offset);
    text += '.' + std::to_string(state.position.line);
    text += '.' + std::to_string(state.last_minute);
    text += '.' + hex(cursor.guard.session);
    text += '.' + hex(cursor.guard.file);
    text += '.' + hex(cursor.guard.options);
    const std::string tag = mac_hex(text);
    if (tag_out != nullptr) {
        *tag_out = tag;
    }
    return base64url_encode(text + '.' + tag);
}

Result<Cursor> decode_cursor(std::string_view text) {
    const auto bad = [] {
        return make_error(ErrorCode::invalid_argument,
                          "invalid cursor: pass back next_cursor exactly as a previous call returned it");
    };
    const std::optional<std::string> unwrapped =
        text.size() > max_cursor_chars ? std::nullopt : base64url_decode(text);
    if (!unwrapped) {
        return bad();
    }
    const std::string& decoded = *unwrapped;
    const std::size_t last_dot = decoded.rfind('.');
    if (last_dot == std::string::npos) {
        return bad();
    }
    const std::string_view signed_text = std::string_view(decoded).substr(0, last_dot);
    const std::string_view tag = std::string_view(decoded).substr(last_dot + 1);
    const std::string expected = mac_hex(signed_text);
    if (tag.size() != expected.size() || CRYPTO_memcmp(tag.data(), expected.data(), tag.size()) != 0) {
        return make_error(ErrorCode::invalid_argument,
                          "invalid cursor: it was altered, or made by an earlier run of the server; start "
                          "again without a cursor");
    }
    std::vector<std::string_view> fields;
    std::string_view rest = signed_text;
    for (;;) {
        const std::size_t dot = rest.find('.');
        fields.push_back(rest.substr(0, dot));
        if (dot == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(dot + 1);
    }
    Cursor cursor;
    if (fields.size() != 8 || fields[0] != magic || !parse_number(fields[1], cursor.state.position.file) ||
        !parse_number(fields[2], cursor.state.position.offset) ||
        !parse_number(fields[3], cursor.state.position.line) ||
        !parse_number(fields[4], cursor.state.last_minute) ||
        !parse_number(fields[5], cursor.guard.session, 16) ||
        !parse_number(fields[6], cursor.guard.file, 16) ||
        !parse_number(fields[7], cursor.guard.options, 16) || cursor.state.position.line == 0) {
        return bad();
    }
    cursor.tag = std::string(tag);
    return cursor;
}

}  // namespace tools::transcripts
