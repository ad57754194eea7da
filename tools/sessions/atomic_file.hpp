// Small state files that several processes may read and write at once (the summary cache, the sync
// state). Writes go to a uniquely named temporary file beside the target and are renamed over it, so a
// reader sees either the old or the new contents, never a mix, and concurrent writers end with the
// last rename winning. Thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "tools/core/result.hpp"

namespace tools::sessions {

// Creates the parent directories as needed. io_error on failure (the temporary file is removed).
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view contents);

// The whole file, or nullopt when it does not exist or cannot be read.
std::optional<std::string> read_small_file(const std::filesystem::path& path);

// A stable 64-bit FNV-1a hash as 16 hex digits, for file names derived from arbitrary text.
std::string fnv1a_hex(std::string_view text);

}  // namespace tools::sessions
