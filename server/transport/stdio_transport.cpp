#include "server/transport/stdio_transport.hpp"

#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include "protocol/jsonrpc.hpp"
#include "server/dispatcher.hpp"
#include "server/transport/stop_signal.hpp"

namespace server::transport {
namespace {

// Two workers keep a long extraction from blocking a quick call; the queue bound is what backpressure
// holds the reader at.
constexpr std::size_t worker_threads = 2;
constexpr std::size_t max_queued_jobs = 64;

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

// Splits stdin into lines without ever holding more than one line (bounded by max_message_bytes).
class LineSplitter {
  public:
    LineSplitter(Dispatcher& dispatcher, std::shared_ptr<Session> session, MessageSinks sinks)
        : m_dispatcher(dispatcher), m_session(std::move(session)), m_sinks(std::move(sinks)) {}

    void feed(const char* data, std::size_t size) {
        while (size > 0) {
            const auto* newline = static_cast<const char*>(std::memchr(data, '\n', size));
            const std::size_t chunk = newline == nullptr ? size : static_cast<std::size_t>(newline - data);
            append(data, chunk);
            if (newline == nullptr) {
                return;
            }
            finish_line();
            data += chunk + 1;
            size -= chunk + 1;
        }
    }

    // A last line without '\n' at EOF is still a message.
    void finish() {
        if (!m_line.empty() || m_dropped_bytes > 0) {
            finish_line();
        }
    }

  private:
    void append(const char* data, std::size_t size) {
        if (m_dropped_bytes > 0 || m_line.size() + size > max_message_bytes) {
            m_dropped_bytes += m_line.size() + size;
            m_line.clear();
            m_line.shrink_to_fit();
            return;
        }
        m_line.append(data, size);
    }

    void finish_line() {
        if (m_dropped_bytes > 0) {
            m_dispatcher.reject_oversized(m_dropped_bytes, m_sinks);
        } else {
            std::string_view line(m_line);
            if (!line.empty() && line.back() == '\r') {
                line.remove_suffix(1);
            }
            // Blank lines carry no message; tolerate them rather than answer with parse errors.
            if (line.find_first_not_of(" \t") != std::string_view::npos) {
                m_dispatcher.handle_text(m_session, line, m_sinks);
            }
        }
        m_line.clear();
        m_dropped_bytes = 0;
        if (m_line.capacity() > (1u << 20)) {
            m_line.shrink_to_fit();
        }
    }

    Dispatcher& m_dispatcher;
    const std::shared_ptr<Session> m_session;
    const MessageSinks m_sinks;
    std::string m_line;
    std::size_t m_dropped_bytes = 0;
};

}  // namespace

int serve_stdio(const Settings& settings, const Catalog& catalog) {
    ::signal(SIGPIPE, SIG_IGN);
    StdoutWriter output;
    auto session = std::make_shared<Session>();
    StopSignal::block_signals();  // before any thread starts: workers inherit the mask
    WorkerPool workers(worker_threads, max_queued_jobs);
    StopSignal stop([&] {
        session->cancel_all();
        workers.close();  // also frees a reader waiting for room in the queue
    });
    Dispatcher dispatcher(settings, catalog, workers);
    const MessageSinks sinks{[&output](const nlohmann::json& reply) {
                                 if (!reply.is_null()) {
                                     output.send(reply);
                                 }
                             },
                             [&output](const nlohmann::json& notification) { output.send(notification); }};
    LineSplitter splitter(dispatcher, session, sinks);
    spdlog::info("serving MCP on stdio (project {}, claude dir {})", settings.project_dir.string(),
                 settings.claude_dir.string());

    std::string buffer(1u << 16, '\0');
    for (;;) {
        pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {stop.stopped_fd(), POLLIN, 0}};
        const int ready = ::poll(fds, stop.stopped_fd() >= 0 ? 2 : 1, -1);
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            spdlog::error("poll failed: {}", std::strerror(errno));
            break;
        }
        if (stop.stopped()) {
            break;
        }
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
            continue;
        }
        const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n <= 0) {
            splitter.finish();
            break;
        }
        splitter.feed(buffer.data(), static_cast<std::size_t>(n));
    }
    workers.wait_idle();
    spdlog::info("stdio session ended");
    return 0;
}

}  // namespace server::transport
