#include "server/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <mutex>
#include <vector>

#include "protocol/versions.hpp"
#include "server/methods.hpp"
#include "server/request_log.hpp"

namespace server {

using protocol::Json;
namespace code = protocol::error_code;

namespace {

const char* const instructions =
    "context-sync reads this project's past Claude Code sessions on this machine. Call "
    "list_recent_sessions to see which sessions exist (newest first), then extract_transcript with a "
    "session_id to read a condensed transcript page by page (pass next_cursor back until it is null). "
    "scan_secrets checks text for credentials before you store it anywhere.";

Json internal_error(const Json& id) {
    return protocol::make_error(id, code::internal_error, "Internal error");
}

}  // namespace

// One request on its way through the dispatcher; shared with the job that runs it.
struct Dispatcher::Call {
    std::shared_ptr<Session> session;
    protocol::Request request;
    MessageSinks sinks;
    std::string version;
    const methods::Route* route = nullptr;
    Session::CancelFlag cancelled;  // set for calls given to the runner, which are registered in the session
    bool handed_off = false;        // a reply went out or a job that sends it was accepted
};

// Collects the responses of a batch's members, which may finish on several threads, and sends them as
// one array when the last is in.
class Dispatcher::Batch : public std::enable_shared_from_this<Batch> {
  public:
    explicit Batch(std::function<void(Json)> reply) : m_reply(std::move(reply)) {}

    std::function<void(Json)> slot() {
        std::lock_guard lock(m_mutex);
        const std::size_t index = m_slots.size();
        m_slots.emplace_back();
        ++m_pending;
        return [self = shared_from_this(), index](Json response) { self->fill(index, std::move(response)); };
    }

    // Called once every member was handed out: the batch may be complete already.
    void seal() { fill(npos, nullptr); }

  private:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    void fill(std::size_t index, Json response) {
        Json responses = Json::array();
        {
            std::lock_guard lock(m_mutex);
            if (index != npos) {
                m_slots[index] = std::move(response);
            }
            if (--m_pending > 0) {
                return;
            }
            for (Json& slot : m_slots) {
                if (!slot.is_null()) {  // cancelled requests get no response
                    responses.push_back(std::move(slot));
                }
            }
        }
        // JSON-RPC: a batch whose responses are all withheld is answered with nothing at all.
        m_reply(responses.empty() ? Json(nullptr) : std::move(responses));
    }

