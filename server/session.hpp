// What the server remembers about one MCP session: the version initialize negotiated, the log level the
// client asked for, and its tool calls in flight (for notifications/cancelled).
//
// A transport creates one per connection (stdio: one for the process; HTTP: one per Mcp-Session-Id) and
// holds it by shared_ptr; the dispatcher's jobs hold it too, so it outlives its last reply. A request
// without a session (the stateless 2026-07-28 path, or an HTTP POST that is not part of a session) gets a
// Session of its own, made for that request and dropped after the reply: nothing it sets is remembered.
// Thread-safe: every member may be called from any thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace server {

class Session {
  public:
    using CancelFlag = std::shared_ptr<std::atomic<bool>>;

    // The legacy version initialize negotiated; nullopt until an initialize succeeded.
    std::optional<std::string> version() const;
    void set_version(std::string version);

    // The threshold set with logging/setLevel (index into protocol::log_levels), or -1: send no logs.
    int log_level() const { return m_log_level.load(); }
    void set_log_level(int level) { m_log_level.store(level); }

    // Registers a call under its request id (serialized); false when that id is already in flight.
    bool begin_call(const std::string& id_key, const CancelFlag& flag);
    void end_call(const std::string& id_key);
    // Asks the call with this id to stop; false when no such call is in flight.
    bool cancel(const std::string& id_key);
    // Asks every call in flight to stop (a stdio signal, an HTTP session deleted or a stream closed).
    void cancel_all();
    std::size_t calls_in_flight() const;

  private:
    mutable std::mutex m_mutex;
    std::optional<std::string> m_version;
    std::map<std::string, CancelFlag, std::less<>> m_in_flight;
    std::atomic<int> m_log_level{-1};
};

}  // namespace server
