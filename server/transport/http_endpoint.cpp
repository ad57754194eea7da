#include "server/transport/http_endpoint.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "protocol/json_reader.hpp"
#include "protocol/jsonrpc.hpp"
#include "protocol/message_shape.hpp"
#include "protocol/versions.hpp"
#include "server/transport/http_guard.hpp"
#include "server/transport/http_server.hpp"
#include "server/transport/http_status.hpp"
#include "server/transport/sse_writer.hpp"

namespace server::transport::http {

using Json = nlohmann::json;
using HandlerResponse = httplib::Server::HandlerResponse;
namespace code = protocol::error_code;

namespace {

constexpr auto poll_interval = std::chrono::milliseconds(250);
// An SSE stream that carried nothing for this long gets a comment, which also shows a dead client.
constexpr auto keepalive_interval = std::chrono::seconds(15);
constexpr const char* json_type = "application/json";

std::optional<std::string_view> header(const httplib::Request& request, const char* name) {
    const auto it = request.headers.find(name);  // httplib compares header names case-insensitively
    if (it == request.headers.end()) {
        return std::nullopt;
    }
    return std::string_view(it->second);
}

void reject(httplib::Response& response, const Rejection& rejection) {
    response.status = rejection.status;
    response.set_content(rejection_body(rejection), json_type);
}

void reject(httplib::Response& response, int status, int error_code, std::string message) {
    reject(response, Rejection{status, error_code, std::move(message)});
}

void busy(httplib::Response& response, std::string message) {
    response.set_header("Retry-After", "1");
    reject(response, 503, -32000, std::move(message));
}

struct Exchange {
    std::shared_ptr<Session> session;
    std::shared_ptr<ReplyChannel> channel = std::make_shared<ReplyChannel>();
    bool modern = false;
};

}  // namespace

// One request in progress, counted from its guard until its response is written (for a stream: until
// the stream ends, since the releaser holds it).
class McpEndpoint::Slot {
  public:
    explicit Slot(McpEndpoint& endpoint) : m_endpoint(endpoint) {}
    ~Slot() { m_endpoint.release(); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

  private:
    McpEndpoint& m_endpoint;
};

McpEndpoint::McpEndpoint(Dispatcher& dispatcher, SessionTable& sessions, EndpointConfig config)
    : m_dispatcher(dispatcher), m_sessions(sessions), m_config(std::move(config)) {}

void McpEndpoint::install(httplib::Server& server) {
    server.set_payload_max_length(m_config.max_body_bytes);
    server.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
        return guard(request, response);
    });
    server.Post("/mcp", [this](const httplib::Request& request, httplib::Response& response) {
        post(request, response);
    });
    server.Delete("/mcp", [this](const httplib::Request& request, httplib::Response& response) {
        remove(request, response);
    });
    const auto not_allowed = [](const httplib::Request& /*request*/, httplib::Response& response) {
        response.set_header("Allow", "POST, DELETE");
        reject(response, 405, -32000, "Method Not Allowed: this endpoint serves POST and DELETE");
    };
    server.Get("/mcp", not_allowed);
    server.Put("/mcp", not_allowed);
    server.Patch("/mcp", not_allowed);
    server.Options("/mcp", not_allowed);
    server.set_error_handler([](const httplib::Request& /*request*/, httplib::Response& response) {
        // An error may come before the body was read (the guard, httplib's 400/413/414), and its bytes
        // would then be taken for the next request: the connection ends with the response.
        response.set_header("Connection", "close");
        HardenedServer::close_after_response();
        // httplib's own refusals get a JSON body without details.
        if (response.body.empty()) {
            const std::string reason = status_text(response.status);
            response.set_content(rejection_body(Rejection{response.status, -32000, reason}), json_type);
        }
    });
    server.set_exception_handler(
        [](const httplib::Request& /*request*/, httplib::Response& response, std::exception_ptr error) {
            try {
                std::rethrow_exception(std::move(error));
            } catch (const std::exception& e) {
                spdlog::error("HTTP request failed: {}", e.what());
            } catch (...) {
                spdlog::error("HTTP request failed");
            }
            reject(response, 500, code::internal_error, "Internal error");
        });
}

