#include "server/transport/stdio_transport.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "protocol/jsonrpc.hpp"
#include "server/dispatcher.hpp"
#include "server/transport/input_lines.hpp"
#include "server/transport/reader_relay.hpp"
#include "server/transport/stop_signal.hpp"
#include "server/worker_pool.hpp"

namespace server::transport {
namespace {

// Two workers keep a long extraction from blocking a quick call; the queue bound is what backpressure
// holds the reader at.
constexpr std::size_t stdio_worker_threads = 2;
constexpr std::size_t stdio_max_queued_jobs = 64;
// How long a call runs on the reader's thread before the standby thread takes over reading stdin: the
// longest a ping or a cancel waits behind it. A page of a transcript takes well under a millisecond.
constexpr std::chrono::milliseconds rescue_after{5};

class StdoutWriter {
  public:
    void send(const nlohmann::json& message) {
        std::string line = protocol::serialize(message);
        line += '\n';
        std::lock_guard lock(m_mutex);
        if (m_closed) {
            return;
        }
        std::size_t written = 0;
        while (written < line.size()) {
            const ssize_t n = ::write(STDOUT_FILENO, line.data() + written, line.size() - written);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                // The client went away; keep running until stdin says so too, but stop writing.
                m_closed = true;
                return;
            }
            written += static_cast<std::size_t>(n);
        }
    }

  private:
    std::mutex m_mutex;
    bool m_closed = false;
};

// Reads one line and hands it to the dispatcher; false once the input ended or a stop was asked for.
// reader is not touched once the line is handed over: the relay may give it to another thread then.
bool read_one(InputLines& reader, Dispatcher& dispatcher, const std::shared_ptr<Session>& session,
              const MessageSinks& sinks) {
    std::string line;
    switch (reader.next(line)) {
        case InputLines::Status::end:
            return false;
        case InputLines::Status::oversized:
            dispatcher.reject_oversized(reader.dropped_bytes(), sinks);
            return true;
        case InputLines::Status::line:
            break;
    }
    std::string_view text(line);
    if (!text.empty() && text.back() == '\r') {
        text.remove_suffix(1);
    }
    // Blank lines carry no message; tolerate them rather than answer with parse errors.
    if (text.find_first_not_of(" \t") != std::string_view::npos) {
        dispatcher.handle_text(session, text, sinks);
    }
    return true;
}

}  // namespace

int serve_stdio(const Settings& settings, const Catalog& catalog) {
    ::signal(SIGPIPE, SIG_IGN);
    StdoutWriter output;
    auto session = std::make_shared<Session>();
    StopSignal::block_signals();  // before any thread starts: workers inherit the mask
    WorkerPool workers(stdio_worker_threads, stdio_max_queued_jobs);
    ReaderRelay relay(workers, rescue_after);
    StopSignal stop([&] {
        // Closed first, so no call can start after the cancel and miss it.
        relay.close();
        workers.close();  // also frees a reader waiting for room in the queue
        session->cancel_all();
    });
    Dispatcher dispatcher(settings, catalog, relay);
    const MessageSinks sinks{[&output](const nlohmann::json& reply) {
                                 if (!reply.is_null()) {
                                     output.send(reply);
                                 }
                             },
                             [&output](const nlohmann::json& notification) { output.send(notification); }};
    InputLines reader(STDIN_FILENO, stop.stopped_fd(), max_message_bytes);
    spdlog::info("serving MCP on stdio (project {}, claude dir {})", settings.project_dir.string(),
                 settings.claude_dir.string());
    relay.run([&] { return read_one(reader, dispatcher, session, sinks); });
    workers.wait_idle();
    spdlog::info("stdio session ended");
    return 0;
}

}  // namespace server::transport
