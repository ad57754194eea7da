// The path of the running executable: what `install` registers with Claude Code, and the directory where
// `serve --http` finds context-sync-http. Read from /proc/self/exe, which the kernel resolves, so neither
// a PATH lookup nor a symlink to the binary changes it. Thread-safe.
#pragma once

#include <filesystem>

#include "tools/core/result.hpp"

namespace server::cli {

// io_error, with the reason, when /proc is not mounted or the link cannot be read.
tools::Result<std::filesystem::path> own_executable();

}  // namespace server::cli
