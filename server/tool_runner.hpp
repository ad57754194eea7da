// Runs one tool by name with JSON arguments: the single path shared by MCP `tools/call` and the
// `context-sync call` command, so both validate and report the same way.
//
// Errors: never throws. An exception escaping a tool's run function is caught here (the dispatch
// boundary), logged, and reported as an internal tool error. Thread-safe if the tools are.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "server/tool_registry.hpp"

namespace server {

struct ToolOutcome {
    enum class Kind {
        ok,                 // structured holds the result
        tool_error,         // message says what went wrong (bad session id, I/O, ...)
        invalid_arguments,  // message names the offending field
        unknown_tool,
        cancelled,
    };
    Kind kind = Kind::ok;
    nlohmann::json structured;
    std::string message;
};

ToolOutcome run_tool(const ToolRegistry& registry, const std::string& name, const nlohmann::json& arguments,
                     const ToolContext& context);

}  // namespace server
