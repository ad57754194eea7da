#include "server/tool_runner.hpp"

#include <spdlog/spdlog.h>

#include <exception>

#include "protocol/schema_validator.hpp"
#include "tools/secrets/redactor.hpp"

namespace server {

ToolOutcome run_tool(const Catalog& catalog, const std::string& name, const nlohmann::json& arguments,
                     const ToolContext& context) {
    using Kind = ToolOutcome::Kind;
    const ToolDefinition* tool = catalog.find_tool(name);
    if (tool == nullptr) {
        return {Kind::unknown_tool, nullptr, "Unknown tool: " + name};
    }
    if (auto problem = protocol::validate(arguments, tool->input_schema)) {
        return {Kind::invalid_arguments, nullptr, "Invalid arguments for tool " + name + ": " + *problem};
    }
    try {
        auto result = tool->run(arguments, context);
        if (result) {
            return {Kind::ok, std::move(*result), {}};
        }
        if (result.error().code == tools::ErrorCode::cancelled) {
            return {Kind::cancelled, nullptr, "cancelled"};
        }
        return {Kind::tool_error, nullptr, result.error().message};
    } catch (const std::exception& e) {
        // Exception texts can quote the input they choked on, and logs leave the machine too.
        spdlog::error("tool {} failed with an exception: {}", name,
                      tools::secrets::Redactor().line(e.what(), 300).text);
        return {Kind::tool_error, nullptr, "internal error in tool " + name};
    } catch (...) {
        spdlog::error("tool {} failed with an unknown exception", name);
        return {Kind::tool_error, nullptr, "internal error in tool " + name};
    }
}

}  // namespace server
