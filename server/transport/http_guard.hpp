// The checks a Streamable HTTP request passes before its body reaches the dispatcher: where it comes
// from (Origin, Host), who sends it (bearer token), what it says about itself (MCP-Protocol-Version,
// Mcp-Method, Mcp-Name) and what it accepts back. Every header is hostile: any byte, any length.
//
// Pure functions over strings and parsed JSON, no I/O, thread-safe. A failed check is a Rejection: the
// HTTP status, and the JSON-RPC error code and message the body carries (no paths, no internals).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace server::transport::http {

// MCP's HeaderMismatch (2026-07-28): the request's headers disagree with its body, or one it needs is
// missing or malformed.
inline constexpr int header_mismatch = -32020;

struct Rejection {
    int status = 400;
    int code = -32600;
    std::string message;
    nlohmann::json data = nullptr;  // the error's data member, when it has one
};

// True for names that always mean this machine: localhost, 127.0.0.0/8, [::1] (with or without a port).
bool is_loopback_host(std::string_view host);

// True when an address to bind to only accepts connections from this machine.
bool is_loopback_address(std::string_view address);

// The Origin check against DNS rebinding: an absent Origin (not a browser) passes; a present one must be
// an http(s) origin on a loopback host, or equal (ignoring case) one of `allowed` ("null" never passes
// unless listed).
bool origin_allowed(std::optional<std::string_view> origin, const std::vector<std::string>& allowed);

// The Authorization header against the configured token: "Bearer <token>", scheme case-insensitive,
// compared in constant time over the token's length (the time does not depend on where they differ).
bool bearer_matches(std::optional<std::string_view> authorization, std::string_view token);

// Whether an Accept header admits a media type ("application/json", "text/event-stream"), honouring
// */*, type/* and q=0. An absent header accepts everything.
bool accepts(std::optional<std::string_view> accept, std::string_view media_type);

// The MCP-Protocol-Version header: nullopt when absent; otherwise the version when it is well formed and
// supported, or a 400 Rejection (-32022 listing the supported versions' text for an unsupported one).
struct VersionHeader {
    std::optional<std::string> version;
    std::optional<Rejection> rejection;
};
VersionHeader parse_version_header(std::optional<std::string_view> value);

// A header value in the Base64 sentinel form of 2026-07-28 (=?base64?...?=) decoded, any other value as
// it is; nullopt when the value holds bytes a header must not (controls, non-ASCII) or bad Base64.
std::optional<std::string> decode_header_value(std::string_view value);

// The 2026-07-28 header-body agreement for one JSON-RPC message (the parsed body, an object): the
// MCP-Protocol-Version header must equal _meta's protocolVersion, Mcp-Method the method (requests and
// notifications alike), and Mcp-Name params.name (tools/call, prompts/get) or params.uri
// (resources/read). nullopt when they agree; a 400 / -32020 Rejection naming the first disagreement.
struct ModernHeaders {
    std::optional<std::string_view> protocol_version;
    std::optional<std::string_view> method;
    std::optional<std::string_view> name;
};
std::optional<Rejection> check_modern_headers(const ModernHeaders& headers, const nlohmann::json& body);

// An Mcp-Session-Id as issued (and as the specification allows: visible ASCII only).
bool is_valid_session_id(std::string_view id);

// A JSON-RPC error body for a rejection (id null: the request may not even have been read).
std::string rejection_body(const Rejection& rejection);

}  // namespace server::transport::http
