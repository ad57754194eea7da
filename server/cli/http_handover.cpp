// `serve --http` in context-sync: hands the process over to context-sync-http (see commands.hpp), the way
// git runs git-remote-https so that only https remotes pay for libcurl. exec keeps the process id and
// the standard streams, so to whoever started it the server is the same process.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>

#include "server/cli/commands.hpp"

namespace server::cli {

int run_serve_http(const Settings& /*settings*/, const ServeArgs& /*args*/, char** argv) {
    std::error_code error;
    // The directory of the binary itself, not of argv[0]: a PATH lookup or a symlink must not change
    // which helper runs.
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        std::cerr << "context-sync serve: cannot find this program's own path (/proc/self/exe): "
                  << error.message() << '\n';
        return 1;
    }
    const std::string helper = (self.parent_path() / "context-sync-http").string();
    // Flushes and closes the log file; context-sync-http opens it again from the same arguments.
    spdlog::shutdown();
    ::execv(helper.c_str(), argv);
    const int exec_errno = errno;
    std::cerr << "context-sync serve: --http is served by context-sync-http, which must sit beside this "
                 "program; running "
              << helper << " failed: " << std::strerror(exec_errno) << '\n';
    return 1;
}

}  // namespace server::cli
