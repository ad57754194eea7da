#include "server/transport/http_sessions.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>

#include "tools/core/random.hpp"
#include "tools/secrets/fingerprint.hpp"

namespace server::transport::http {

std::string random_session_id() {
    std::array<std::uint8_t, 16> bytes{};
    if (!tools::random_bytes(bytes)) {
        throw std::runtime_error("no random bytes for a session id");
    }
    return tools::secrets::to_hex(bytes);
}

SessionTable::SessionTable(std::size_t max_sessions, std::chrono::seconds idle_timeout)
    : m_max_sessions(max_sessions), m_idle_timeout(idle_timeout) {}

std::optional<SessionTable::Created> SessionTable::create(Clock::time_point now) {
    std::string id = random_session_id();
    std::lock_guard lock(m_mutex);
    if (m_sessions.size() >= m_max_sessions) {
        expire_locked(now);
        if (m_sessions.size() >= m_max_sessions) {
            return std::nullopt;
        }
    }
    auto session = std::make_shared<Session>();
    m_sessions.emplace(id, Entry{session, now});
    return Created{std::move(id), std::move(session)};
}

std::shared_ptr<Session> SessionTable::find(const std::string& id, Clock::time_point now) {
    std::lock_guard lock(m_mutex);
    const auto it = m_sessions.find(id);
    if (it == m_sessions.end()) {
        return nullptr;
    }
    if (now - it->second.last_used > m_idle_timeout && it->second.session->calls_in_flight() == 0) {
        m_sessions.erase(it);
        return nullptr;
    }
    it->second.last_used = now;
    return it->second.session;
}

bool SessionTable::remove(const std::string& id) {
    std::shared_ptr<Session> session;
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_sessions.find(id);
        if (it == m_sessions.end()) {
            return false;
        }
        session = std::move(it->second.session);
        m_sessions.erase(it);
    }
    session->cancel_all();
    return true;
}

std::size_t SessionTable::expire(Clock::time_point now) {
    std::lock_guard lock(m_mutex);
    return expire_locked(now);
}

std::size_t SessionTable::expire_locked(Clock::time_point now) {
    std::size_t removed = 0;
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        // A session running a call is not idle, however long ago the call came in.
        if (now - it->second.last_used > m_idle_timeout && it->second.session->calls_in_flight() == 0) {
            it = m_sessions.erase(it);
            ++removed;
        } else {
            ++it;
        }
    }
    return removed;
}

void SessionTable::cancel_all() {
    std::lock_guard lock(m_mutex);
    for (auto& [id, entry] : m_sessions) {
        entry.session->cancel_all();
    }
}

std::size_t SessionTable::size() const {
    std::lock_guard lock(m_mutex);
    return m_sessions.size();
}

}  // namespace server::transport::http
