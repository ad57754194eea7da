#include "server/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>

#include "protocol/versions.hpp"
#include "server/tool_runner.hpp"

namespace server {

using protocol::Json;
namespace code = protocol::error_code;

namespace {

constexpr std::size_t max_queued_calls = 64;

const char* const instructions =
    "context-sync reads this project's past Claude Code sessions on this machine. Call "
    "list_recent_sessions to see which sessions exist (newest first), then extract_transcript with a "
    "session_id to read a condensed transcript page by page (pass next_cursor back until it is null). "
    "scan_secrets checks text for credentials before you store it anywhere.";

std::string id_key(const Json& id) {
    return id.dump();
}

// Sends notifications/progress for a request that asked for them, at most every 100 ms and with a
// progress value that never decreases, as the specification requires.
class ProgressReporter {
  public:
    ProgressReporter(OutputChannel& output, Json token) : m_output(output), m_token(std::move(token)) {}

    void operator()(double done, double total, std::string_view message) {
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(m_mutex);
        if (done <= m_last_done || now - m_last_sent < std::chrono::milliseconds(100)) {
            return;
        }
        m_last_done = done;
        m_last_sent = now;
        m_output.send(protocol::progress_notification(
            m_token, done, total > 0 ? std::optional(total) : std::nullopt, message));
    }