HandlerResponse McpEndpoint::guard(const httplib::Request& request, httplib::Response& response) {
    if (request.headers.size() > m_config.max_header_count) {
        reject(response, 431, code::invalid_request, "Request Header Fields Too Large");
        return HandlerResponse::Handled;
    }
    if (!origin_allowed(header(request, "Origin"), m_config.allowed_origins)) {
        spdlog::warn("HTTP: refused a request from origin {}",
                     std::string(header(request, "Origin")->substr(0, 200)));
        reject(response, 403, code::invalid_request, "Forbidden: origin not allowed");
        return HandlerResponse::Handled;
    }
    // Against DNS rebinding from clients that send no Origin: a loopback server answers only to names of
    // this machine.
    if (m_config.loopback_only) {
        const auto host = header(request, "Host");
        if (host && !is_loopback_host(*host)) {
            reject(response, 403, code::invalid_request, "Forbidden: host not allowed");
            return HandlerResponse::Handled;
        }
    }
    if (!m_config.token.empty() && !bearer_matches(header(request, "Authorization"), m_config.token)) {
        response.set_header("WWW-Authenticate", R"(Bearer realm="context-sync")");
        reject(response, 401, code::invalid_request, "Unauthorized: a valid bearer token is required");
        return HandlerResponse::Handled;
    }
    if (request.path != "/mcp") {
        reject(response, 404, code::invalid_request, "Not Found: the MCP endpoint is /mcp");
        return HandlerResponse::Handled;
    }
    return HandlerResponse::Unhandled;
}

bool McpEndpoint::acquire() {
    std::lock_guard lock(m_mutex);
    if (m_draining || m_in_progress >= m_config.max_requests) {
        return false;
    }
    ++m_in_progress;
    return true;
}

void McpEndpoint::release() {
    {
        std::lock_guard lock(m_mutex);
        --m_in_progress;
    }
    m_idle.notify_all();
}

void McpEndpoint::begin_drain() {
    std::lock_guard lock(m_mutex);
    m_draining = true;
}

bool McpEndpoint::wait_idle(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(m_mutex);
    return m_idle.wait_until(lock, deadline, [this] { return m_in_progress == 0; });
}

void McpEndpoint::cancel_all() {
    m_sessions.cancel_all();
    std::vector<std::shared_ptr<Session>> running;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& weak : m_stateless) {
            if (auto session = weak.lock()) {
                running.push_back(std::move(session));
            }
        }
    }
    for (const auto& session : running) {
        session->cancel_all();
    }
}

std::shared_ptr<Session> McpEndpoint::stateless_session() {
    auto session = std::make_shared<Session>();
    std::lock_guard lock(m_mutex);
    std::erase_if(m_stateless, [](const std::weak_ptr<Session>& weak) { return weak.expired(); });
    m_stateless.push_back(session);
    return session;
}

