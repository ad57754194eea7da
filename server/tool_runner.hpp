// Runs one tool by name with JSON arguments: the single path shared by MCP `tools/call` and the
// `context-sync call` command, so both validate and report the same way.
//
// Errors: never throws. An exception escaping a tool's run function is caught here (the dispatch
// boundary), logged, and reported as an internal tool error whose message never carries the exception's
// text. Thread-safe if the tools are.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "server/catalog.hpp"

namespace server {

struct ToolOutcome {
    enum class Kind {
        ok,          // structured holds the result
        tool_error,  // a domain refusal or failure (unknown session, bad cursor, I/O): message says which
        invalid_arguments,  // the arguments break the tool's input schema: message names the field
        unknown_tool,
        cancelled,
    };
    Kind kind = Kind::ok;
    nlohmann::json structured;
    std::string message;
};

ToolOutcome run_tool(const Catalog& catalog, const std::string& name, const nlohmann::json& arguments,
                     const ToolContext& context);

}  // namespace server
