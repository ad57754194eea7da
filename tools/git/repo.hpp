// Opening the user's repository and the refusals that protect it (see sync.hpp). Nothing here writes.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/git/libgit2.hpp"
#include "tools/git/sync.hpp"

namespace tools::git {

struct OpenRepo {
    RepoPtr repo;
    std::filesystem::path work_tree;  // absolute, no trailing separator
    std::string branch_ref;           // "refs/heads/main"
    std::optional<git_oid> head;      // nullopt on an unborn branch
};

// refused: not a work tree, bare, detached HEAD, a merge/rebase/cherry-pick/revert/bisect in progress.
Result<OpenRepo> open_repo(const std::filesystem::path& dir);

// The commit's tree, or null for an unborn branch (nullopt head).
Result<TreePtr> tree_of(git_repository* repo, const std::optional<git_oid>& commit);

// invalid_argument unless `path` is work-tree relative, '/'-separated, without "", ".", ".." or ".git"
// parts.
Result<void> validate_repo_path(std::string_view path);

// Whether the index entry (`staged`: its blob, nullopt when the index has none) and the work tree file
// at `path` both match `tree` (absent in all three counts as clean). refused when the work tree holds
// something that is not a regular file there, or a symlinked directory on the way to it.
Result<bool> path_is_clean(git_repository* repo, const std::optional<git_oid>& staged,
                           const std::filesystem::path& work_tree, const git_tree* tree,
                           const std::string& path);

// The refusals for a commit touching `paths` on top of `tree`: unmerged entries, uncommitted edits,
// conflict markers.
Result<void> check_paths(const OpenRepo& open, const git_tree* tree, const std::vector<std::string>& paths);

// True when `text` has a line starting with a conflict marker ("<<<<<<<", ">>>>>>>").
bool has_conflict_marker(std::string_view text);

// Reads blobs of one tree (null: the empty tree of an unborn branch).
class GitTreeReader final : public TreeReader {
  public:
    GitTreeReader(git_repository* repo, const git_tree* tree) : m_repo(repo), m_tree(tree) {}
    Result<std::optional<std::string>> read(std::string_view repo_path) const override;

  private:
    git_repository* m_repo;
    const git_tree* m_tree;
};

}  // namespace tools::git
