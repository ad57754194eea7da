// Everything the server offers over MCP: tools, prompts and resources, in one place, so what initialize
// and server/discover advertise is derived from what is actually there.
//
// A capability is advertised only when the catalog holds at least one entry of its kind; its methods
// (prompts/list, prompts/get, resources/list, resources/read, ...) exist only then. Names and URIs are
// unique (add throws std::logic_error on a duplicate: a programming error at start-up).
// Thread safety: filled once at start-up, then only read, from any thread; the get/read/run functions
// may be called concurrently.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "protocol/mcp_messages.hpp"
#include "server/tool_registry.hpp"

namespace server {

struct PromptDefinition {
    std::string name;
    std::string title;
    std::string description;
    std::vector<protocol::PromptArgumentDescriptor> arguments;
    // The prompt's GetPromptResult ({"description"?, "messages": [...]}) for string arguments. Required
    // arguments are checked before get is called. A tools::Error becomes a JSON-RPC error naming it.
    std::function<tools::Result<nlohmann::json>(const std::map<std::string, std::string>& arguments,
                                                const ToolContext& context)>
        get;
};

struct ResourceDefinition {
    std::string uri;
    std::string name;
    std::string title;
    std::string description;
    std::string mime_type = "text/markdown";
    // The resource's current text (read on every resources/read).
    std::function<tools::Result<std::string>(const ToolContext& context)> read;
};

class Catalog {
  public:
    void add(ToolDefinition tool);
    void add(PromptDefinition prompt);
    void add(ResourceDefinition resource);

    const ToolDefinition* find_tool(const std::string& name) const;
    const PromptDefinition* find_prompt(const std::string& name) const;
    const ResourceDefinition* find_resource(const std::string& uri) const;

    const std::vector<ToolDefinition>& tools() const { return m_tools; }
    const std::vector<PromptDefinition>& prompts() const { return m_prompts; }
    const std::vector<ResourceDefinition>& resources() const { return m_resources; }

    protocol::CatalogShape shape() const;

    static protocol::ToolDescriptor descriptor(const ToolDefinition& tool);
    static protocol::PromptDescriptor descriptor(const PromptDefinition& prompt);
    static protocol::ResourceDescriptor descriptor(const ResourceDefinition& resource);

  private:
    std::vector<ToolDefinition> m_tools;
    std::vector<PromptDefinition> m_prompts;
    std::vector<ResourceDefinition> m_resources;
    std::map<std::string, std::size_t, std::less<>> m_tool_index;
    std::map<std::string, std::size_t, std::less<>> m_prompt_index;
    std::map<std::string, std::size_t, std::less<>> m_resource_index;
};

// Everything context-sync offers; the list lives in server/tool_list.cpp.
Catalog make_default_catalog();

}  // namespace server