  private:
    OutputChannel& m_output;
    const Json m_token;
    std::mutex m_mutex;
    double m_last_done = -1;
    std::chrono::steady_clock::time_point m_last_sent{};
};

}  // namespace

Dispatcher::Dispatcher(const Settings& settings, const ToolRegistry& registry, OutputChannel& output,
                       std::size_t worker_threads)
    : m_settings(settings),
      m_registry(registry),
      m_output(output),
      m_identity(identity()),
      m_pool(worker_threads, max_queued_calls) {}

Dispatcher::~Dispatcher() {
    m_pool.wait_idle();
}

protocol::ServerIdentity Dispatcher::identity() {
    return {"context-sync", "context-sync: session memory for Claude Code", CONTEXT_SYNC_VERSION,
            instructions};
}

void Dispatcher::handle_line(std::string_view line) {
    protocol::ParsedLine parsed = protocol::parse_line(line);
    if (parsed.reply) {
        m_output.send(*parsed.reply);
        return;
    }
    if (!parsed.is_batch) {
        handle_message(
            parsed.messages.front(), [this](const Json& reply) { m_output.send(reply); }, false);
        return;
    }
    std::string version;
    {
        std::lock_guard lock(m_mutex);
        version = m_session_version.value_or("");
    }
    if (!protocol::traits_of(version).allows_batches) {
        m_output.send(
            protocol::make_error(nullptr, code::invalid_request,
                                 "Invalid Request: JSON-RPC batches are not supported by protocol version " +
                                     (version.empty() ? std::string("(none negotiated)") : version)));
        return;
    }
    Json replies = Json::array();
    for (const protocol::Message& message : parsed.messages) {
        handle_message(
            message, [&replies](Json reply) { replies.push_back(std::move(reply)); }, true);
    }
    if (!replies.empty()) {
        m_output.send(replies);
    }
}

void Dispatcher::reject_oversized_line(std::size_t bytes) {
    spdlog::warn("dropped an incoming message of {} bytes: larger than the transport accepts", bytes);
    m_output.send(
        protocol::make_error(nullptr, code::parse_error,
                             "Parse error: message of " + std::to_string(bytes) + " bytes is too large"));
}

void Dispatcher::drain() {
    m_pool.wait_idle();
}

void Dispatcher::cancel_all() {
    std::lock_guard lock(m_mutex);
    for (auto& [id, flag] : m_in_flight) {
        flag->store(true);
    }
}

void Dispatcher::handle_message(const protocol::Message& message, const Reply& reply, bool in_batch) {
    if (const auto* request = std::get_if<protocol::Request>(&message)) {
        try {
            handle_request(*request, reply, in_batch);
        } catch (const std::exception& e) {
            spdlog::error("{} failed: {}", request->method, e.what());
            reply(protocol::make_error(request->id, code::internal_error,
                                       std::string("Internal error: ") + e.what()));
        }
    } else if (const auto* notification = std::get_if<protocol::Notification>(&message)) {
        handle_notification(*notification);
    } else if (const auto* invalid = std::get_if<protocol::InvalidMessage>(&message)) {
        reply(invalid->reply);
    }
    // Responses from the client answer nothing we asked: ignore them.
}

std::optional<std::string> Dispatcher::version_for(const protocol::Request& request, const Reply& reply) {
    if (const auto declared = protocol::declared_version(request.params)) {
        if (!protocol::is_supported(*declared)) {
            reply(protocol::unsupported_version_error(request.id, *declared));
            return std::nullopt;
        }
        if (protocol::is_modern(*declared)) {
            const Json& meta = request.params["_meta"];
            const auto capabilities = meta.find(protocol::meta_client_capabilities);
            if (capabilities == meta.end() || !capabilities->is_object()) {
                reply(protocol::make_error(request.id, code::invalid_params,
                                           "Invalid params: _meta[\"" +
                                               std::string(protocol::meta_client_capabilities) +
                                               "\"] must be an object"));
                return std::nullopt;
            }
        }
        return *declared;
    }
    if (request.method == "server/discover") {
        return std::string(protocol::modern_version);
    }
    std::lock_guard lock(m_mutex);
    // A legacy client that skipped initialize is served as the latest legacy revision rather than
    // refused: nothing here depends on what initialize would have told us.
    return m_session_version.value_or(std::string(protocol::latest_legacy_version));
}

void Dispatcher::handle_request(const protocol::Request& request, const Reply& reply, bool in_batch) {
    if (request.method == "initialize") {
        if (in_batch) {
            reply(protocol::make_error(request.id, code::invalid_request,
                                       "Invalid Request: initialize must not be part of a batch"));
            return;
        }
        const Json requested = request.params.value("protocolVersion", Json());
        if (!requested.is_string()) {
            reply(protocol::make_error(request.id, code::invalid_params,
                                       "Invalid params: protocolVersion must be a string"));
            return;
        }
        const std::string version = protocol::negotiate_legacy(requested.get<std::string>());
        {
            std::lock_guard lock(m_mutex);
            m_session_version = version;
        }
        const Json client = request.params.value("clientInfo", Json::object());
        spdlog::info("initialize from {} {}: protocol {} (asked {})", client.value("name", "?"),
                     client.value("version", "?"), version, requested.get<std::string>());
        reply(protocol::make_result(request.id, protocol::initialize_result(version, m_identity)));
        return;
    }
    const auto version = version_for(request, reply);
    if (!version) {
        return;
    }
    if (request.method == "tools/call") {
        call_tool(request, *version, reply, in_batch);
        return;
    }
    if (auto result = answer(request, *version)) {
        reply(std::move(*result));
        return;
    }
    reply(protocol::make_error(request.id, code::method_not_found, "Method not found: " + request.method));
}

// Every method except initialize and tools/call; nullopt when the method does not exist in `version`.
std::optional<Json> Dispatcher::answer(const protocol::Request& request, const std::string& version) {
    const bool stateless = protocol::traits_of(version).stateless;
    const auto done = [&](Json result) {
        return protocol::make_result(request.id,
                                     protocol::finish_result(std::move(result), version, m_identity));
    };
    const std::string& method = request.method;
    if (method == "server/discover") {
        const Json meta = request.params.value("_meta", Json::object());
        const Json client = meta.is_object()
                                ? meta.value(std::string(protocol::meta_client_info), Json::object())
                                : Json::object();
        spdlog::info("server/discover from {} {}", client.is_object() ? client.value("name", "?") : "?",
                     client.is_object() ? client.value("version", "?") : "?");
        return protocol::make_result(request.id, protocol::discover_result(m_identity));
    }
    if (method == "tools/list") {
        Json tools = Json::array();
        for (const ToolDefinition& tool : m_registry.all()) {
            tools.push_back(protocol::describe_tool(ToolRegistry::descriptor(tool), version));
        }
        return done(Json{{"tools", std::move(tools)}});
    }
    if (method == "prompts/list") {
        return done(Json{{"prompts", Json::array()}});
    }
    if (method == "resources/list") {
        return done(Json{{"resources", Json::array()}});
    }
    if (method == "resources/templates/list") {
        return done(Json{{"resourceTemplates", Json::array()}});
    }
    if (method == "ping" && !stateless) {
        return done(Json::object());
    }
    if (method == "logging/setLevel" && !stateless) {
        const Json level = request.params.value("level", Json());
        const int index = level.is_string() ? protocol::log_level_index(level.get<std::string>()) : -1;
        if (index < 0) {
            return protocol::make_error(request.id, code::invalid_params,
                                        "Invalid params: level must be one of debug, info, notice, warning, "
                                        "error, critical, alert, emergency");
        }
        m_client_log_level = index;
        return done(Json::object());
    }
    return std::nullopt;
}

void Dispatcher::call_tool(const protocol::Request& request, const std::string& version, const Reply& reply,
                           bool synchronous) {
    const Json name = request.params.value("name", Json());
    const Json arguments = request.params.value("arguments", Json::object());
    if (!name.is_string()) {
        reply(
            protocol::make_error(request.id, code::invalid_params, "Invalid params: name must be a string"));
        return;
    }
    if (!arguments.is_object()) {
        reply(protocol::make_error(request.id, code::invalid_params,
                                   "Invalid params: arguments must be an object"));
        return;
    }
    if (m_registry.find(name.get<std::string>()) == nullptr) {
        reply(protocol::make_error(request.id, code::invalid_params,
                                   "Unknown tool: " + name.get<std::string>()));
        return;
    }
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    {
        std::lock_guard lock(m_mutex);
        if (!m_in_flight.emplace(id_key(request.id), cancelled).second) {
            reply(protocol::make_error(request.id, code::invalid_request,
                                       "Invalid Request: id " + request.id.dump() + " is already in use"));
            return;
        }
    }
    if (synchronous) {
        run_call(request, version, reply, cancelled);
        return;
    }
    // The job owns copies: the reader thread moves on to the next line at once.
    auto job = [this, request, version, reply, cancelled] { run_call(request, version, reply, cancelled); };
    if (!m_pool.submit(std::move(job))) {
        {
            std::lock_guard lock(m_mutex);
            m_in_flight.erase(id_key(request.id));
        }
        reply(protocol::make_error(request.id, code::internal_error,
                                   "Server busy: too many tool calls in progress, retry later"));
    }
}

void Dispatcher::run_call(const protocol::Request& request, const std::string& version, const Reply& reply,
                          const std::shared_ptr<std::atomic<bool>>& cancelled) {
    const std::string name = request.params["name"].get<std::string>();
    const Json arguments = request.params.value("arguments", Json::object());

    tools::Progress::Callback on_progress;
    const Json meta = request.params.value("_meta", Json::object());
    if (meta.is_object() && meta.contains("progressToken")) {
        auto reporter = std::make_shared<ProgressReporter>(m_output, meta["progressToken"]);
        on_progress = [reporter](double done, double total, std::string_view message) {
            (*reporter)(done, total, message);
        };
    }
    const tools::Progress progress(cancelled.get(), on_progress);
    const ToolContext context{m_settings, progress};

    const auto started = std::chrono::steady_clock::now();
    ToolOutcome outcome = run_tool(m_registry, name, arguments, context);
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    {
        std::lock_guard lock(m_mutex);
        m_in_flight.erase(id_key(request.id));
    }
    if (cancelled->load()) {
        // The client no longer waits for this answer; the specification says to send none.
        spdlog::info("tools/call {} cancelled after {} ms", name, elapsed.count());
        return;
    }
    spdlog::debug("tools/call {} finished in {} ms", name, elapsed.count());

    using Kind = ToolOutcome::Kind;
    const protocol::VersionTraits traits = protocol::traits_of(version);
    switch (outcome.kind) {
        case Kind::ok:
            reply(protocol::make_result(
                request.id, protocol::finish_result(protocol::tool_success(outcome.structured, version),
                                                    version, m_identity)));
            return;
        case Kind::invalid_arguments:
            if (!traits.validation_errors_as_tool_results) {
                reply(protocol::make_error(request.id, code::invalid_params, outcome.message));
                return;
            }
            break;
        case Kind::unknown_tool:
            reply(protocol::make_error(request.id, code::invalid_params, outcome.message));
            return;
        case Kind::tool_error:
        case Kind::cancelled:
            break;
    }
    reply(protocol::make_result(
        request.id,
        protocol::finish_result(protocol::tool_failure(outcome.message, version), version, m_identity)));
}

void Dispatcher::handle_notification(const protocol::Notification& notification) {
    if (notification.method == "notifications/cancelled") {
        const Json id = notification.params.value("requestId", Json());
        std::lock_guard lock(m_mutex);
        if (const auto it = m_in_flight.find(id_key(id)); it != m_in_flight.end()) {
            it->second->store(true);
            spdlog::info("request {} cancelled by the client: {}", id.dump(),
                         notification.params.value("reason", std::string("no reason given")));
        }
        return;
    }
    if (notification.method == "notifications/initialized") {
        spdlog::debug("client initialized");
        return;
    }
    spdlog::debug("ignored notification {}", notification.method);
}

}  // namespace server
