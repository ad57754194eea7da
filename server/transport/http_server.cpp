#include "server/transport/http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

namespace server::transport::http {
namespace {

using Clock = std::chrono::steady_clock;

// Set while the accepting thread runs a connection it has no room for: serve only a 503.
thread_local bool t_reject_connection = false;
// The connection this thread serves, for peer_closed().
thread_local int t_connection_fd = -1;
thread_local bool t_close_after_response = false;

constexpr std::string_view busy_response =
    "HTTP/1.1 503 Service Unavailable\r\n"
    "Retry-After: 1\r\n"
    "Content-Type: application/json\r\n"
    "Content-Length: 82\r\n"
    "Connection: close\r\n"
    "\r\n"
    R"({"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Server busy, retry"}})";
static_assert(busy_response.size() - busy_response.find("\r\n\r\n") - 4 == 82);

int millis(Clock::duration d) {
    return static_cast<int>(
        std::clamp<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count(), 0, 1 << 30));
}

bool wait_for(int fd, short events, int timeout_ms) {
    pollfd p{fd, events, 0};
    for (;;) {
        const int n = ::poll(&p, 1, timeout_ms);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return n > 0;
    }
}

void address_of(int fd, bool peer, std::string& ip, int& port) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int rc = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len)
                        : ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    if (rc != 0) {
        return;
    }
    char text[INET6_ADDRSTRLEN] = {};
    if (addr.ss_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(&addr);
        ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
        port = ntohs(v4->sin_port);
    } else if (addr.ss_family == AF_INET6) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&addr);
        ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
        port = ntohs(v6->sin6_port);
    }
    ip = text;
}

// A socket stream whose reads obey a per-request deadline and a cap on header bytes.
class DeadlineStream final : public httplib::Stream {
  public:
    DeadlineStream(int fd, const ConnectionLimits& limits) : m_fd(fd), m_limits(limits) {}

    // Called before each request: its deadline starts now.
    void begin_request() {
        m_deadline = Clock::now() + m_limits.request_timeout;
        m_header_bytes = 0;
        m_in_headers = true;
        m_newlines = 0;
    }

    bool has_buffered() const { return m_pos < m_end; }
    // A read timed out, hit the deadline or the header cap, or the peer closed: whatever httplib answers,
    // the connection's byte stream is no longer in step with requests and must end.
    bool failed() const { return m_failed; }

    bool is_readable() const override { return has_buffered() || wait_readable(); }
    bool is_writable() const override { return wait_for(m_fd, POLLOUT, millis(m_limits.write_timeout)); }

    ssize_t read(char* ptr, size_t size) override {
        if (!has_buffered()) {
            if (!wait_readable()) {
                m_failed = true;
                return -1;
            }
            const ssize_t n = ::recv(m_fd, m_buffer, sizeof m_buffer, 0);
            if (n <= 0) {
                m_failed = true;
                return n < 0 ? -1 : 0;
            }
            m_pos = 0;
            m_end = static_cast<std::size_t>(n);
        }
        std::size_t count = std::min(size, m_end - m_pos);
        if (m_in_headers) {
            count = count_header_bytes(count);
            if (m_header_bytes > m_limits.max_header_bytes) {
                m_failed = true;
                return -1;
            }
        }
        std::copy_n(m_buffer + m_pos, count, ptr);
        m_pos += count;
        return static_cast<ssize_t>(count);
    }

    ssize_t write(const char* ptr, size_t size) override {
        if (!is_writable()) {
            return -1;
        }
        for (;;) {
            const ssize_t n = ::send(m_fd, ptr, size, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            return n;
        }
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        address_of(m_fd, true, ip, port);
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        address_of(m_fd, false, ip, port);
    }
    socket_t socket() const override { return m_fd; }

  private:
    bool wait_readable() const {
        const auto left = m_deadline - Clock::now();
        if (left <= Clock::duration::zero()) {
            return false;
        }
        return wait_for(m_fd, POLLIN, millis(std::min<Clock::duration>(left, m_limits.read_timeout)));
    }

    // Counts what the header section takes of the next `count` bytes; stops the count at its end (an
    // empty line) so the body is never charged to it.
    std::size_t count_header_bytes(std::size_t count) {
        for (std::size_t i = 0; i < count; ++i) {
            const char c = m_buffer[m_pos + i];
            ++m_header_bytes;
            if (c == '\n') {
                if (++m_newlines == 2) {
                    m_in_headers = false;
                    return i + 1;
                }
            } else if (c != '\r') {
                m_newlines = 0;
            }
        }
        return count;
    }

    const int m_fd;
    const ConnectionLimits& m_limits;
    Clock::time_point m_deadline = Clock::now();
    char m_buffer[4096] = {};
    std::size_t m_pos = 0;
    std::size_t m_end = 0;
    std::size_t m_header_bytes = 0;
    int m_newlines = 0;
    bool m_in_headers = true;
    bool m_failed = false;
};

// One thread per connection up to a fixed count; never queues more than that.
class ConnectionQueue final : public httplib::TaskQueue {
  public:
    explicit ConnectionQueue(std::size_t threads) : m_capacity(threads) {
        for (std::size_t i = 0; i < threads; ++i) {
            m_threads.emplace_back([this] { work(); });
        }
    }

