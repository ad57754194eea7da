// Logging for the executable: spdlog to stderr (never stdout, which carries the protocol in stdio mode)
// and optionally to a file. Call configure_logging once at start-up, before any thread starts.
#pragma once

#include <string>

namespace server {

// Also installs the per-request forwarding to MCP clients (server/request_log.hpp).
// level: trace, debug, info, warn, error, critical or off. Returns false (and logs why) when the level
// is unknown or the file cannot be opened; logging then stays on stderr at "info".
bool configure_logging(const std::string& level, const std::string& log_file);

}  // namespace server
