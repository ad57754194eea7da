// The MCP messages context-sync sends, shaped for the revision in use. Pure, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

struct PromptArgumentDescriptor {
    std::string name;
    std::string description;
    bool required = false;
};

struct PromptDescriptor {
    std::string name;
    std::string title;
    std::string description;
    std::vector<PromptArgumentDescriptor> arguments;
};

struct ResourceDescriptor {
    std::string uri;
    std::string name;
    std::string title;
    std::string description;
    std::string mime_type;
};

// What the server has behind each capability: only what exists is advertised.
struct CatalogShape {
    bool tools = false;
    bool prompts = false;
    bool resources = false;
};

Json server_capabilities(std::string_view version, const CatalogShape& catalog);
Json initialize_result(std::string_view version, const ServerIdentity& server, const CatalogShape& catalog);
Json discover_result(const ServerIdentity& server, const CatalogShape& catalog);

// A `tools/list` entry; fields the revision does not know (title, outputSchema before 2025-06-18) are left
// out.
Json describe_tool(const ToolDescriptor& tool, std::string_view version);

// `prompts/list` and `resources/list` entries (title from 2025-06-18 on).
Json describe_prompt(const PromptDescriptor& prompt, std::string_view version);
Json describe_resource(const ResourceDescriptor& resource, std::string_view version);
// A `resources/read` result holding one text resource.
Json resource_text(const ResourceDescriptor& resource, std::string text);

// `tools/call` results: the structured value as structuredContent (when the revision has it) and the same
// JSON as a text block; errors as a text block with isError. A success holds structuredContent already
// serialised (serialized_json in json_writer.hpp): read it back through serialize.
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
