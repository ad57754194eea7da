#include "server/transport/stdio_transport.hpp"

#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>

#include "protocol/jsonrpc.hpp"
#include "server/dispatcher.hpp"
#include "server/logging.hpp"

namespace server::transport {
namespace {

class StdoutChannel : public OutputChannel {
  public:
    void send(const nlohmann::json& message) override {
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
    explicit LineSplitter(Dispatcher& dispatcher) : m_dispatcher(dispatcher) {}

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
            m_dispatcher.reject_oversized_line(m_dropped_bytes);
        } else {
            std::string_view line(m_line);
            if (!line.empty() && line.back() == '\r') {
                line.remove_suffix(1);
            }
            // Blank lines carry no message; tolerate them rather than answer with parse errors.
            if (line.find_first_not_of(" \t") != std::string_view::npos) {
                m_dispatcher.handle_line(line);
            }
        }
        m_line.clear();
        m_dropped_bytes = 0;
        if (m_line.capacity() > (1u << 20)) {
            m_line.shrink_to_fit();
        }
    }

    Dispatcher& m_dispatcher;
    std::string m_line;
    std::size_t m_dropped_bytes = 0;
};

}  // namespace

int serve_stdio(const Settings& settings, const ToolRegistry& registry) {
    // Block the stop signals in every thread (workers inherit the mask) and read them from a signalfd,
    // so a signal can never interrupt a worker halfway through writing a message.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    const int signal_fd = ::signalfd(-1, &stop_signals, SFD_CLOEXEC);

    StdoutChannel output;
    Dispatcher dispatcher(settings, registry, output);
    ClientLogForwarding forwarding(dispatcher, output);
    LineSplitter splitter(dispatcher);
    spdlog::info("serving MCP on stdio (project {}, claude dir {})", settings.project_dir.string(),
                 settings.claude_dir.string());

    std::string buffer(1u << 16, '\0');
    bool stopped_by_signal = false;
    for (;;) {
        pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {signal_fd, POLLIN, 0}};
        const int ready = ::poll(fds, signal_fd >= 0 ? 2 : 1, -1);
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            spdlog::error("poll failed: {}", std::strerror(errno));
            break;
        }
        if (signal_fd >= 0 && (fds[1].revents & POLLIN) != 0) {
            signalfd_siginfo info{};
            if (::read(signal_fd, &info, sizeof info) > 0) {
                spdlog::info("received signal {}, stopping", info.ssi_signo);
            }
            stopped_by_signal = true;
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
    if (stopped_by_signal) {
        dispatcher.cancel_all();
    }
    dispatcher.drain();
    if (signal_fd >= 0) {
        ::close(signal_fd);
    }
    spdlog::info("stdio session ended");
    return 0;
}

}  // namespace server::transport
