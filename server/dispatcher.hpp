// Serves MCP for any transport: one JSON text in (a stdio line, an HTTP POST body), its output out
// through the sinks given with it. Both protocol eras: legacy clients negotiate a version with
// `initialize` (remembered in their Session); modern (2026-07-28) clients name the version in every
// request's _meta, which wins over the session's.
//
// Ownership: the transport owns its Sessions (shared_ptr) and the JobRunner; the Settings, Catalog and
// runner outlive the Dispatcher, and the Dispatcher outlives every reply it promised (let the runner
// finish its jobs before destroying it). Jobs keep the Session and the sinks alive until they finish.
//
// Threads: tools/call, prompts/get and resources/read go to the runner, which keeps the transport
// reading while they run (a worker pool; for stdio, the reader's own thread with another one standing
// by to read), so ping, notifications/cancelled and more calls are served meanwhile; every other method
// is answered on the caller's thread before handle_text returns. A batch (2025-03-26) is answered as
// one array once all its members are done; its slow members go to the runner like any other. When the
// runner's queue is full, handle_text waits for room (backpressure: a stdio reader then stops reading);
// it never refuses for load. handle_text may be called from several threads at once, for one session or
// many.
//
// Errors: handle_text never throws. Every message, notifications included, is handled inside one
// exception boundary; an unexpected exception becomes -32603 "Internal error" for a request (its text
// goes to the log, never to the client) and a log line for a notification. Texts nested deeper or
// holding more values than protocol/message_shape.hpp allows are refused before a DOM is built.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

#include "protocol/mcp_messages.hpp"
#include "server/catalog.hpp"
#include "server/job_runner.hpp"
#include "server/session.hpp"
#include "server/settings.hpp"

namespace server {

// Where the output caused by one incoming text goes. Both may be called from worker threads and after
// handle_text returned, but never concurrently for one text and never after reply. Both must be
// thread-safe with respect to other texts' sinks sharing the same connection.
struct MessageSinks {
    // Called exactly once when handle_text returned true: with the response (for a batch, the array of
    // responses), or with null when a request was cancelled and, as the specification says, must get no
    // response (HTTP then ends the request's stream without a message).
    std::function<void(nlohmann::json)> reply;
    // Notifications that belong to the text's requests: notifications/progress for a request's
    // progressToken and notifications/message log records at or above the session's log level. May be
    // empty (they are then dropped).
    std::function<void(const nlohmann::json&)> notify;
};

class Dispatcher {
  public:
    Dispatcher(const Settings& settings, const Catalog& catalog, JobRunner& runner);
    Dispatcher(const Dispatcher&) = delete;
    Dispatcher& operator=(const Dispatcher&) = delete;

    // Handles one JSON text: a message or a batch. Returns whether sinks.reply was or will be called
    // (false for a text holding only notifications and client responses: HTTP answers 202). No I/O of
    // its own: everything goes through the sinks.
    bool handle_text(const std::shared_ptr<Session>& session, std::string_view text,
                     const MessageSinks& sinks);

    // For a text the transport would not hold (larger than it accepts): replies with an error, since no
    // id can be known. Always replies (returns true).
    bool reject_oversized(std::size_t bytes, const MessageSinks& sinks);

    static protocol::ServerIdentity identity();

  private:
    struct Call;
    class Batch;

    void handle_message(const std::shared_ptr<Session>& session, protocol::Message message,
                        const MessageSinks& sinks, bool in_batch);
    void handle_request(const std::shared_ptr<Call>& call, bool in_batch);
    void handle_notification(Session& session, const protocol::Notification& notification);
    std::optional<nlohmann::json> run_method(Call& call);
    void run_guarded(Call& call);

    const Settings& m_settings;
    const Catalog& m_catalog;
    JobRunner& m_runner;
    const protocol::ServerIdentity m_identity;
};

}  // namespace server
