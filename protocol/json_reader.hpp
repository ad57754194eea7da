// Reads one JSON text into an nlohmann::json value, with exactly the result of nlohmann's
// Json::parse(text, nullptr, false): the same value, and a discarded value for every text nlohmann
// refuses. Faster on the small messages a session exchanges.
//
// Why: a paged extract_transcript call is a few hundred bytes of JSON, and nlohmann's lexer spends some
// hundred instructions a byte on it (it copies every byte twice, once for its error messages), which
// made parsing the request the largest fixed cost of a small page after the condensing. Texts up to
// fast_read_limit go through simdjson's DOM parser and are converted node by node; every text simdjson
// refuses (a syntax error, but also integers past 64 bits, lone surrogates, nesting deeper than
// max_nesting_depth + 1) and every longer text is parsed by nlohmann, so its answer stands wherever the
// two could differ. One difference remains and is not observable: "-0" is an unsigned 0 here and a signed 0
// in nlohmann, which compare equal and serialise alike.
//
// Thread-safe: each thread keeps its own parser, holding at most a few hundred KiB.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

namespace protocol {

inline constexpr std::size_t fast_read_limit = std::size_t{32} * 1024;

nlohmann::json read_json(std::string_view text);

}  // namespace protocol
