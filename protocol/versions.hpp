// The MCP revisions this server speaks and what differs between them.
//
// Legacy revisions (2025-03-26, 2025-06-18, 2025-11-25) agree on a version once per connection with
// `initialize`. The modern revision (2026-07-28) has no handshake: every request names its version in
// _meta. Pure, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/jsonrpc.hpp"

namespace protocol {

inline constexpr std::string_view latest_legacy_version = "2025-11-25";
inline constexpr std::string_view modern_version = "2026-07-28";

inline constexpr std::string_view meta_protocol_version = "io.modelcontextprotocol/protocolVersion";
inline constexpr std::string_view meta_client_capabilities = "io.modelcontextprotocol/clientCapabilities";
inline constexpr std::string_view meta_client_info = "io.modelcontextprotocol/clientInfo";
inline constexpr std::string_view meta_server_info = "io.modelcontextprotocol/serverInfo";

// Newest first: what server/discover lists and what an unsupported-version error offers.
const std::vector<std::string>& supported_versions();

bool is_supported(std::string_view version);
bool is_modern(std::string_view version);

// initialize: the requested version when it is a supported legacy one, otherwise the latest legacy one
// (the client then decides whether to continue).
std::string negotiate_legacy(std::string_view requested);

// What each revision's messages look like.
struct VersionTraits {
    bool allows_batches = false;                     // 2025-03-26 only
    bool has_structured_output = false;              // outputSchema, structuredContent, title: 2025-06-18 on
    bool validation_errors_as_tool_results = false;  // 2025-11-25 on
    bool stateless = false;                          // 2026-07-28: resultType, no ping/logging/setLevel
};
VersionTraits traits_of(std::string_view version);

// The version a request declares in params._meta, if any. Does not check that it is supported.
std::optional<std::string> declared_version(const Json& params);

}  // namespace protocol