    void enqueue(std::function<void()> fn) override {
        {
            std::lock_guard lock(m_mutex);
            if (m_busy + m_jobs.size() < m_capacity) {
                m_jobs.push_back(std::move(fn));
                m_has_work.notify_one();
                return;
            }
        }
        // No thread is free: the connection is answered 503 here, without reading it.
        t_reject_connection = true;
        fn();
        t_reject_connection = false;
    }

    void shutdown() override {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_has_work.notify_all();
        for (std::thread& thread : m_threads) {
            thread.join();
        }
    }

  private:
    void work() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(m_mutex);
                m_has_work.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
                if (m_jobs.empty()) {
                    return;
                }
                job = std::move(m_jobs.front());
                m_jobs.pop_front();
                ++m_busy;
            }
            job();
            std::lock_guard lock(m_mutex);
            --m_busy;
        }
    }

    const std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_has_work;
    std::deque<std::function<void()>> m_jobs;
    std::size_t m_busy = 0;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

}  // namespace

HardenedServer::HardenedServer(const ConnectionLimits& limits) : m_limits(limits) {
    new_task_queue = [max = limits.max_connections] { return new ConnectionQueue(max); };
    set_read_timeout(limits.read_timeout);
    set_write_timeout(limits.write_timeout);
    set_keep_alive_timeout(limits.keep_alive_timeout.count());
    set_keep_alive_max_count(limits.keep_alive_max_requests);
}

int HardenedServer::bind_listener(const std::string& host, int port) {
    const int bound = port == 0 ? bind_to_any_port(host) : (bind_to_port(host, port) ? port : -1);
    if (bound > 0) {
        ::listen(svr_sock_, static_cast<int>(m_limits.max_connections));
    }
    return bound > 0 ? bound : -1;
}

bool HardenedServer::peer_closed() {
    if (t_connection_fd < 0) {
        return false;
    }
    pollfd p{t_connection_fd, POLLRDHUP, 0};
    return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

void HardenedServer::close_after_response() {
    t_close_after_response = true;
}

bool HardenedServer::process_and_close_socket(socket_t sock) {
    if (t_reject_connection) {
        spdlog::warn("HTTP: {} connections already open; refused one with 503", m_limits.max_connections);
        (void)::send(sock, busy_response.data(), busy_response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    } else {
        t_connection_fd = sock;
        serve(sock);
        t_connection_fd = -1;
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return true;
}

void HardenedServer::serve(socket_t sock) {
    // An SSE stream is many small writes; Nagle's algorithm would hold each behind the client's delayed ACK.
    const int on = 1;
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    DeadlineStream stream(sock, m_limits);
    for (std::size_t served = 0; served < m_limits.keep_alive_max_requests; ++served) {
        // Wait for the next request in short slices so that stop() ends idle connections promptly.
        const auto idle_until = Clock::now() + m_limits.keep_alive_timeout;
        bool ready = stream.has_buffered();
        while (!ready && svr_sock_ != INVALID_SOCKET && Clock::now() < idle_until) {
            ready = wait_for(sock, POLLIN, std::min(100, millis(idle_until - Clock::now())));
        }
        if (!ready || svr_sock_ == INVALID_SOCKET) {
            return;
        }
        stream.begin_request();
        bool connection_closed = false;
        const bool last = served + 1 == m_limits.keep_alive_max_requests;
        t_close_after_response = false;
        if (!process_request(stream, last, connection_closed, nullptr) || connection_closed ||
            t_close_after_response || stream.failed()) {
            return;
        }
    }
}

}  // namespace server::transport::http
