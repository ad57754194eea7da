// Talking to the branch's upstream: finding it, fetching its tip, pushing fast-forward only, with git's
// own ways of authenticating (see sync.hpp) and failures turned into words a user can act on.
// Each call opens its own connection; thread-safe for distinct git_repository objects.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "tools/git/libgit2.hpp"
#include "tools/git/sync.hpp"

namespace tools::git {

struct Upstream {
    std::string remote;        // "origin"
    std::string url;           // the push URL (or the URL when there is none)
    std::string merge_ref;     // the branch on the remote, "refs/heads/main"
    std::string tracking_ref;  // "refs/remotes/origin/main"
    std::string display;       // "origin/main"
};

// nullopt when the branch has no upstream configured.
Result<std::optional<Upstream>> find_upstream(git_repository* repo, const std::string& branch_ref);

struct RemoteOutcome {
    bool ok = false;
    bool moved = false;  // push refused because the remote has commits we lack: fetch and replay
    bool retry = false;  // worth another attempt after a pause (network, a hook)
    PushProblem problem = PushProblem::none;
    std::string status;  // when !ok: what happened and what to do
};

// Downloads the upstream branch's tip and points the tracking ref at it. `tip` is nullopt when the
// remote has no such branch yet.
RemoteOutcome fetch_upstream(git_repository* repo, const std::filesystem::path& work_tree,
                             const Upstream& upstream, std::optional<git_oid>& tip);

// Pushes `branch_ref` to the upstream branch, never forced; on success moves the tracking ref.
RemoteOutcome push_upstream(git_repository* repo, const std::filesystem::path& work_tree,
                            const Upstream& upstream, const std::string& branch_ref);

}  // namespace tools::git
