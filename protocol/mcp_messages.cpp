#include "protocol/mcp_messages.hpp"

#include <utility>

#include "protocol/json_writer.hpp"
#include "protocol/versions.hpp"

namespace protocol {

Json server_capabilities(std::string_view version, const CatalogShape& catalog) {
    Json capabilities = Json::object();
    if (catalog.tools) {
        capabilities["tools"] = {{"listChanged", false}};
    }
    if (catalog.prompts) {
        capabilities["prompts"] = {{"listChanged", false}};
    }
    if (catalog.resources) {
        capabilities["resources"] = {{"listChanged", false}, {"subscribe", false}};
    }
    if (!traits_of(version).stateless) {
        capabilities["logging"] = Json::object();
    }
    return capabilities;
}

namespace {

Json server_info(const ServerIdentity& server, std::string_view version) {
    Json info{{"name", server.name}, {"version", server.version}};
    if (traits_of(version).has_structured_output) {
        info["title"] = server.title;
    }
    return info;
}

}  // namespace

Json initialize_result(std::string_view version, const ServerIdentity& server, const CatalogShape& catalog) {
    return Json{{"protocolVersion", version},
                {"capabilities", server_capabilities(version, catalog)},
                {"serverInfo", server_info(server, version)},
                {"instructions", server.instructions}};
}

Json discover_result(const ServerIdentity& server, const CatalogShape& catalog) {
    // The revision's prose puts serverInfo in the result, its schema in _meta: carry both.
    return finish_result(Json{{"supportedVersions", supported_versions()},
                              {"capabilities", server_capabilities(modern_version, catalog)},
                              {"serverInfo", server_info(server, modern_version)},
                              {"instructions", server.instructions}},
                         modern_version, server);
}

Json describe_tool(const ToolDescriptor& tool, std::string_view version) {
    const VersionTraits traits = traits_of(version);
    Json annotations{{"readOnlyHint", tool.annotations.read_only},
                     {"destructiveHint", tool.annotations.destructive},
                     {"idempotentHint", tool.annotations.idempotent},
                     {"openWorldHint", tool.annotations.open_world}};
    Json entry{{"name", tool.name}, {"description", tool.description}, {"inputSchema", tool.input_schema}};
    if (traits.has_structured_output) {
        entry["title"] = tool.title;
        entry["outputSchema"] = tool.output_schema;
    } else {
        // 2025-03-26 carried the display name inside the annotations.
        annotations["title"] = tool.title;
    }
    entry["annotations"] = std::move(annotations);
    return entry;
}

Json describe_prompt(const PromptDescriptor& prompt, std::string_view version) {
    Json arguments = Json::array();
    for (const PromptArgumentDescriptor& argument : prompt.arguments) {
        arguments.push_back({{"name", argument.name},
                             {"description", argument.description},
                             {"required", argument.required}});
    }
    Json entry{
        {"name", prompt.name}, {"description", prompt.description}, {"arguments", std::move(arguments)}};
    if (traits_of(version).has_structured_output) {
        entry["title"] = prompt.title;
    }
    return entry;
}

Json describe_resource(const ResourceDescriptor& resource, std::string_view version) {
    Json entry{{"uri", resource.uri},
               {"name", resource.name},
               {"description", resource.description},
               {"mimeType", resource.mime_type}};
    if (traits_of(version).has_structured_output) {
        entry["title"] = resource.title;
    }
    return entry;
}

Json resource_text(const ResourceDescriptor& resource, std::string text) {
    return Json{{"contents", Json::array({{{"uri", resource.uri},
                                           {"mimeType", resource.mime_type},
                                           {"text", std::move(text)}}})}};
}

Json tool_success(const Json& structured, std::string_view version) {
    std::string text = serialize(structured);
    Json result = Json::object();
    if (traits_of(version).has_structured_output) {
        // The same bytes as the text block: copied into the message, not written from the tree again.
        result["structuredContent"] = serialized_json(text);
    }
    Json block = Json::object();
    block["type"] = "text";
    block["text"] = std::move(text);
    Json content = Json::array();
    content.push_back(std::move(block));
    result["content"] = std::move(content);
    result["isError"] = false;
    return result;
}

Json tool_failure(std::string_view message, std::string_view /*version*/) {
    return Json{{"content", Json::array({{{"type", "text"}, {"text", message}}})}, {"isError", true}};
}

Json finish_result(Json result, std::string_view version, const ServerIdentity& server) {
    if (traits_of(version).stateless && result.is_object()) {
        result["resultType"] = "complete";
        result["_meta"][std::string(meta_server_info)] = server_info(server, version);
    }
    return result;
}

Json unsupported_version_error(const Json& id, std::string_view requested) {
    return make_error(id, error_code::unsupported_protocol_version, "Unsupported protocol version",
                      Json{{"supported", supported_versions()}, {"requested", requested}});
}

Json progress_notification(const Json& token, double progress, std::optional<double> total,
                           std::string_view message) {
    Json params{{"progressToken", token}, {"progress", progress}};
    if (total) {
        params["total"] = *total;
    }
    if (!message.empty()) {
        params["message"] = message;
    }
    return make_notification("notifications/progress", std::move(params));
}

int log_level_index(std::string_view name) {
    for (int i = 0; i < static_cast<int>(std::size(log_levels)); ++i) {
        if (log_levels[i] == name) {
            return i;
        }
    }
    return -1;
}

Json log_notification(std::string_view level, std::string_view logger, std::string_view message) {
    return make_notification("notifications/message",
                             Json{{"level", level}, {"logger", logger}, {"data", message}});
}

}  // namespace protocol
