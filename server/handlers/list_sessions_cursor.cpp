#include "server/handlers/list_sessions_cursor.hpp"

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace server::handlers {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr int kCursorVersion = 1;

std::string base64url_encode(std::string_view bytes) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : bytes) {
        buffer = (buffer << 8) | static_cast<std::uint8_t>(c);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(buffer >> bits) & 0x3F];
        }
    }
    if (bits > 0) {
        out += kAlphabet[(buffer << (6 - bits)) & 0x3F];
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    std::array<int, 256> value{};
    value.fill(-1);
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
        value[static_cast<std::uint8_t>(kAlphabet[i])] = static_cast<int>(i);
    }
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        const int v = value[static_cast<std::uint8_t>(c)];
        if (v < 0) {
            return std::nullopt;
        }
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

tools::Result<ListCursor> bad_cursor() {
    return tools::make_error(
        tools::ErrorCode::invalid_argument,
        "cursor: not a cursor from list_recent_sessions; pass next_cursor back unchanged, "
        "or omit cursor to start from the newest session");
}

}  // namespace

std::string encode_list_cursor(const ListCursor& cursor) {
    const nlohmann::json body = {
        {"v", kCursorVersion},
        {"offset", cursor.offset},
        {"since", cursor.since ? nlohmann::json(*cursor.since) : nlohmann::json(nullptr)},
        {"active", cursor.include_active},
    };
    return base64url_encode(body.dump());
}

tools::Result<ListCursor> decode_list_cursor(const std::string& text) {
    const std::optional<std::string> bytes = base64url_decode(text);
    if (!bytes) {
        return bad_cursor();
    }
    const nlohmann::json body = nlohmann::json::parse(*bytes, nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
        return bad_cursor();
    }
    const auto version = body.find("v");
    const auto offset = body.find("offset");
    const auto since = body.find("since");
    const auto active = body.find("active");
    if (version == body.end() || *version != kCursorVersion || offset == body.end() ||
        !offset->is_number_unsigned() || since == body.end() ||
        !(since->is_null() || since->is_number_integer()) || active == body.end() || !active->is_boolean()) {
        return bad_cursor();
    }
    ListCursor cursor;
    cursor.offset = offset->get<std::size_t>();
    if (!since->is_null()) {
        cursor.since = since->get<tools::TimeMs>();
    }
    cursor.include_active = active->get<bool>();
    return cursor;
}

}  // namespace server::handlers
