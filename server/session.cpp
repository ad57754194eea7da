#include "server/session.hpp"

namespace server {

std::optional<std::string> Session::version() const {
    std::lock_guard lock(m_mutex);
    return m_version;
}

void Session::set_version(std::string version) {
    std::lock_guard lock(m_mutex);
    m_version = std::move(version);
}

bool Session::begin_call(const std::string& id_key, const CancelFlag& flag) {
    std::lock_guard lock(m_mutex);
    return m_in_flight.emplace(id_key, flag).second;
}

void Session::end_call(const std::string& id_key) {
    std::lock_guard lock(m_mutex);
    m_in_flight.erase(id_key);
}

bool Session::cancel(const std::string& id_key) {
    std::lock_guard lock(m_mutex);
    const auto it = m_in_flight.find(id_key);
    if (it == m_in_flight.end()) {
        return false;
    }
    it->second->store(true);
    return true;
}

void Session::cancel_all() {
    std::lock_guard lock(m_mutex);
    for (auto& [id, flag] : m_in_flight) {
        flag->store(true);
    }
}

std::size_t Session::calls_in_flight() const {
    std::lock_guard lock(m_mutex);
    return m_in_flight.size();
}

}  // namespace server
