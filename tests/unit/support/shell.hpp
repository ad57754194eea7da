// Running a command through /bin/sh from tests that drive real programs (git, diff, the context-sync
// binary): what it wrote to stdout, and its exit code (-1 when it did not exit normally). Throws when
// the shell cannot be started, which fails the calling test.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace test_support {

struct ShellRun {
    int exit_code = -1;
    std::string out;
};

inline ShellRun run_shell(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        throw std::runtime_error("popen failed: " + command);
    }
    ShellRun run;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        run.out.append(buffer.data(), n);
    }
    const int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

}  // namespace test_support
