#include "server/cli/own_executable.hpp"

#include <system_error>

namespace server::cli {

tools::Result<std::filesystem::path> own_executable() {
    std::error_code error;
    std::filesystem::path path = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) {
        return tools::make_error(tools::ErrorCode::io_error,
                                 "cannot find this executable's path (/proc/self/exe): " + error.message());
    }
    return path;
}

}  // namespace server::cli
