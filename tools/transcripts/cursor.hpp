// The opaque next_cursor of extract_transcript: where the next page starts, plus guards.
//
// A cursor is base64url (no padding) of "cs1.<file>.<offset>.<line>.<minute>.<session>.<file hash>.
// <options>" with hashes in hex. The guards let extract.cpp reject a cursor made for another session,
// for a file list that changed, or with other options. decode_cursor checks only the syntax; anything
// malformed is ErrorCode::invalid_argument. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/core/result.hpp"
#include "tools/transcripts/condenser.hpp"

namespace tools::transcripts {

struct CursorGuard {
    std::uint64_t session = 0;  // hash of the main transcript's file name
    std::uint64_t file = 0;     // hash of the file name the position is in
    std::uint64_t options = 0;  // hash of the options that shape the text
};

struct Cursor {
    ResumeState state;
    CursorGuard guard;
};

std::string encode_cursor(const Cursor& cursor);
Result<Cursor> decode_cursor(std::string_view text);

}  // namespace tools::transcripts
