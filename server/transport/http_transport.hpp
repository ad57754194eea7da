// MCP over Streamable HTTP: `context-sync serve --http [ADDR:]PORT`, the same Catalog and Dispatcher as
// stdio, on one endpoint /mcp (see http_endpoint.hpp for the protocol, http_server.hpp for the
// connection limits).
//
// Safe by default: binds 127.0.0.1 unless told otherwise, and refuses to bind any other address without
// a bearer token (--token-file: a regular file of at most 4 KiB, whitespace trimmed, at least 16
// characters; a warning when others may read it). The bound address is printed on stderr as
// "context-sync: listening on http://HOST:PORT/mcp" (port 0 picks a free port).
//
// SIGTERM/SIGINT: new requests get 503, requests in progress finish (up to drain_timeout, then their
// calls are cancelled), then the server stops. Returns the exit code: 0 after a stop, 1 when it could not
// listen, 2 for a bad configuration.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "server/catalog.hpp"
#include "server/settings.hpp"

namespace server::transport {

struct HttpOptions {
    std::string host = "127.0.0.1";
    int port = 0;
    std::string token_file;  // empty: no authentication
    std::vector<std::string> allowed_origins;
    std::chrono::seconds session_idle_timeout{30 * 60};
    std::chrono::seconds drain_timeout{30};
};

// "PORT", "HOST:PORT" or "[V6]:PORT" into host and port; nullopt when malformed.
std::optional<HttpOptions> parse_listen_address(const std::string& text);

int serve_http(const Settings& settings, const Catalog& catalog, const HttpOptions& options);

}  // namespace server::transport
