#include "server/methods.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "protocol/versions.hpp"
#include "server/tool_runner.hpp"

namespace server::methods {
namespace {

using protocol::Json;
namespace code = protocol::error_code;

// MCP's code for resources/read of an unknown URI.
constexpr int resource_not_found = -32002;

// Client data is hostile: read a member only when it has the expected type.
std::string string_or(const Json& object, std::string_view key, std::string fallback) {
    if (!object.is_object()) {
        return fallback;
    }
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

const Json* member(const Json& object, std::string_view key) {
    if (!object.is_object()) {
        return nullptr;
    }
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

Json done(const MethodCall& call, Json result) {
    return protocol::make_result(call.request.id,
                                 protocol::finish_result(std::move(result), call.version, call.identity));
}

Json invalid_params(const MethodCall& call, std::string message) {
    return protocol::make_error(call.request.id, code::invalid_params,
                                "Invalid params: " + std::move(message));
}

std::optional<Json> initialize(const MethodCall& call) {
    const Json* requested = member(call.request.params, "protocolVersion");
    if (requested == nullptr || !requested->is_string()) {
        return invalid_params(call, "protocolVersion must be a string");
    }
    const std::string version = protocol::negotiate_legacy(requested->get<std::string>());
    const Json* client = member(call.request.params, "clientInfo");
    spdlog::info("initialize from {} {}: protocol {} (asked {})",
                 client ? string_or(*client, "name", "?") : "?",
                 client ? string_or(*client, "version", "?") : "?", version, requested->get<std::string>());
    Json reply = protocol::make_result(
        call.request.id, protocol::initialize_result(version, call.identity, call.catalog.shape()));
    // Only a handshake that fully succeeded changes the session.
    call.session.set_version(version);
    return reply;
}

std::optional<Json> discover(const MethodCall& call) {
    const Json* meta = member(call.request.params, "_meta");
    const Json* client = meta ? member(*meta, protocol::meta_client_info) : nullptr;
    spdlog::info("server/discover from {} {}", client ? string_or(*client, "name", "?") : "?",
                 client ? string_or(*client, "version", "?") : "?");
    return protocol::make_result(call.request.id,
                                 protocol::discover_result(call.identity, call.catalog.shape()));
}

std::optional<Json> ping(const MethodCall& call) {
    return done(call, Json::object());
}

std::optional<Json> set_log_level(const MethodCall& call) {
    const std::string level = string_or(call.request.params, "level", "");
    const int index = protocol::log_level_index(level);
    if (index < 0) {
        return invalid_params(call,
                              "level must be one of debug, info, notice, warning, error, critical, alert, "
                              "emergency");
    }
    call.session.set_log_level(index);
    return done(call, Json::object());
}

std::optional<Json> list_tools(const MethodCall& call) {
    Json tools = Json::array();
    for (const ToolDefinition& tool : call.catalog.tools()) {
        tools.push_back(protocol::describe_tool(Catalog::descriptor(tool), call.version));
    }
    return done(call, Json{{"tools", std::move(tools)}});
}

std::optional<Json> list_prompts(const MethodCall& call) {
    Json prompts = Json::array();
    for (const PromptDefinition& prompt : call.catalog.prompts()) {
        prompts.push_back(protocol::describe_prompt(Catalog::descriptor(prompt), call.version));
    }
    return done(call, Json{{"prompts", std::move(prompts)}});
}

std::optional<Json> get_prompt(const MethodCall& call) {
    const Json* given_name = member(call.request.params, "name");
    if (given_name == nullptr || !given_name->is_string()) {
        return invalid_params(call, "name must be a string");
    }
    const std::string name = given_name->get<std::string>();
    const PromptDefinition* prompt = call.catalog.find_prompt(name);
    if (prompt == nullptr) {
        return invalid_params(call, "unknown prompt: " + name);
    }
    std::map<std::string, std::string> arguments;
    if (const Json* given = member(call.request.params, "arguments"); given != nullptr && !given->is_null()) {
        if (!given->is_object()) {
            return invalid_params(call, "arguments must be an object");
        }
        for (const auto& [key, value] : given->items()) {
            if (!value.is_string()) {
                return invalid_params(call, "argument " + key + " must be a string");
            }
            arguments.emplace(key, value.get<std::string>());
        }
    }
    for (const auto& argument : prompt->arguments) {
        if (argument.required && arguments.count(argument.name) == 0) {
            return invalid_params(call, "missing required argument " + argument.name);
        }
    }
    const tools::Progress progress(call.cancelled, {});
    auto result = prompt->get(arguments, ToolContext{call.settings, progress});
    if (!result) {
        return protocol::make_error(call.request.id, code::internal_error,
                                    "prompt " + name + " failed: " + result.error().message);
    }
    return done(call, std::move(*result));
}

std::optional<Json> list_resources(const MethodCall& call) {
    Json resources = Json::array();
    for (const ResourceDefinition& resource : call.catalog.resources()) {
        resources.push_back(protocol::describe_resource(Catalog::descriptor(resource), call.version));
    }
    return done(call, Json{{"resources", std::move(resources)}});
}

std::optional<Json> list_resource_templates(const MethodCall& call) {
    return done(call, Json{{"resourceTemplates", Json::array()}});
}

std::optional<Json> read_resource(const MethodCall& call) {
    const std::string uri = string_or(call.request.params, "uri", "");
    const ResourceDefinition* resource = call.catalog.find_resource(uri);
    if (resource == nullptr) {
        return protocol::make_error(call.request.id, resource_not_found, "Resource not found",
                                    Json{{"uri", uri}});
    }
    const tools::Progress progress(call.cancelled, {});
    auto text = resource->read(ToolContext{call.settings, progress});
    if (!text) {
        return protocol::make_error(call.request.id, code::internal_error,
                                    "reading " + uri + " failed: " + text.error().message);
    }
    return done(call, protocol::resource_text(Catalog::descriptor(*resource), std::move(*text)));
}

// Sends notifications/progress for a request that asked for them, at most every 100 ms and with a
// progress value that never decreases, as the specification requires.
class ProgressReporter {
  public:
    ProgressReporter(const std::function<void(const Json&)>& notify, Json token)
        : m_notify(notify), m_token(std::move(token)) {}

    void operator()(double done, double total, std::string_view message) {
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(m_mutex);
        if (!m_notify || done <= m_last_done || now - m_last_sent < std::chrono::milliseconds(100)) {
            return;
        }
        m_last_done = done;
        m_last_sent = now;
        m_notify(protocol::progress_notification(m_token, done,
                                                 total > 0 ? std::optional(total) : std::nullopt, message));
    }

  private:
    const std::function<void(const Json&)>& m_notify;
    const Json m_token;
    std::mutex m_mutex;
    double m_last_done = -1;
    std::chrono::steady_clock::time_point m_last_sent{};
};

std::optional<Json> call_tool(const MethodCall& call) {
    const Json* name = member(call.request.params, "name");
    if (name == nullptr || !name->is_string()) {
        return invalid_params(call, "name must be a string");
    }
    const Json* given = member(call.request.params, "arguments");
    const Json no_arguments = Json::object();
    const Json& arguments = given == nullptr || given->is_null() ? no_arguments : *given;
    if (!arguments.is_object()) {
        return invalid_params(call, "arguments must be an object");
    }
    const std::string& tool = name->get_ref<const std::string&>();
    if (call.catalog.find_tool(tool) == nullptr) {
        return protocol::make_error(call.request.id, code::invalid_params, "Unknown tool: " + tool);
    }

    tools::Progress::Callback on_progress;
    const Json* meta = member(call.request.params, "_meta");
    if (const Json* token = meta ? member(*meta, "progressToken") : nullptr;
        token != nullptr && (token->is_string() || token->is_number_integer())) {
        auto reporter = std::make_shared<ProgressReporter>(call.notify, *token);
        on_progress = [reporter](double done, double total, std::string_view message) {
            (*reporter)(done, total, message);
        };
    }
    const tools::Progress progress(call.cancelled, on_progress);
    const auto started = std::chrono::steady_clock::now();
    ToolOutcome outcome = run_tool(call.catalog, tool, arguments, ToolContext{call.settings, progress});
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    if (call.cancelled != nullptr && call.cancelled->load()) {
        // The client no longer waits for this answer; the specification says to send none.
        spdlog::info("tools/call {} cancelled after {} ms", tool, elapsed.count());
        return std::nullopt;
    }
    spdlog::debug("tools/call {} finished in {} ms", tool, elapsed.count());

    using Kind = ToolOutcome::Kind;
    switch (outcome.kind) {
        case Kind::ok:
            return done(call, protocol::tool_success(outcome.structured, call.version));
        case Kind::invalid_arguments:
            // Only a broken input schema follows the per-version rule; domain refusals never do.
            if (!protocol::traits_of(call.version).validation_errors_as_tool_results) {
                return protocol::make_error(call.request.id, code::invalid_params, outcome.message);
            }
            break;
        case Kind::unknown_tool:
            return protocol::make_error(call.request.id, code::invalid_params, outcome.message);
        case Kind::tool_error:
        case Kind::cancelled:
            break;
    }
    return done(call, protocol::tool_failure(outcome.message, call.version));
}

struct Entry {
    std::string_view method;
    Route route;
    bool needs_prompts = false;
    bool needs_resources = false;
};

// handler, on_worker, legacy_only, handshake
constexpr Entry routes[] = {
    {"initialize", {initialize, false, false, true}},
    {"server/discover", {discover, false, false, false}},
    {"ping", {ping, false, true, false}},
    {"logging/setLevel", {set_log_level, false, true, false}},
    {"tools/list", {list_tools, false, false, false}},
    {"tools/call", {call_tool, true, false, false}},
    {"prompts/list", {list_prompts, false, false, false}, true},
    {"prompts/get", {get_prompt, true, false, false}, true},
    {"resources/list", {list_resources, false, false, false}, false, true},
    {"resources/templates/list", {list_resource_templates, false, false, false}, false, true},
    {"resources/read", {read_resource, true, false, false}, false, true},
};

}  // namespace

const Route* find_route(std::string_view method, const protocol::CatalogShape& catalog) {
    for (const Entry& entry : routes) {
        if (entry.method != method) {
            continue;
        }
        if ((entry.needs_prompts && !catalog.prompts) || (entry.needs_resources && !catalog.resources)) {
            return nullptr;
        }
        return &entry.route;
    }
    return nullptr;
}

}  // namespace server::methods
