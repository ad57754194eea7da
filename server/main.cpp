#include <fcntl.h>

#include <cerrno>

#include "server/cli/cli.hpp"

int main(int argc, char** argv) {
    // Started with stdin, stdout or stderr closed, the first file the server opened would take that
    // number, and be read as MCP input or written with logs. /dev/null holds the place instead (open
    // takes the lowest free number): a closed stdin then reads as an empty input, and serve ends at once.
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            ::open("/dev/null", O_RDWR);  // no O_CLOEXEC: it stands for a standard descriptor
        }
    }
    return server::cli::run(argc, argv, server::cli::run_serve_http);
}
