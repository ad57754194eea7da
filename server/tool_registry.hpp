// A tool as the server offers it, independent of how it is reached (stdio, HTTP, the CLI).
//
// A ToolDefinition couples the MCP-facing description (schemas, annotations) with a run function that
// calls into tools/. Arguments are validated against input_schema before run is called, so a run
// function may assume the declared types. It reports domain failures (unknown session, bad cursor, a
// refused learning) as tools::Error: those become tool results with isError=true on every protocol
// version. run must not throw; if it does, the caller reports an internal error without the exception's
// text. run may be called concurrently from several worker threads. Tools are collected in a Catalog
// (server/catalog.hpp).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "protocol/mcp_messages.hpp"
#include "server/settings.hpp"
#include "tools/core/progress.hpp"
#include "tools/core/result.hpp"

namespace server {

struct ToolContext {
    const Settings& settings;
    const tools::Progress& progress;
};

using ToolAnnotations = protocol::ToolAnnotations;

struct ToolDefinition {
    std::string name;
    std::string title;
    std::string description;
    nlohmann::json input_schema;   // JSON Schema object with additionalProperties: false
    nlohmann::json output_schema;  // JSON Schema of structuredContent
    ToolAnnotations annotations;
    std::function<tools::Result<nlohmann::json>(const nlohmann::json& arguments, const ToolContext& context)>
        run;
};

}  // namespace server
