// The MCP messages context-sync sends, shaped for the revision in use. Pure, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "protocol/jsonrpc.hpp"

namespace protocol {

struct ServerIdentity {
    std::string name;
    std::string title;
    std::string version;
    std::string instructions;
};

struct ToolAnnotations {
    bool read_only = true;
    bool destructive = false;
    bool idempotent = true;
    bool open_world = false;
};

struct ToolDescriptor {
    std::string name;
    std::string title;
    std::string description;
    Json input_schema;
    Json output_schema;
    ToolAnnotations annotations;
};

Json server_capabilities(std::string_view version);
Json initialize_result(std::string_view version, const ServerIdentity& server);
Json discover_result(const ServerIdentity& server);

// A `tools/list` entry; fields the revision does not know (title, outputSchema before 2025-06-18) are left
// out.
Json describe_tool(const ToolDescriptor& tool, std::string_view version);

// `tools/call` results: the structured value as structuredContent (when the revision has it) and the same
// JSON as a text block; errors as a text block with isError.
Json tool_success(const Json& structured, std::string_view version);
Json tool_failure(std::string_view message, std::string_view version);

// Results of the stateless revision say they are complete and name the server in _meta.
Json finish_result(Json result, std::string_view version, const ServerIdentity& server);

// The UnsupportedProtocolVersion error of the stateless revision, listing what is supported.
Json unsupported_version_error(const Json& id, std::string_view requested);

Json progress_notification(const Json& token, double progress, std::optional<double> total,
                           std::string_view message);

// RFC 5424 levels as MCP names them, most verbose first.
inline constexpr std::string_view log_levels[] = {"debug", "info",     "notice", "warning",
                                                  "error", "critical", "alert",  "emergency"};
// Index into log_levels, or -1 when the name is unknown.
int log_level_index(std::string_view name);
Json log_notification(std::string_view level, std::string_view logger, std::string_view message);

}  // namespace protocol
