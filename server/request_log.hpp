// Log forwarding per session: a log record emitted on a thread while it handles a request reaches that
// request's client as notifications/message, through the request's notification sink, when the client's
// session asked for that level with logging/setLevel. Records emitted outside any request (start-up, the
// reader loop) reach stderr only, and no session ever sees another session's records.
//
// Code keeps logging with spdlog as usual; install_request_log_sink() adds, once, a sink to spdlog's
// default logger that looks up the current thread's RequestLogScope.
// Thread safety: install_request_log_sink() must run before other threads log (it edits the default
// logger's sink list; repeated calls do nothing). A scope belongs to the thread that made it.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>

#include "server/session.hpp"

namespace server {

void install_request_log_sink();

class RequestLogScope {
  public:
    using Notify = std::function<void(const nlohmann::json&)>;

    // session and notify must outlive the scope.
    RequestLogScope(const Session& session, const Notify& notify);
    ~RequestLogScope();
    RequestLogScope(const RequestLogScope&) = delete;
    RequestLogScope& operator=(const RequestLogScope&) = delete;

    // Sends one record when the session's level lets it through.
    void forward(int level_index, std::string_view level, std::string_view text) const;

    static const RequestLogScope* current();

  private:
    const Session& m_session;
    const Notify& m_notify;
    const RequestLogScope* m_outer;
};

}  // namespace server
