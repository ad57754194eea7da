// Keeping file access inside a transcript directory: ids that could name another path are refused,
// and a path is only used when its canonical form (symlinks resolved) stays under the directory.
// Pure functions over the file system, thread-safe.
#pragma once

#include <filesystem>
#include <string_view>

namespace tools::sessions {

// A bare session id: 1..200 characters of [A-Za-z0-9._-], not starting with '.', no "..". Everything
// else (separators, NUL, "..", spaces) is refused before any file system access.
bool is_valid_session_id(std::string_view id);

// Whether `path` exists and its canonical form lies strictly inside the canonical form of `root`.
bool is_within(const std::filesystem::path& path, const std::filesystem::path& root);

}  // namespace tools::sessions
