// MCP over stdio: newline-delimited JSON-RPC on stdin/stdout, one Session for the process.
//
// serve_stdio reads until EOF or SIGTERM/SIGINT. At EOF it lets accepted calls finish and answer; on a
// signal it cancels them (queued ones never start) and returns as soon as running ones have stopped, even
// while the reader is held by backpressure. A call runs on the reading thread itself while no other does
// (see reader_relay.hpp: stdin is still read within a few milliseconds); calls that overlap go to a
// worker pool, and while its queue is full the reader stops reading stdin, so a client that pipelines
// many calls is slowed down, never refused. Nothing but protocol
// messages is ever written to stdout. Lines up to max_message_bytes are accepted; a longer one is skipped
// while streaming (memory stays bounded) and answered with a parse error. Returns the process exit code
// (0 on EOF or signal).
#pragma once

#include <cstddef>

#include "server/catalog.hpp"
#include "server/settings.hpp"

namespace server::transport {

inline constexpr std::size_t max_message_bytes = 256u << 20;

int serve_stdio(const Settings& settings, const Catalog& catalog);

}  // namespace server::transport
