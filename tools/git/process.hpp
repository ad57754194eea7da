// Runs a helper program (`git credential ...`) with text on stdin and collects its stdout, bounded in
// time and size so a hanging or chatty helper cannot stall a push. Thread-safe.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "tools/core/result.hpp"

namespace tools::git {

struct ProcessOutput {
    int exit_code = -1;  // -1 when killed or timed out
    std::string out;     // stdout, at most 1 MiB
};

// `env` entries ("NAME=value") are added to (or override) this process's environment. stderr goes to
// /dev/null. io_error when the program cannot be started.
Result<ProcessOutput> run_process(const std::vector<std::string>& argv, const std::filesystem::path& cwd,
                                  const std::string& input, const std::vector<std::string>& env,
                                  std::chrono::milliseconds timeout);

}  // namespace tools::git
