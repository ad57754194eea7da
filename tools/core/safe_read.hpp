// Reading a small file that someone else may have planted: a file from a cloned repo
// (.claude/context-sync-allow), a subagent's .meta.json, the state dir's records and caches.
//
// Such a path may be a symlink to /dev/zero (endless), /dev/stdin (eats the protocol stream), a FIFO
// (blocks forever) or a file of gigabytes. read_regular_file refuses everything but a regular file of
// at most max_bytes: it never blocks (O_NONBLOCK on open, the type checked with fstat on the opened
// descriptor, so a swap after the check cannot slip a FIFO in) and never reads more than max_bytes + 1
// bytes. Pure functions over the file system, thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "tools/core/result.hpp"

namespace tools {

// Caps for the kinds of files read this way; a caller may pass a tighter one.
inline constexpr std::size_t kMaxSmallFileBytes = std::size_t{1} << 20;   // allowlists, records, .meta.json
inline constexpr std::size_t kMaxCacheFileBytes = std::size_t{64} << 20;  // the listing's summary cache

// The whole file. Errors:
//   not_found         the path (or a directory on it, or a symlink's target) does not exist; callers
//                     usually treat this as "empty" and stay silent;
//   invalid_argument  not a regular file (device, FIFO, socket, directory) or larger than max_bytes;
//   io_error          the OS refused (permissions, I/O error).
// Every error but not_found deserves a warning naming the file: it was there, and it was ignored.
Result<std::string> read_regular_file(const std::filesystem::path& path, std::size_t max_bytes);

// As read_regular_file, but the file, with every symlink resolved, must also lie inside root (itself
// resolved): outside_root otherwise. The check is made on the opened descriptor, so a symlink swapped
// in between check and read cannot point the read elsewhere.
Result<std::string> read_regular_file_within(const std::filesystem::path& path,
                                             const std::filesystem::path& root, std::size_t max_bytes);

}  // namespace tools
