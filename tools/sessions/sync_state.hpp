// This machine's record of when a project was last synced, and the `since` bound of a listing.
//
// The record lives in <state_dir>/projects/<key>.json, where <key> is the project's slug (cut to 100
// characters) plus a hash of its canonical path, so projects whose slugs collide ("/a/b-c", "/a/b/c")
// keep separate records:
//     {"version": 1, "project_path": ..., "last_sync": ISO,
//      "synced_sessions": [ids whose learnings were synced from this machine],
//      "sync_sessions": [ids of the sessions that ran a sync]}
// A record without "version" (the first format) is read as version 1 with empty lists. A missing
// record means "never synced"; a corrupt one (or one from a newer version) is reported, renamed aside
// to <file>.corrupt-<ms> and treated as missing. Writes are atomic. Thread-safe; callers that
// read-modify-write (record_sync) serialise themselves per project (the learnings project lock).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

struct SyncRecord {
    std::optional<TimeMs> last_sync;
    std::vector<std::string> synced_sessions;  // oldest first
    std::vector<std::string> sync_sessions;    // oldest first
};

// The project's record; empty when there is none (or it was corrupt and has been set aside).
SyncRecord read_sync_record(const std::filesystem::path& state_dir,
                            const std::filesystem::path& project_path);

// Adds a successful sync at `time`: the sessions whose learnings it carried and the session that ran
// it (empty when unknown). Each list keeps its newest kMaxRecordedSessions ids. io_error when the
// state dir is not writable.
inline constexpr std::size_t kMaxRecordedSessions = 2000;
Result<void> record_sync(const std::filesystem::path& state_dir, const std::filesystem::path& project_path,
                         TimeMs time, const std::vector<std::string>& synced_sessions,
                         const std::string& sync_session);

// The lower bound of a listing from the `since` text: an ISO-8601 time, a duration back from `now`
// ("4h", "2d"), or "last-sync" (also when empty). nullopt means no bound (never synced).
// invalid_argument for anything else, with a message naming the accepted forms.
Result<std::optional<TimeMs>> resolve_since(std::string_view since, const std::filesystem::path& state_dir,
                                            const std::filesystem::path& project_path, TimeMs now);

}  // namespace tools::sessions
