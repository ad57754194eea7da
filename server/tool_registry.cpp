#include "server/tool_registry.hpp"

#include <stdexcept>

namespace server {

void ToolRegistry::add(ToolDefinition tool) {
    if (m_index.count(tool.name) != 0) {
        throw std::logic_error("tool registered twice: " + tool.name);
    }
    m_index.emplace(tool.name, m_tools.size());
    m_tools.push_back(std::move(tool));
}

const ToolDefinition* ToolRegistry::find(const std::string& name) const {
    const auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_tools[it->second];
}

protocol::ToolDescriptor ToolRegistry::descriptor(const ToolDefinition& tool) {
    return {tool.name, tool.title, tool.description, tool.input_schema, tool.output_schema, tool.annotations};
}

}  // namespace server
