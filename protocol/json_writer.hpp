// Writes a JSON value as compact text, byte for byte what nlohmann's
// dump(-1, ' ', false, error_handler_t::replace) writes for it, faster on long strings.
//
// Why: a paged tool result holds the page's text three times over (the structured result, the same
// serialized into a text block, and that block escaped again in the message), so escaping strings was
// the largest fixed cost of a page. Runs of bytes that need no escape are copied whole instead of byte
// by byte through a UTF-8 state machine. Invalid UTF-8 is left to nlohmann's writer (the rare slow
// path), so the replacement characters are exactly its. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace protocol {

void write_json(const nlohmann::json& value, std::string& out);

// A value that write_json writes as the given text, unchanged: for JSON that is already serialised
// (by write_json, and only so) and goes out a second time, as a tool result's structuredContent does
// beside its text block. It is a binary value to nlohmann, so a tree holding one is for sending
// through write_json, not for reading or for nlohmann's dump.
nlohmann::json serialized_json(std::string_view text);

}  // namespace protocol
