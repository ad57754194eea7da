// The `context-sync` command line: parses arguments (CLI11), sets up logging and settings, and runs
// one subcommand. Returns the process exit code (0 ok, 1 failure or findings, 2 usage error).
#pragma once

namespace server::cli {

int run(int argc, char** argv);

}  // namespace server::cli
