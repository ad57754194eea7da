// Delivering a work tree's recorded commits to its upstream: fetch, replay them onto an upstream that
// moved, push, and retry with backoff; the outcome goes to the SyncResult and to the pending record
// (saved under state_dir). Internal to tools/git: sync.cpp drives it. Not thread-safe: callers hold the
// work tree's mutex.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "tools/core/result.hpp"
#include "tools/git/pending.hpp"
#include "tools/git/repo.hpp"
#include "tools/git/sync.hpp"

namespace tools::git {

// The state one delivery works on.
struct Delivery {
    OpenRepo& open;
    const std::filesystem::path& state_dir;
    PendingRecord& record;
    std::optional<git_oid> current;  // the commit this call made, rebuilt with `build` on a replay
    const ChangeBuilder* build = nullptr;
    const MessageBuilder* message = nullptr;
    const Replayer* replay = nullptr;
    SyncResult& result;
};

// "main" for "refs/heads/main"; other names as they are.
std::string short_branch(const std::string& ref);

// Writes the pending record (a failure is logged, not returned: the commit is made either way).
void save(Delivery& d);
// The commits stay local: records why, in the result and in the pending record.
void mark_pending(Delivery& d, PushProblem problem, std::string status);
// Brings the record's commits to the upstream, or marks them pending with the reason. Errors only for
// failures to read the repository; a remote that refuses or cannot be reached is a pending result.
Result<void> deliver(Delivery& d);

}  // namespace tools::git
