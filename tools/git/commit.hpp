// Making a commit from HEAD's tree plus a few replaced files, and moving the user's branch, index and
// work tree onto it. Only the named paths are read or written, so the cost does not grow with the size
// of the repository or of its history.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/git/libgit2.hpp"
#include "tools/git/sync.hpp"

namespace tools::git {

// The updates whose contents differ from `base` (validated paths, one per path).
Result<std::vector<FileUpdate>> changed_updates(git_repository* repo, const git_tree* base,
                                                std::vector<FileUpdate> updates);

// refused when a new file would hold a conflict marker line: context-sync never writes one.
Result<void> check_new_contents(const std::vector<FileUpdate>& updates);

// Author and committer as git would pick them: GIT_AUTHOR_*/GIT_COMMITTER_* from the environment, else
// user.name/user.email from the repository's config. refused, saying how to set them, when missing.
struct Identity {
    SignaturePtr author;
    SignaturePtr committer;
};
Result<Identity> identity(git_repository* repo);

// Writes blobs, tree and commit objects (no ref moves) for `updates` on `parent` (nullopt: a root
// commit). `author` overrides the identity's author (used when replaying an earlier commit).
Result<git_oid> write_commit(git_repository* repo, const std::optional<git_oid>& parent, const git_tree* base,
                             const std::vector<FileUpdate>& updates, const std::string& message,
                             const git_signature* author = nullptr);

// Moves `branch_ref` from `expected` (nullopt: unborn) to `target`, failing with refused when someone
// else moved it meanwhile (compare-and-swap).
Result<void> move_branch(git_repository* repo, const std::string& branch_ref,
                         const std::optional<git_oid>& expected, const git_oid& target,
                         const std::string& reflog);

// Makes the index entries and the work tree files of `paths` hold their version in `to` (removing those
// that `to` lacks). Files are replaced atomically; the index is written once.
Result<void> follow_tree(git_repository* repo, const std::filesystem::path& work_tree, const git_tree* to,
                         const std::vector<std::string>& paths);

// The paths whose blob differs between two trees (either may be null: the empty tree).
Result<std::vector<std::string>> changed_paths(git_repository* repo, const git_tree* from,
                                               const git_tree* to);

}  // namespace tools::git
