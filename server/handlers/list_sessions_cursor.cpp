#include "server/handlers/list_sessions_cursor.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>

#include "tools/core/base64.hpp"

namespace server::handlers {
namespace {

constexpr int kCursorVersion = 1;

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
    return tools::base64url_encode(body.dump());
}

tools::Result<ListCursor> decode_list_cursor(const std::string& text) {
    const std::optional<std::string> bytes = tools::base64url_decode(text);
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
