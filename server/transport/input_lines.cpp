#include "server/transport/input_lines.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace server::transport {
namespace {

constexpr std::size_t read_buffer_bytes = 1u << 16;
// A line buffer grown by one huge message is given back rather than kept for the whole session.
constexpr std::size_t kept_line_capacity = 1u << 20;

}  // namespace

InputLines::InputLines(int fd, int stop_fd, std::size_t max_line_bytes)
    : m_fd(fd), m_stop_fd(stop_fd), m_max_line_bytes(max_line_bytes), m_buffer(read_buffer_bytes, '\0') {}

InputLines::Status InputLines::next(std::string& line) {
    for (;;) {
        if (m_begin < m_end) {
            const char* start = m_buffer.data() + m_begin;
            const std::size_t available = m_end - m_begin;
            const auto* newline = static_cast<const char*>(std::memchr(start, '\n', available));
            const std::size_t chunk =
                newline == nullptr ? available : static_cast<std::size_t>(newline - start);
            append(start, chunk);
            if (newline == nullptr) {
                m_begin = m_end;
                continue;
            }
            m_begin += chunk + 1;
            return take(line);
        }
        if (m_ended || !fill()) {
            m_ended = true;
            if (!m_line.empty() || m_dropped > 0) {
                return take(line);
            }
            return Status::end;
        }
    }
}

bool InputLines::fill() {
    for (;;) {
        pollfd fds[2] = {{m_fd, POLLIN, 0}, {m_stop_fd, POLLIN, 0}};
        const int ready = ::poll(fds, m_stop_fd >= 0 ? 2 : 1, -1);
        if (ready < 0) {
            if (errno == EINTR) {
                continue;
            }
            spdlog::error("poll failed: {}", std::strerror(errno));
            return false;
        }
        if ((fds[1].revents & POLLIN) != 0) {
            // A stop drops a half-read line: nobody is left to answer it.
            m_line.clear();
            m_dropped = 0;
            return false;
        }
        // POLLNVAL too: a closed stdin must end the reading (read fails), not spin here.
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) == 0) {
            continue;
        }
        const ssize_t n = ::read(m_fd, m_buffer.data(), m_buffer.size());
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (n < 0) {
            spdlog::error("reading the input failed: {}", std::strerror(errno));
        }
        if (n <= 0) {
            return false;
        }
        m_begin = 0;
        m_end = static_cast<std::size_t>(n);
        return true;
    }
}

void InputLines::append(const char* data, std::size_t size) {
    if (m_dropped > 0 || m_line.size() + size > m_max_line_bytes) {
        m_dropped += m_line.size() + size;
        m_line.clear();
        m_line.shrink_to_fit();
        return;
    }
    m_line.append(data, size);
}

InputLines::Status InputLines::take(std::string& line) {
    const bool oversized = m_dropped > 0;
    m_reported_dropped = m_dropped;
    m_dropped = 0;
    line.swap(m_line);
    m_line.clear();
    if (m_line.capacity() > kept_line_capacity) {
        m_line.shrink_to_fit();
    }
    return oversized ? Status::oversized : Status::line;
}

}  // namespace server::transport
