// The HTTP transport's 2025-era sessions: one server::Session per Mcp-Session-Id.
//
// Ids are 128 random bits from the OS's CSPRNG, as 32 hex digits: unguessable, so knowing the URL is not
// enough to join someone's session. The table holds at most max_sessions; a session unused for
// idle_timeout (and with no call in flight) expires and its id then gets 404 like an unknown one.
// Time comes from the caller (steady_clock in the transport, a fake clock in tests), so expiry is tested
// without sleeping. Thread-safe: every member may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "server/session.hpp"

namespace server::transport::http {

class SessionTable {
  public:
    using Clock = std::chrono::steady_clock;

    SessionTable(std::size_t max_sessions, std::chrono::seconds idle_timeout);

    struct Created {
        std::string id;
        std::shared_ptr<Session> session;
    };
    // A new session, or nullopt when the table is full even after dropping expired sessions.
    std::optional<Created> create(Clock::time_point now);

    // The session with this id, marked as used now; nullptr for an unknown or expired id.
    std::shared_ptr<Session> find(const std::string& id, Clock::time_point now);

    // Ends a session: its calls in flight are asked to stop. False for an unknown id.
    bool remove(const std::string& id);

    // Drops sessions idle for longer than the timeout; returns how many.
    std::size_t expire(Clock::time_point now);

    // Asks every session's calls to stop (shutdown).
    void cancel_all();

    std::size_t size() const;

  private:
    struct Entry {
        std::shared_ptr<Session> session;
        Clock::time_point last_used;
    };
    std::size_t expire_locked(Clock::time_point now);

    mutable std::mutex m_mutex;
    std::map<std::string, Entry, std::less<>> m_sessions;
    const std::size_t m_max_sessions;
    const std::chrono::seconds m_idle_timeout;
};

// 32 lower-case hex digits from tools::random_bytes; throws std::runtime_error when the CSPRNG fails.
std::string random_session_id();

}  // namespace server::transport::http
