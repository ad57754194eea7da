// JSON-RPC 2.0 framing as MCP uses it: parsing one incoming line into messages and building replies.
// Pure functions, no I/O, thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace protocol {

using Json = nlohmann::json;

namespace error_code {
inline constexpr int parse_error = -32700;
inline constexpr int invalid_request = -32600;
inline constexpr int method_not_found = -32601;
inline constexpr int invalid_params = -32602;
inline constexpr int internal_error = -32603;
// Defined by the 2026-07-28 revision, in the -32020..-32099 range its schema reserves for MCP.
inline constexpr int missing_required_client_capability = -32021;
inline constexpr int unsupported_protocol_version = -32022;
}  // namespace error_code

struct Request {
    Json id;  // string or integer, never null
    std::string method;
    Json params;  // an object (empty when the request had none)
};

struct Notification {
    std::string method;
    Json params;  // an object (empty when absent)
};

// A response sent by the client (to a server-initiated request); context-sync sends none, so these are
// accepted and ignored.
struct ClientResponse {
    Json id;
};

// A message that could be parsed as JSON but is not a valid JSON-RPC message. `reply` is the error
// response to send back (its id is the request's id when it could be read, null otherwise).
struct InvalidMessage {
    Json reply;
};

using Message = std::variant<Request, Notification, ClientResponse, InvalidMessage>;

struct ParsedLine {
    std::vector<Message> messages;  // one message, or the elements of a batch
    bool is_batch = false;
    std::optional<Json> reply;  // set when the whole line is rejected (parse error, empty batch)
    // Set instead of reply when a notification was refused for its shape: it gets no answer, but the
    // reason is worth a log line.
    std::optional<std::string> refused_notification;
};

// Parses one newline-delimited message. Never throws. A text beyond the limits of message_shape.hpp is
// refused before a DOM is built (-32600, with the request's id when it can be read); memory then stays
// within a small multiple of the text's size.
ParsedLine parse_line(std::string_view line);

// Classifies one already-parsed JSON value (an element of a batch or a whole line).
Message classify(Json value);

Json make_result(const Json& id, Json result);
Json make_error(const Json& id, int code, std::string message, Json data = nullptr);
Json make_notification(std::string method, Json params);

// Serialises a message for the wire: one line, no embedded newline, invalid UTF-8 replaced.
std::string serialize(const Json& message);

}  // namespace protocol
