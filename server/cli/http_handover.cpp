// `serve --http` in context-sync: hands the process over to context-sync-http (see commands.hpp), the way
// git runs git-remote-https so that only https remotes pay for libcurl. exec keeps the process id and
// the standard streams, so to whoever started it the server is the same process.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string>

#include "server/cli/commands.hpp"
#include "server/cli/own_executable.hpp"

namespace server::cli {

int run_serve_http(const Settings& /*settings*/, const ServeArgs& /*args*/, char** argv) {
    // The binary's own directory, not argv[0]'s (own_executable.hpp).
    const auto self = own_executable();
    if (!self) {
        std::cerr << "context-sync serve: " << self.error().message << '\n';
        return 1;
    }
    const std::string helper = (self->parent_path() / "context-sync-http").string();
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
