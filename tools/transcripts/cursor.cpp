#include "tools/transcripts/cursor.hpp"

#include <array>
#include <charconv>
#include <vector>

#include "tools/core/base64.hpp"
#include "tools/core/hash.hpp"

namespace tools::transcripts {
namespace {

constexpr std::string_view magic = "cs1";
constexpr std::size_t max_cursor_chars = 512;

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

std::string encode_cursor(const Cursor& cursor) {
    const ResumeState& state = cursor.state;
    std::string text(magic);
    text += '.' + std::to_string(state.position.file);
    text += '.' + std::to_string(state.position.offset);
    text += '.' + std::to_string(state.position.line);
    text += '.' + std::to_string(state.last_minute);
    text += '.' + hex(cursor.guard.session);
    text += '.' + hex(cursor.guard.file);
    text += '.' + hex(cursor.guard.options);
    return base64url_encode(text);
}

Result<Cursor> decode_cursor(std::string_view text) {
    const auto bad = [] {
        return make_error(ErrorCode::invalid_argument,
                          "invalid cursor: pass back next_cursor exactly as a previous call returned it");
    };
    const std::optional<std::string> decoded =
        text.size() > max_cursor_chars ? std::nullopt : base64url_decode(text);
    if (!decoded) {
        return bad();
    }
    std::vector<std::string_view> fields;
    std::string_view rest = *decoded;
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
    return cursor;
}

}  // namespace tools::transcripts
