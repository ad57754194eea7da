// Rebuilding commits of ours on a remote tip that moved on, and the default way to re-apply an earlier
// commit whose ChangeBuilder is gone.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/git/libgit2.hpp"
#include "tools/git/sync.hpp"

namespace tools::git {

// For each file `after` changed relative to `before`: the version with the changes of both `tip` and
// `after` since `before`, merged line by line keeping both sides where they overlap (merge=union), so
// nothing is lost and no conflict marker appears. Deletions are not replayed (context-sync never
// deletes).
Result<std::vector<FileUpdate>> union_replay(git_repository* repo, const git_tree* tip,
                                             const git_tree* before, const git_tree* after);

// The commits reachable from `tip` but not from `base` (nullopt: all of them), oldest first.
Result<std::vector<git_oid>> commits_between(git_repository* repo, const git_oid& tip,
                                             const std::optional<git_oid>& base);

}  // namespace tools::git
