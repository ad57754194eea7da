// cpp-httplib's Server with the limits it lacks (0.11.4) added at the connection level.
//
// httplib reads each request with a per-read timeout only, so a client that sends one byte every few
// seconds would hold a thread forever, and it queues connections without bound once its threads are
// busy. This subclass replaces how a connection is served (process_and_close_socket, a documented
// virtual of httplib::Server) and the task queue:
//   - at most max_connections connections are served at once, one thread each; one more is answered
//     "503 Service Unavailable" with Retry-After on the accepting thread and closed, without reading it;
//   - every request must arrive whole (line, headers, body) within request_timeout of its first byte,
//     and each read within read_timeout; otherwise the connection is dropped;
//   - the request line and headers together may hold at most max_header_bytes;
//   - an idle keep-alive connection is closed after keep_alive_timeout, or at once on stop().
// Requests themselves are then parsed and routed by httplib as usual (payload limit: 413).
//
// peer_closed() tells a handler running on a connection's thread whether that client has hung up
// (used to cancel calls whose stream was closed). Thread-safe like httplib::Server.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace server::transport::http {

struct ConnectionLimits {
    std::size_t max_connections = 128;
    std::chrono::seconds request_timeout{10};
    std::chrono::seconds read_timeout{5};
    std::chrono::seconds write_timeout{10};
    std::chrono::seconds keep_alive_timeout{5};
    std::size_t max_header_bytes = std::size_t{1} << 20;
    std::size_t keep_alive_max_requests = 1000;
};

class HardenedServer : public httplib::Server {
  public:
    explicit HardenedServer(const ConnectionLimits& limits);

    // Binds host:port (port 0: a free one) and returns the port, or -1. httplib listens with a backlog
    // of 5, so a burst of connections would wait in SYN retransmission for seconds before reaching the
    // connection cap; the backlog is raised to max_connections.
    int bind_listener(const std::string& host, int port);

    // True when the client of the connection this thread serves has closed it (or it broke). False on a
    // thread that serves no connection.
    static bool peer_closed();

    // Closes the connection this thread serves once the current response is written. For answers given
    // before the body was read (its bytes would otherwise be taken for the next request).
    static void close_after_response();

  private:
    bool process_and_close_socket(socket_t sock) override;
    void serve(socket_t sock);

    const ConnectionLimits m_limits;
};

}  // namespace server::transport::http
