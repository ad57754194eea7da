// The tools this server offers, independent of how they are reached (stdio, CLI).
//
// A ToolDefinition couples the MCP-facing description (schemas, annotations) with a run function that
// calls into tools/. The dispatcher validates arguments against input_schema before calling run, so a
// run function may assume the declared types; it reports domain failures as tools::Error, which become
// tool results with isError=true. run must not throw; if it does, the dispatcher reports an internal
// error. Thread safety: the registry is filled once at start-up and only read afterwards; run functions
// may be called concurrently from several worker threads.
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

class ToolRegistry {
  public:
    void add(ToolDefinition tool);
    const ToolDefinition* find(const std::string& name) const;
    const std::vector<ToolDefinition>& all() const { return m_tools; }

    // What `tools/list` says about a tool.
    static protocol::ToolDescriptor descriptor(const ToolDefinition& tool);

  private:
    std::vector<ToolDefinition> m_tools;
    std::map<std::string, std::size_t, std::less<>> m_index;
};

// Every tool context-sync offers; the list lives in server/tool_list.cpp.
ToolRegistry make_default_registry();

}  // namespace server
