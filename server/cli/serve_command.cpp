#include <iostream>

#include "protocol/mcp_messages.hpp"
#include "protocol/versions.hpp"
#include "server/cli/commands.hpp"
#include "server/tool_runner.hpp"
#include "server/transport/stdio_transport.hpp"

namespace server::cli {

int run_serve_stdio(const Settings& settings) {
    const Catalog catalog = make_default_catalog();
    return transport::serve_stdio(settings, catalog);
}

int run_print_tools(const Settings& /*settings*/) {
    const Catalog catalog = make_default_catalog();
    nlohmann::json tools = nlohmann::json::array();
    for (const ToolDefinition& tool : catalog.tools()) {
        tools.push_back(protocol::describe_tool(Catalog::descriptor(tool), protocol::latest_legacy_version));
    }
    std::cout << tools.dump(2) << '\n';
    return 0;
}

int run_call(const Settings& settings, const std::string& tool, const std::string& arguments_json) {
    const auto arguments = nlohmann::json::parse(arguments_json, nullptr, /*allow_exceptions=*/false);
    if (arguments.is_discarded() || !arguments.is_object()) {
        std::cerr << "context-sync call: arguments must be a JSON object, e.g. '{\"limit\": 5}'\n";
        return 2;
    }
    const Catalog catalog = make_default_catalog();
    const ToolContext context{settings, tools::Progress::none()};
    const ToolOutcome outcome = run_tool(catalog, tool, arguments, context);
    using Kind = ToolOutcome::Kind;
    switch (outcome.kind) {
        case Kind::ok:
            std::cout << outcome.structured.dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                      << '\n';
            return 0;
        case Kind::invalid_arguments:
        case Kind::unknown_tool:
            std::cerr << "context-sync call: " << outcome.message << '\n';
            return 2;
        case Kind::tool_error:
        case Kind::cancelled:
            break;
    }
    std::cerr << "context-sync call: " << outcome.message << '\n';
    return 1;
}

}  // namespace server::cli
