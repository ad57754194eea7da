#include "server/transport/http_transport.hpp"

#include <poll.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <iostream>
#include <thread>

#include "server/dispatcher.hpp"
#include "server/transport/http_endpoint.hpp"
#include "server/transport/http_guard.hpp"
#include "server/transport/http_server.hpp"
#include "server/transport/http_sessions.hpp"
#include "server/transport/stop_signal.hpp"
#include "server/worker_pool.hpp"
#include "tools/core/safe_read.hpp"
#include "tools/core/text.hpp"

namespace server::transport {
namespace {

// More workers than stdio: several clients share the process. The queue bound holds connection threads
// back (backpressure) rather than growing memory.
constexpr std::size_t http_worker_threads = 4;
constexpr std::size_t http_max_queued_jobs = 256;
constexpr std::size_t max_sessions = 256;
constexpr std::size_t max_token_file_bytes = 4096;
constexpr std::size_t min_token_length = 16;
constexpr auto sweep_interval = std::chrono::seconds(10);

std::optional<std::string> read_token(const std::string& path) {
    auto text = tools::read_regular_file(path, max_token_file_bytes);
    if (!text) {
        spdlog::error("--token-file: cannot use {}: {}", path, text.error().message);
        return std::nullopt;
    }
    std::string token(tools::trim(*text));
    if (token.size() < min_token_length || token.find_first_of(" \t\r\n") != std::string::npos) {
        spdlog::error("--token-file: the token must be one line of at least {} characters", min_token_length);
        return std::nullopt;
    }
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
        spdlog::warn("--token-file {} may be read by other users; chmod 600 it", path);
    }
    return token;
}

}  // namespace

std::optional<HttpOptions> parse_listen_address(const std::string& text) {
    HttpOptions options;
    std::string port = text;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find("]:");
        if (close == std::string::npos) {
            return std::nullopt;
        }
        options.host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else if (const auto colon = text.rfind(':'); colon != std::string::npos) {
        options.host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (options.host.find(':') != std::string::npos) {
            return std::nullopt;  // an IPv6 address needs brackets
        }
    }
    if (options.host.empty() || port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
        return std::nullopt;
    }
    options.port = std::stoi(port);
    return options;
}

int serve_http(const Settings& settings, const Catalog& catalog, const HttpOptions& options) {
    http::EndpointConfig config;
    config.allowed_origins = options.allowed_origins;
    config.loopback_only = http::is_loopback_address(options.host);
    if (!options.token_file.empty()) {
        auto token = read_token(options.token_file);
        if (!token) {
            return 2;
        }
        config.token = std::move(*token);
    } else if (!config.loopback_only) {
        spdlog::error("serving on {} (not a loopback address) needs --token-file", options.host);
        return 2;
    }

    ::signal(SIGPIPE, SIG_IGN);
    StopSignal::block_signals();  // before any thread starts: workers inherit the mask
    WorkerPool workers(http_worker_threads, http_max_queued_jobs);
    StopSignal stop([] {});
    Dispatcher dispatcher(settings, catalog, workers);
    http::SessionTable sessions(max_sessions, options.session_idle_timeout);
    http::McpEndpoint endpoint(dispatcher, sessions, config);
    http::HardenedServer server{http::ConnectionLimits{}};
    endpoint.install(server);

    const int port = server.bind_listener(options.host, options.port);
    if (port <= 0) {
        spdlog::error("cannot listen on {}:{}", options.host, options.port);
        return 1;
    }
    const std::string shown_host =
        options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    std::cerr << "context-sync: listening on http://" << shown_host << ':' << port << "/mcp" << std::endl;
    spdlog::info("serving MCP over HTTP (project {}, claude dir {}){}", settings.project_dir.string(),
                 settings.claude_dir.string(), config.token.empty() ? "" : ", bearer token required");
    std::thread listener([&server] { server.listen_after_bind(); });

    while (!stop.stopped()) {
        pollfd fd{stop.stopped_fd(), POLLIN, 0};
        const int ready = ::poll(&fd, stop.stopped_fd() >= 0 ? 1 : 0,
                                 static_cast<int>(std::chrono::milliseconds(sweep_interval).count()));
        if (ready < 0 && errno != EINTR) {
            break;
        }
        if (const std::size_t expired = sessions.expire(std::chrono::steady_clock::now()); expired > 0) {
            spdlog::info("HTTP: {} idle session(s) expired", expired);
        }
    }

    spdlog::info("HTTP: stopping; letting requests in progress finish");
    endpoint.begin_drain();
    if (!endpoint.wait_idle(std::chrono::steady_clock::now() + options.drain_timeout)) {
        spdlog::warn("HTTP: requests still running after {} s; cancelling them",
                     options.drain_timeout.count());
        endpoint.cancel_all();
        endpoint.wait_idle(std::chrono::steady_clock::now() + std::chrono::seconds(5));
    }
    server.stop();
    listener.join();
    workers.wait_idle();
    spdlog::info("HTTP server stopped");
    return 0;
}

}  // namespace server::transport
