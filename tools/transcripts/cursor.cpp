#include "tools/transcripts/cursor.hpp"

#include <openssl/crypto.h>

#include <array>
#include <span>

#include "tools/core/base64.hpp"
#include "tools/core/hmac.hpp"
#include "tools/core/random.hpp"
#include "tools/secrets/fingerprint.hpp"

namespace tools::transcripts {
namespace {

constexpr char format_byte = '\x03';  // the third cursor format; bumped when the layout changes
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

// HMAC-SHA-256(process key, payload); the tag is its first tag_bytes.
HmacSha256::Digest mac_of(std::string_view payload) {
    static const HmacSha256 mac(process_key());
    return mac.mac({payload});
}

void put_varint(std::uint64_t value, std::string& out) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7F) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

void put_fixed(std::uint64_t value, std::string& out) {
    for (int i = 0; i < 8; ++i) {
        out.push_back(static_cast<char>(value >> (8 * i)));
    }
}

// Reads fields off the front of a payload; any read past its end, or an integer longer than 64 bits,
// makes it !ok() for good.
class PayloadReader {
  public:
    explicit PayloadReader(std::string_view payload) : m_rest(payload) {}

    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64 && !m_rest.empty(); shift += 7) {
            const auto byte = static_cast<unsigned char>(m_rest.front());
            m_rest.remove_prefix(1);
            if (shift == 63 && byte > 1) {
                break;  // bits past the 64th
            }
            value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
            if ((byte & 0x80) == 0) {
                return value;
            }
        }
        m_ok = false;
        return 0;
    }
    std::uint64_t fixed() {
        if (m_rest.size() < 8) {
            m_ok = false;
            return 0;
        }
        std::uint64_t value = 0;
        for (int i = 0; i < 8; ++i) {
            value |= static_cast<std::uint64_t>(static_cast<unsigned char>(m_rest[i])) << (8 * i);
        }
        m_rest.remove_prefix(8);
        return value;
    }
    bool ok() const { return m_ok; }
    bool at_end() const { return m_rest.empty(); }

  private:
    std::string_view m_rest;
    bool m_ok = true;
};

}  // namespace

std::string encode_cursor(const Cursor& cursor, std::string* tag_out) {
    const ResumeState& state = cursor.state;
    std::string bytes;
    bytes.reserve(80);
    bytes.push_back(format_byte);
    put_varint(state.position.file, bytes);
    put_varint(state.position.offset, bytes);
    put_varint(state.position.line, bytes);
    // Zigzag, so that the -1 of "no time printed yet" stays one byte.
    const auto minute = static_cast<std::uint64_t>(state.last_minute);
    put_varint((minute << 1) ^ (state.last_minute < 0 ? ~std::uint64_t{0} : 0), bytes);
    put_fixed(cursor.guard.session, bytes);
    put_fixed(cursor.guard.file, bytes);
    put_fixed(cursor.guard.options, bytes);
    const HmacSha256::Digest digest = mac_of(bytes);
    const auto tag = std::span(digest).first(tag_bytes);
    if (tag_out != nullptr) {
        *tag_out = secrets::to_hex(tag);
    }
    bytes.append(reinterpret_cast<const char*>(tag.data()), tag.size());
    return base64url_encode(bytes);
}

Result<Cursor> decode_cursor(std::string_view text) {
    const auto bad = [] {
        return make_error(ErrorCode::invalid_argument,
                          "invalid cursor: pass back next_cursor exactly as a previous call returned it");
    };
    const std::optional<std::string> unwrapped =
        text.size() > max_cursor_chars ? std::nullopt : base64url_decode(text);
    if (!unwrapped || unwrapped->size() <= tag_bytes) {
        return bad();
    }
    const std::string_view payload = std::string_view(*unwrapped).substr(0, unwrapped->size() - tag_bytes);
    const std::string_view tag = std::string_view(*unwrapped).substr(payload.size());
    const HmacSha256::Digest expected = mac_of(payload);
    if (CRYPTO_memcmp(tag.data(), expected.data(), tag_bytes) != 0) {
        return make_error(ErrorCode::invalid_argument,
                          "invalid cursor: it was altered, or made by an earlier run of the server; start "
                          "again without a cursor");
    }
    if (payload.front() != format_byte) {
        return bad();
    }
    PayloadReader reader(payload.substr(1));
    Cursor cursor;
    cursor.state.position.file = reader.varint();
    cursor.state.position.offset = reader.varint();
    cursor.state.position.line = reader.varint();
    const std::uint64_t zigzag = reader.varint();
    cursor.state.last_minute =
        static_cast<std::int64_t>(zigzag >> 1) ^ -static_cast<std::int64_t>(zigzag & 1);
    cursor.guard.session = reader.fixed();
    cursor.guard.file = reader.fixed();
    cursor.guard.options = reader.fixed();
    if (!reader.ok() || !reader.at_end() || cursor.state.position.line == 0) {
        return bad();
    }
    cursor.tag = secrets::to_hex(std::span(expected).first(tag_bytes));  // the tag given, as checked
    return cursor;
}

}  // namespace tools::transcripts
