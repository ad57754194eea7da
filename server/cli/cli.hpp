// The `context-sync` command line: parses arguments (CLI11), sets up logging and settings, and runs
// one subcommand. Returns the process exit code (0 ok, 1 failure or findings, 2 usage error).
#pragma once

#include "server/cli/commands.hpp"

namespace server::cli {

// serve_http runs `serve --http`: each executable's main passes its own run_serve_http (commands.hpp),
// so that this library links without the HTTP transport.
using ServeHttp = int (*)(const Settings& settings, const ServeArgs& args, char** argv);
int run(int argc, char** argv, ServeHttp serve_http);

}  // namespace server::cli
