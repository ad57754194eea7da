// The MCP endpoint `/mcp` of the Streamable HTTP transport: every request passes the guard (origin,
// host, token, header count, load), then POST bodies go to the one Dispatcher that stdio uses too.
//
// Both eras on one endpoint:
//   - 2025 clients: initialize creates a session and its Mcp-Session-Id; later requests must carry it
//     (400 without, 404 for an unknown or expired one); DELETE ends it; GET answers 405 (this server
//     sends nothing unasked). notifications/cancelled POSTed in the session stops a running call.
//   - 2026-07-28 requests (MCP-Protocol-Version: 2026-07-28, or _meta naming it) are stateless: each
//     gets a Session of its own; MCP-Protocol-Version, Mcp-Method and Mcp-Name must match the body
//     (400 / -32020); an unknown method is 404 / -32601; closing the request's SSE stream cancels it.
// A request answered on the caller's thread (everything but tools/call, prompts/get, resources/read)
// gets application/json; a call on the worker pool streams text/event-stream (its progress, then its
// response) when Accept allows, JSON otherwise.
//
// Error bodies are JSON-RPC errors with fixed texts: never a path, an exception text or a stack.
// Thread-safe: httplib calls the handlers from its connection threads.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/dispatcher.hpp"
#include "server/transport/http_sessions.hpp"

namespace server::transport::http {

struct EndpointConfig {
    std::string token;  // empty: no authentication (loopback only)
    std::vector<std::string> allowed_origins;
    bool loopback_only = true;           // bound to a loopback address: Host must name this machine
    std::size_t max_requests = 64;       // requests in progress at once; more get 503
    std::size_t max_header_count = 100;  // more get 431
    std::size_t max_body_bytes = std::size_t{4} << 20;
};

class McpEndpoint {
  public:
    McpEndpoint(Dispatcher& dispatcher, SessionTable& sessions, EndpointConfig config);

    // Registers the guard and the handlers (and the payload limit) on the server.
    void install(httplib::Server& server);

    // From now on every request is answered 503; requests already in progress go on.
    void begin_drain();
    // Waits until no request is in progress or the deadline passes; true when none is left.
    bool wait_idle(std::chrono::steady_clock::time_point deadline);
    // Cancels every call in progress: those of 2025 sessions and those of stateless requests.
    void cancel_all();

    class Slot;

  private:
    httplib::Server::HandlerResponse guard(const httplib::Request& request, httplib::Response& response);
    void post(const httplib::Request& request, httplib::Response& response);
    void remove(const httplib::Request& request, httplib::Response& response);

    // A Session for one stateless request, registered so that cancel_all() reaches its calls.
    std::shared_ptr<Session> stateless_session();
    bool acquire();
    void release();

    Dispatcher& m_dispatcher;
    SessionTable& m_sessions;
    const EndpointConfig m_config;
    std::mutex m_mutex;
    std::condition_variable m_idle;
    std::size_t m_in_progress = 0;
    std::vector<std::weak_ptr<Session>> m_stateless;  // at most the requests in progress, plus expired ones
    bool m_draining = false;
};

}  // namespace server::transport::http
