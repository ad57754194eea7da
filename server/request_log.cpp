#include "server/request_log.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include "protocol/mcp_messages.hpp"

namespace server {
namespace {

thread_local const RequestLogScope* t_scope = nullptr;

std::string_view mcp_level(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::trace:
        case spdlog::level::debug:
            return "debug";
        case spdlog::level::info:
            return "info";
        case spdlog::level::warn:
            return "warning";
        case spdlog::level::err:
            return "error";
        case spdlog::level::critical:
            return "critical";
        default:
            return "info";
    }
}

// No mutex: the sink only reads thread-local state, and each request's notify is thread-safe.
class RequestSink : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const RequestLogScope* scope = RequestLogScope::current();
        if (scope == nullptr) {
            return;
        }
        const std::string_view level = mcp_level(msg.level);
        scope->forward(protocol::log_level_index(level), level,
                       std::string_view(msg.payload.data(), msg.payload.size()));
    }
    void flush_() override {}
};

}  // namespace

void install_request_log_sink() {
    auto& sinks = spdlog::default_logger()->sinks();
    for (const spdlog::sink_ptr& sink : sinks) {
        if (dynamic_cast<RequestSink*>(sink.get()) != nullptr) {
            return;
        }
    }
    sinks.push_back(std::make_shared<RequestSink>());
}

RequestLogScope::RequestLogScope(const Session& session, const Notify& notify)
    : m_session(session), m_notify(notify), m_outer(t_scope) {
    t_scope = this;
}

RequestLogScope::~RequestLogScope() {
    t_scope = m_outer;
}

void RequestLogScope::forward(int level_index, std::string_view level, std::string_view text) const {
    const int wanted = m_session.log_level();
    if (wanted < 0 || level_index < wanted || !m_notify) {
        return;
    }
    m_notify(protocol::log_notification(level, "context-sync", text));
}

const RequestLogScope* RequestLogScope::current() {
    return t_scope;
}

}  // namespace server
