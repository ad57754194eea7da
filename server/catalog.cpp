#include "server/catalog.hpp"

#include <stdexcept>

namespace server {
namespace {

template <typename T>
void add_unique(std::vector<T>& entries, std::map<std::string, std::size_t, std::less<>>& index,
                const std::string& key, T entry, const char* kind) {
    if (!index.emplace(key, entries.size()).second) {
        throw std::logic_error(std::string(kind) + " registered twice: " + key);
    }
    entries.push_back(std::move(entry));
}

template <typename T>
const T* find_in(const std::vector<T>& entries, const std::map<std::string, std::size_t, std::less<>>& index,
                 const std::string& key) {
    const auto it = index.find(key);
    return it == index.end() ? nullptr : &entries[it->second];
}

}  // namespace

void Catalog::add(ToolDefinition tool) {
    const std::string key = tool.name;
    add_unique(m_tools, m_tool_index, key, std::move(tool), "tool");
}

void Catalog::add(PromptDefinition prompt) {
    const std::string key = prompt.name;
    add_unique(m_prompts, m_prompt_index, key, std::move(prompt), "prompt");
}

void Catalog::add(ResourceDefinition resource) {
    const std::string key = resource.uri;
    add_unique(m_resources, m_resource_index, key, std::move(resource), "resource");
}

const ToolDefinition* Catalog::find_tool(const std::string& name) const {
    return find_in(m_tools, m_tool_index, name);
}

const PromptDefinition* Catalog::find_prompt(const std::string& name) const {
    return find_in(m_prompts, m_prompt_index, name);
}

const ResourceDefinition* Catalog::find_resource(const std::string& uri) const {
    return find_in(m_resources, m_resource_index, uri);
}

protocol::CatalogShape Catalog::shape() const {
    return {!m_tools.empty(), !m_prompts.empty(), !m_resources.empty()};
}

protocol::ToolDescriptor Catalog::descriptor(const ToolDefinition& tool) {
    return {tool.name, tool.title, tool.description, tool.input_schema, tool.output_schema, tool.annotations};
}

protocol::PromptDescriptor Catalog::descriptor(const PromptDefinition& prompt) {
    return {prompt.name, prompt.title, prompt.description, prompt.arguments};
}

protocol::ResourceDescriptor Catalog::descriptor(const ResourceDefinition& resource) {
    return {resource.uri, resource.name, resource.title, resource.description, resource.mime_type};
}

}  // namespace server
