// This machine's record of when a project was last synced, and the `since` bound of a listing.
//
// The record lives in <state_dir>/projects/<key>.json as {"project_path": ..., "last_sync": ISO}, where
// <key> is the project's slug (cut to 100 characters) plus a hash of its canonical path, so projects
// whose slugs collide ("/a/b-c", "/a/b/c") keep separate records. A missing or corrupt record means
// "never synced". write_last_sync is atomic. Thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include "tools/core/result.hpp"
#include "tools/core/time.hpp"

namespace tools::sessions {

std::filesystem::path sync_state_file(const std::filesystem::path& state_dir,
                                      const std::filesystem::path& project_path);

// nullopt when the project was never synced on this machine (or the record is unreadable).
std::optional<TimeMs> read_last_sync(const std::filesystem::path& state_dir,
                                     const std::filesystem::path& project_path);

// Records a successful sync at `time`. io_error when the state dir is not writable.
Result<void> write_last_sync(const std::filesystem::path& state_dir,
                             const std::filesystem::path& project_path, TimeMs time);

// The lower bound of a listing from the `since` text: an ISO-8601 time, a duration back from `now`
// ("4h", "2d"), or "last-sync" (also when empty). nullopt means no bound (never synced).
// invalid_argument for anything else, with a message naming the accepted forms.
Result<std::optional<TimeMs>> resolve_since(std::string_view since, const std::filesystem::path& state_dir,
                                            const std::filesystem::path& project_path, TimeMs now);

}  // namespace tools::sessions
