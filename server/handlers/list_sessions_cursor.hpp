// The opaque `cursor` of list_recent_sessions: where the next page starts and the `since` bound the
// first page resolved, so every page of one listing uses the same bound even after a sync moves
// last-sync. Encoded as base64url of a small JSON object; anything that does not decode to one is
// refused with a message saying to pass back next_cursor unchanged. Pure, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "tools/core/result.hpp"
#include "tools/core/time.hpp"

namespace server::handlers {

struct ListCursor {
    std::size_t offset = 0;
    std::optional<tools::TimeMs> since;
    bool include_active = false;
};

std::string encode_list_cursor(const ListCursor& cursor);
tools::Result<ListCursor> decode_list_cursor(const std::string& text);

}  // namespace server::handlers
