// Logging for the executable: spdlog to stderr (never stdout, which carries the protocol in stdio mode)
// and optionally to a file. Call configure_logging once at start-up, before any thread starts.
#pragma once

#include <string>

#include "server/output_channel.hpp"

namespace server {

class Dispatcher;

// level: trace, debug, info, warn, error, critical or off. Returns false (and logs why) when the level
// is unknown or the file cannot be opened; logging then stays on stderr at "info".
bool configure_logging(const std::string& level, const std::string& log_file);

// While alive, also forwards log records to the MCP client as notifications/message, once it has asked
// for them with logging/setLevel (and only at or above the level it asked for). Create it before worker
// threads start and destroy it after they stop; dispatcher and output must outlive it.
class ClientLogForwarding {
  public:
    ClientLogForwarding(const Dispatcher& dispatcher, OutputChannel& output);
    ~ClientLogForwarding();
    ClientLogForwarding(const ClientLogForwarding&) = delete;
    ClientLogForwarding& operator=(const ClientLogForwarding&) = delete;
};

}  // namespace server
