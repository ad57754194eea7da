// This machine's record of commits made by context-sync that are not on the remote yet, one file per
// work tree: <state_dir>/git/pending-<hash of the work tree path>.json,
//   {"version": 1, "work_tree": "/abs/path", "branch": "refs/heads/main",
//    "commits": ["<hex>", ...] (oldest first), "reason": "<why the last push failed>"}.
// Written atomically. A file that cannot be parsed, or has another version, is renamed to
// "<name>.corrupt-<unix time>" with a warning and treated as empty: never fatal. Thread-safe; callers
// serialise read-modify-write per work tree.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tools/core/result.hpp"

namespace tools::git {

struct PendingRecord {
    std::string branch;
    std::vector<std::string> commits;
    std::string reason;
};

std::filesystem::path pending_file(const std::filesystem::path& state_dir,
                                   const std::filesystem::path& work_tree);

// An empty record when there is none (or it was corrupt and set aside; `warning` then says so).
PendingRecord read_pending(const std::filesystem::path& state_dir, const std::filesystem::path& work_tree,
                           std::string* warning = nullptr);

// Removes the file when `record.commits` is empty. A no-op when state_dir is empty.
Result<void> write_pending(const std::filesystem::path& state_dir, const std::filesystem::path& work_tree,
                           const PendingRecord& record);

}  // namespace tools::git
