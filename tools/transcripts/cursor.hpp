// The opaque next_cursor of extract_transcript: where the next page starts, plus guards.
//
// A cursor is base64url (no padding) of a format byte, the position (file index, offset, line) and the
// minute of the last time prefix as varints, the three guards as 8-byte little-endian words, and a tag;
// at most max_cursor_chars long whatever the session's size (about 70 characters in practice). The
// guards let extract.cpp reject a cursor made for another session, for a file list that changed, or with
// other options. The tag is HMAC-SHA-256 (first 128 bits) of everything before it under a random key
// made once per process: a cursor edited by hand, forged, or made by another process (a restarted
// server) fails decode_cursor, so a position that is not a line start the condenser chose never gets
// parsed. Binary rather than text, so that the MAC hashes one block and every page decodes and encodes
// a short string. Anything malformed or unauthenticated is ErrorCode::invalid_argument. Thread-safe.
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
    std::string tag;  // set by decode_cursor: the MAC in hex, unique per cursor (a cache key)
};

constexpr std::size_t max_cursor_chars = 512;

// The encoded cursor; tag_out (when given) receives the tag decode_cursor will report for it.
std::string encode_cursor(const Cursor& cursor, std::string* tag_out = nullptr);
Result<Cursor> decode_cursor(std::string_view text);

}  // namespace tools::transcripts
