#include "server/transport/sse_writer.hpp"

#include "protocol/jsonrpc.hpp"

namespace server::transport::http {

std::string sse_event(const nlohmann::json& message) {
    std::string event = "event: message\ndata: ";
    event += protocol::serialize(message);
    event += "\n\n";
    return event;
}

void ReplyChannel::notify(const nlohmann::json& notification) {
    {
        std::lock_guard lock(m_mutex);
        if (m_closed || m_replied) {
            return;
        }
        m_notifications.push_back(notification);
    }
    m_ready.notify_all();
}

void ReplyChannel::reply(nlohmann::json response) {
    {
        std::lock_guard lock(m_mutex);
        if (m_replied) {
            return;
        }
        m_replied = true;
        if (!m_closed) {
            m_reply = std::move(response);
        }
    }
    m_ready.notify_all();
}

void ReplyChannel::close() {
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_notifications.clear();
    m_reply.reset();
}

ReplyChannel::Output ReplyChannel::take(std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    const auto pending = [this] { return !m_notifications.empty() || (m_replied && !m_taken); };
    m_ready.wait_for(lock, timeout, pending);
    Output output;
    output.notifications.swap(m_notifications);
    if (m_replied && !m_taken) {
        m_taken = true;
        output.reply = m_reply ? std::move(*m_reply) : nlohmann::json(nullptr);
    }
    return output;
}

bool ReplyChannel::replied() const {
    std::lock_guard lock(m_mutex);
    return m_replied;
}

}  // namespace server::transport::http
