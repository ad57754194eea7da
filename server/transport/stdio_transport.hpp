// MCP over stdio: newline-delimited JSON-RPC on stdin/stdout.
//
// serve_stdio reads until EOF or SIGTERM/SIGINT. At EOF it lets accepted tool calls finish and answer;
// on a signal it cancels them and returns at once. Nothing but protocol messages is ever written to
// stdout. Lines up to max_message_bytes are accepted; a longer one is skipped while streaming (memory
// stays bounded) and answered with a parse error. Returns the process exit code (0 on EOF or signal).
#pragma once

#include <cstddef>

#include "server/settings.hpp"
#include "server/tool_registry.hpp"

namespace server::transport {

inline constexpr std::size_t max_message_bytes = 256u << 20;

int serve_stdio(const Settings& settings, const ToolRegistry& registry);

}  // namespace server::transport
