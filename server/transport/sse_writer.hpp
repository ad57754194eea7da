// Server-Sent Events framing for MCP's Streamable HTTP responses, and the channel that carries one
// request's output from the dispatcher's threads to the connection that streams it.
//
// Each message is one `event: message` with a single `data:` line: protocol::serialize never emits a
// newline, so no line splitting is needed and a client's parser sees exactly one JSON text per event.
// A comment (`:` line) keeps an idle stream alive through proxies and lets the server notice a client
// that went away.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace server::transport::http {

std::string sse_event(const nlohmann::json& message);
inline constexpr std::string_view sse_keepalive = ":\n\n";

// One request's output: notifications in order, then at most one final reply (null when the request was
// cancelled and must get no response). Producers (dispatcher sinks, any thread) push; the connection's
// thread takes. After close() (the client went away) everything pushed is dropped.
// Thread-safe.
class ReplyChannel {
  public:
    void notify(const nlohmann::json& notification);
    void reply(nlohmann::json response);
    void close();

    struct Output {
        std::deque<nlohmann::json> notifications;
        std::optional<nlohmann::json> reply;  // set once the final reply arrived (maybe null)
    };
    // Waits up to `timeout` for output, then takes everything pending. Returns at once when there is
    // some; an empty Output after the timeout.
    Output take(std::chrono::milliseconds timeout);

    bool replied() const;

  private:
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<nlohmann::json> m_notifications;
    std::optional<nlohmann::json> m_reply;
    bool m_replied = false;
    bool m_taken = false;
    bool m_closed = false;
};

}  // namespace server::transport::http
