// Fuzzes the opaque cursors a client passes back: extract_transcript's next_cursor
// (tools::transcripts::decode_cursor) and list_recent_sessions' cursor (server::handlers). A client may
// send any string. Decoding must refuse it cleanly or yield a value that encodes and decodes back to
// itself, so a page chain never drifts.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "server/handlers/list_sessions_cursor.hpp"
#include "tools/transcripts/cursor.hpp"

namespace {

bool same(const tools::transcripts::Cursor& a, const tools::transcripts::Cursor& b) {
    return a.state.position.file == b.state.position.file &&
           a.state.position.offset == b.state.position.offset &&
           a.state.position.line == b.state.position.line && a.state.last_minute == b.state.last_minute &&
           a.guard.session == b.guard.session && a.guard.file == b.guard.file &&
           a.guard.options == b.guard.options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);

    const auto cursor = tools::transcripts::decode_cursor(text);
    if (cursor) {
        const std::string again = tools::transcripts::encode_cursor(*cursor);
        const auto decoded = tools::transcripts::decode_cursor(again);
        FUZZ_CHECK(decoded.has_value());
        FUZZ_CHECK(same(*cursor, *decoded));
    } else {
        FUZZ_CHECK(!cursor.error().message.empty());
    }

    const auto list = server::handlers::decode_list_cursor(text);
    if (list) {
        const auto decoded =
            server::handlers::decode_list_cursor(server::handlers::encode_list_cursor(*list));
        FUZZ_CHECK(decoded.has_value());
        FUZZ_CHECK(decoded->offset == list->offset && decoded->since == list->since &&
                   decoded->include_active == list->include_active);
    } else {
        FUZZ_CHECK(!list.error().message.empty());
    }
    return 0;
}
