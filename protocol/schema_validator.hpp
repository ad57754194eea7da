// Validates tool arguments against the JSON Schema subset context-sync's tools declare: type (one or a
// list), properties, required, additionalProperties (false or a schema), enum, minimum, maximum,
// minLength, maxLength (in code points), items, minItems, maxItems. Unknown keywords are ignored.
// Pure, thread-safe.
#pragma once

#include <optional>
#include <string>

#include "protocol/jsonrpc.hpp"

namespace protocol {

// The first violation as a sentence naming the offending field (e.g. "max_tokens: must be at most
// 20000"), or nullopt when value is valid.
std::optional<std::string> validate(const Json& value, const Json& schema);

}  // namespace protocol