void McpEndpoint::post(const httplib::Request& request, httplib::Response& response) {
    if (!acquire()) {
        busy(response, "Server busy or shutting down, retry");
        return;
    }
    auto slot = std::make_shared<Slot>(*this);

    const auto content_type = header(request, "Content-Type");
    if (content_type && content_type->substr(0, content_type->find(';')) != json_type) {
        reject(response, 415, code::invalid_request, "Unsupported Media Type: send application/json");
        return;
    }
    const auto accept = header(request, "Accept");
    const bool json_ok = accepts(accept, json_type);
    const bool sse_ok = accepts(accept, "text/event-stream");
    if (!json_ok && !sse_ok) {
        reject(response, 406, code::invalid_request,
               "Not Acceptable: accept application/json or text/event-stream");
        return;
    }
    const VersionHeader version = parse_version_header(header(request, "MCP-Protocol-Version"));
    if (version.rejection) {
        reject(response, *version.rejection);
        return;
    }

    Exchange exchange;
    // A body too deep or too large in values is refused by the dispatcher before any DOM is built.
    Json body = protocol::check_shape(request.body) ? Json(nullptr) : protocol::read_json(request.body);
    const bool parsed = !body.is_discarded() && !body.is_null();
    const Json* params = nullptr;
    std::string method;
    if (parsed && body.is_object()) {
        const auto it = body.find("method");
        method = it != body.end() && it->is_string() ? it->get<std::string>() : "";
        const auto p = body.find("params");
        params = p != body.end() && p->is_object() ? &*p : nullptr;
    }
    const std::optional<std::string> declared = params ? protocol::declared_version(*params) : std::nullopt;
    exchange.modern = (version.version && protocol::is_modern(*version.version)) ||
                      (declared && protocol::is_modern(*declared)) ||
                      (!version.version && method == "server/discover");

    std::optional<std::string> new_session_id;
    if (!parsed) {
        // Not JSON at all (or beyond the shape limits): the dispatcher words the error; no session needed.
        exchange.session = std::make_shared<Session>();
    } else if (exchange.modern) {
        if (version.version || method != "server/discover") {
            const ModernHeaders headers{header(request, "MCP-Protocol-Version"),
                                        header(request, "Mcp-Method"), header(request, "Mcp-Name")};
            if (auto problem = check_modern_headers(headers, body)) {
                reject(response, *problem);
                return;
            }
        }
        exchange.session = stateless_session();  // nothing outlives the request
    } else if (method == "initialize") {
        auto created = m_sessions.create(std::chrono::steady_clock::now());
        if (!created) {
            busy(response, "Too many sessions, retry later");
            return;
        }
        exchange.session = std::move(created->session);
        new_session_id = std::move(created->id);
    } else {
        const auto id = header(request, "Mcp-Session-Id");
        if (!id) {
            reject(response, 400, code::invalid_request,
                   "Bad Request: Mcp-Session-Id header is required (send initialize first)");
            return;
        }
        exchange.session = is_valid_session_id(*id)
                               ? m_sessions.find(std::string(*id), std::chrono::steady_clock::now())
                               : nullptr;
        if (!exchange.session) {
            reject(response, 404, code::invalid_request, "Not Found: unknown or expired session");
            return;
        }
    }

    const auto channel = exchange.channel;
    const MessageSinks sinks{[channel](Json reply) { channel->reply(std::move(reply)); },
                             [channel](const Json& notification) { channel->notify(notification); }};
    if (!m_dispatcher.handle_text(exchange.session, request.body, sinks)) {
        response.status = 202;
        return;
    }
    if (new_session_id) {
        // Only a handshake that succeeded keeps its session.
        if (exchange.session->version()) {
            response.set_header("Mcp-Session-Id", *new_session_id);
        } else {
            m_sessions.remove(*new_session_id);
        }
    }

    if (channel->replied() || !sse_ok) {
        // Answered already, or the client takes only JSON: wait for the reply (a modern request whose
        // client hung up is cancelled, as closing its stream would).
        std::optional<Json> reply;
        while (!reply) {
            auto output = channel->take(poll_interval);
            reply = std::move(output.reply);
            if (!reply && exchange.modern && HardenedServer::peer_closed() &&
                exchange.session->calls_in_flight() > 0) {
                spdlog::info("HTTP: client closed the stream of a running call; cancelled it");
                exchange.session->cancel_all();
            }
        }
        if (reply->is_null()) {
            response.status = 202;  // cancelled: the specification allows no response
            return;
        }
        response.status = status_for(*reply, exchange.modern);
        response.set_content(protocol::serialize(*reply), json_type);
        return;
    }

    response.status = 200;
    response.set_header("Cache-Control", "no-cache");
    response.set_header("X-Accel-Buffering", "no");
    auto last_write =
        std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
    response.set_chunked_content_provider(
        "text/event-stream", [exchange, slot, last_write](std::size_t /*offset*/, httplib::DataSink& sink) {
            auto output = exchange.channel->take(poll_interval);
            bool wrote = false;
            for (const Json& notification : output.notifications) {
                const std::string event = sse_event(notification);
                if (!sink.write(event.data(), event.size())) {
                    return false;
                }
                wrote = true;
            }
            if (output.reply) {
                if (!output.reply->is_null()) {
                    const std::string event = sse_event(*output.reply);
                    if (!sink.write(event.data(), event.size())) {
                        return false;
                    }
                }
                sink.done();
                return true;
            }
            const auto now = std::chrono::steady_clock::now();
            if (wrote) {
                *last_write = now;
                return true;
            }
            if (HardenedServer::peer_closed()) {
                // 2026-07-28: closing the stream is the cancellation. Earlier revisions say a
                // disconnect is not one; the call then finishes into a closed channel.
                if (exchange.modern) {
                    spdlog::info("HTTP: client closed the stream of a running call; cancelled it");
                    exchange.session->cancel_all();
                }
                exchange.channel->close();
                return false;
            }
            if (now - *last_write >= keepalive_interval) {
                *last_write = now;
                return sink.write(sse_keepalive.data(), sse_keepalive.size());
            }
            return true;
        });
}

void McpEndpoint::remove(const httplib::Request& request, httplib::Response& response) {
    const auto id = header(request, "Mcp-Session-Id");
    if (!id) {
        reject(response, 400, code::invalid_request, "Bad Request: Mcp-Session-Id header is required");
        return;
    }
    if (!is_valid_session_id(*id) || !m_sessions.remove(std::string(*id))) {
        reject(response, 404, code::invalid_request, "Not Found: unknown or expired session");
        return;
    }
    response.status = 200;
}

}  // namespace server::transport::http