    std::mutex m_mutex;
    std::vector<Json> m_slots;
    std::size_t m_pending = 1;  // the seal
    std::function<void(Json)> m_reply;
};

Dispatcher::Dispatcher(const Settings& settings, const Catalog& catalog, JobRunner& runner)
    : m_settings(settings), m_catalog(catalog), m_runner(runner), m_identity(identity()) {
    install_request_log_sink();
}

protocol::ServerIdentity Dispatcher::identity() {
    return {"context-sync", "context-sync: session memory for Claude Code", CONTEXT_SYNC_VERSION,
            instructions};
}

bool Dispatcher::handle_text(const std::shared_ptr<Session>& session, std::string_view text,
                             const MessageSinks& sinks) {
    protocol::ParsedLine parsed;
    try {
        parsed = protocol::parse_line(text);
    } catch (const std::exception& e) {  // only allocation failures can get here
        spdlog::error("could not parse a message of {} bytes: {}", text.size(), e.what());
        sinks.reply(internal_error(nullptr));
        return true;
    }
    if (parsed.refused_notification) {
        spdlog::warn("ignored a notification: {}", *parsed.refused_notification);
        return false;
    }
    if (parsed.reply) {
        sinks.reply(std::move(*parsed.reply));
        return true;
    }
    const auto answers = [](const protocol::Message& message) {
        return std::holds_alternative<protocol::Request>(message) ||
               std::holds_alternative<protocol::InvalidMessage>(message);
    };
    if (!parsed.is_batch) {
        const bool will_reply = answers(parsed.messages.front());
        handle_message(session, std::move(parsed.messages.front()), sinks, false);
        return will_reply;
    }
    const std::string version = session->version().value_or("");
    if (!protocol::traits_of(version).allows_batches) {
        sinks.reply(
            protocol::make_error(nullptr, code::invalid_request,
                                 "Invalid Request: JSON-RPC batches are not supported by protocol version " +
                                     (version.empty() ? std::string("(none negotiated)") : version)));
        return true;
    }
    if (std::none_of(parsed.messages.begin(), parsed.messages.end(), answers)) {
        for (protocol::Message& message : parsed.messages) {
            handle_message(session, std::move(message), sinks, true);
        }
        return false;
    }
    auto batch = std::make_shared<Batch>(sinks.reply);
    for (protocol::Message& message : parsed.messages) {
        MessageSinks member{answers(message) ? batch->slot() : nullptr, sinks.notify};
        handle_message(session, std::move(message), member, true);
    }
    batch->seal();
    return true;
}

bool Dispatcher::reject_oversized(std::size_t bytes, const MessageSinks& sinks) {
    spdlog::warn("dropped an incoming message of {} bytes: larger than the transport accepts", bytes);
    sinks.reply(
        protocol::make_error(nullptr, code::parse_error,
                             "Parse error: message of " + std::to_string(bytes) + " bytes is too large"));
    return true;
}

void Dispatcher::handle_message(const std::shared_ptr<Session>& session, protocol::Message message,
                                const MessageSinks& sinks, bool in_batch) {
    if (auto* request = std::get_if<protocol::Request>(&message)) {
        auto call = std::make_shared<Call>();
        call->session = session;
        call->request = std::move(*request);
        call->sinks = sinks;
        try {
            handle_request(call, in_batch);
        } catch (const std::exception& e) {
            spdlog::error("{} failed: {}", call->request.method, e.what());
            if (!call->handed_off) {
                sinks.reply(internal_error(call->request.id));
            }
        }
    } else if (const auto* notification = std::get_if<protocol::Notification>(&message)) {
        try {
            const RequestLogScope scope(*session, sinks.notify);
            handle_notification(*session, *notification);
        } catch (const std::exception& e) {
            spdlog::error("{} failed: {}", notification->method, e.what());
        } catch (...) {
            spdlog::error("{} failed", notification->method);
        }
    } else if (auto* invalid = std::get_if<protocol::InvalidMessage>(&message)) {
        sinks.reply(std::move(invalid->reply));
    }
    // Responses from the client answer nothing we asked: ignore them.
}

void Dispatcher::handle_request(const std::shared_ptr<Call>& call, bool in_batch) {
    const protocol::Request& request = call->request;
    const auto reply = [&](Json response) {
        call->handed_off = true;
        call->sinks.reply(std::move(response));
    };
    call->route = methods::find_route(request.method, m_catalog.shape());
    if (call->route != nullptr && call->route->handshake) {
        if (in_batch) {
            reply(
                protocol::make_error(request.id, code::invalid_request,
                                     "Invalid Request: " + request.method + " must not be part of a batch"));
            return;
        }
    } else if (const auto declared = protocol::declared_version(request.params)) {
        if (!protocol::is_supported(*declared)) {
            reply(protocol::unsupported_version_error(request.id, *declared));
            return;
        }
        if (protocol::is_modern(*declared)) {
            const Json& meta = request.params["_meta"];
            const auto capabilities = meta.find(protocol::meta_client_capabilities);
            if (capabilities == meta.end() || !capabilities->is_object()) {
                reply(protocol::make_error(request.id, code::invalid_params,
                                           "Invalid params: _meta[\"" +
                                               std::string(protocol::meta_client_capabilities) +
                                               "\"] must be an object"));
                return;
            }
        }
        call->version = *declared;
    } else if (request.method == "server/discover") {
        call->version = protocol::modern_version;
    } else {
        // A legacy client that skipped initialize is served as the latest legacy revision rather than
        // refused: nothing here depends on what initialize would have told us.
        call->version = call->session->version().value_or(std::string(protocol::latest_legacy_version));
    }
    if (call->route == nullptr ||
        (call->route->legacy_only && protocol::traits_of(call->version).stateless)) {
        reply(
            protocol::make_error(request.id, code::method_not_found, "Method not found: " + request.method));
        return;
    }
    if (!call->route->on_worker) {
        call->handed_off = true;
        run_guarded(*call);
        return;
    }
    call->cancelled = std::make_shared<std::atomic<bool>>(false);
    const std::string key = request.id.dump();
    if (!call->session->begin_call(key, call->cancelled)) {
        reply(protocol::make_error(request.id, code::invalid_request,
                                   "Invalid Request: id " + key + " is already in use"));
        return;
    }
    // Waits while the queue is full: backpressure on the caller's thread, never a refusal for load.
    const bool queued = m_runner.submit([this, call] { run_guarded(*call); }, in_batch);
    call->handed_off = queued;
    if (!queued) {
        call->session->end_call(key);
        reply(protocol::make_error(request.id, code::internal_error,
                                   "Internal error: the server is shutting down"));
    }
}

// The exception boundary around one method: the reply goes out exactly once, whatever happens.
void Dispatcher::run_guarded(Call& call) {
    std::optional<Json> response;
    if (call.cancelled == nullptr || !call.cancelled->load()) {  // cancelled while queued: skip
        response = run_method(call);
    }
    if (call.cancelled != nullptr) {
        call.session->end_call(call.request.id.dump());
        if (call.cancelled->load()) {
            response.reset();
        }
    }
    call.sinks.reply(response ? std::move(*response) : Json(nullptr));
}

std::optional<Json> Dispatcher::run_method(Call& call) {
    try {
        const RequestLogScope scope(*call.session, call.sinks.notify);
        const methods::MethodCall method{m_settings,   m_catalog,    m_identity,        *call.session,
                                         call.request, call.version, call.sinks.notify, call.cancelled.get()};
        return call.route->handler(method);
    } catch (const std::exception& e) {
        spdlog::error("{} failed: {}", call.request.method, e.what());
    } catch (...) {
        spdlog::error("{} failed", call.request.method);
    }
    return internal_error(call.request.id);
}

void Dispatcher::handle_notification(Session& session, const protocol::Notification& notification) {
    if (notification.method == "notifications/cancelled") {
        const auto id = notification.params.find("requestId");
        if (id == notification.params.end()) {
            return;
        }
        const auto reason = notification.params.find("reason");
        if (session.cancel(id->dump())) {
            spdlog::info("request {} cancelled by the client: {}", id->dump(),
                         reason != notification.params.end() && reason->is_string()
                             ? reason->get<std::string>()
                             : "no reason given");
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
