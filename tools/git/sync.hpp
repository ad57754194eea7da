// The git layer for learnings: commits the files context-sync changed into the user's own repository
// and delivers the commit to the branch's upstream, safely, from several machines at once.
//
// What a caller gets:
// - Only the files the ChangeBuilder returns are committed. The tree is HEAD's tree with those blobs
//   replaced (never the user's index), and only their index entries and work tree files are rewritten,
//   so the user's other staged and unstaged changes stay exactly as they were.
// - Nothing is written (no object, no ref, no file, no state) when the repository is refused: not a
//   repository, merge/rebase/cherry-pick/revert/bisect in progress, detached HEAD, unmerged index
//   entries, uncommitted edits in a file that would change, conflict markers in such a file, no
//   author identity. The error (ErrorCode::refused) says what to do.
// - Push goes to the branch's upstream only, fast-forward only (never forced, never a merge commit),
//   up to 3 attempts with exponential backoff. Authentication follows git: ssh-agent, then the default
//   keys in ~/.ssh, the host checked against ~/.ssh/known_hosts (hashed entries too); for http(s), the
//   credential helpers through `git credential fill/approve/reject`.
// - When the remote moved on, its tip is fetched and the change is rebuilt on it by calling the
//   ChangeBuilder again with the tip's contents, then committed on the tip. The branch, index and work
//   tree follow the new tip as `git pull --rebase --autostash` limited to the changed files would
//   leave them. When the remote changed a file the user has modified locally, nothing in the work tree
//   moves: the commit stays local and is recorded as pending.
// - A commit that could not be delivered stays on the local branch and is recorded as a pending push
//   under <state_dir>/git/ (versioned JSON, written atomically; a corrupt record is renamed aside with
//   a warning, never fatal). The next commit_and_push or push_pending delivers it.
//
// Thread safety: every function may be called from any thread. Calls on the same repository are
// serialised within the process; across processes git's own lock files and compare-and-swap ref
// updates keep the repository consistent (a lost race is retried or reported, never silently lost).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/core/result.hpp"

namespace tools::git {

// Files as they are at one commit (HEAD, or a fetched remote tip during a replay). Valid only during
// the callback it is passed to.
class TreeReader {
  public:
    virtual ~TreeReader() = default;
    // The blob at `repo_path` (work-tree relative, '/'-separated), nullopt when no such path exists.
    // invalid_argument when the path is absolute or has "", ".", ".." or ".git" parts; refused when it
    // names a directory, a symlink or a submodule; io_error when the blob is larger than 16 MiB.
    virtual Result<std::optional<std::string>> read(std::string_view repo_path) const = 0;
};

struct FileUpdate {
    std::string path;      // work-tree relative, '/'-separated, no "." or ".." parts
    std::string contents;  // the whole new file; written as a regular 0644 file
};

// Computes the files to write from their contents at `base`. Called once on HEAD and again on each
// remote tip the change is replayed onto, so it must be a pure function of `base` (dedup belongs
// here). Files whose contents equal `base`'s are dropped; an empty list means "nothing to commit".
using ChangeBuilder = std::function<Result<std::vector<FileUpdate>>(const TreeReader& base)>;

// The commit message for the files actually committed. Used verbatim (trailers stay intact).
using MessageBuilder = std::function<std::string(const std::vector<FileUpdate>&)>;

// Re-applies a commit of ours made by an earlier call (a pending push, whose ChangeBuilder is gone)
// onto a remote tip: `before` and `after` are that commit's parent and the commit itself. Returns the
// files to write on `tip`, like a ChangeBuilder. When a caller gives none, each file the commit
// changed gets a three-way line merge that keeps the lines of both sides (as merge=union does), so
// nothing is lost and no conflict marker is ever written.
using Replayer = std::function<Result<std::vector<FileUpdate>>(
    const TreeReader& tip, const TreeReader& before, const TreeReader& after)>;

struct SyncRequest {
    std::filesystem::path repo_dir;  // the work tree or any directory inside it
    ChangeBuilder build;
    MessageBuilder message;
    bool push = true;                 // false: commit only, recorded as a pending push
    std::filesystem::path state_dir;  // $XDG_STATE_HOME/context-sync; pending pushes live under it
    Replayer replay_pending;          // for earlier pending commits; optional (see Replayer)
};

// Why a commit was not delivered, for exit codes and for the user's next step.
enum class PushProblem {
    none,
    not_requested,   // push = false
    no_upstream,     // the branch has no upstream (or is unborn without one)
    authentication,  // every credential was refused, or none was available
    host_unknown,    // the ssh host key is not in known_hosts, or differs from it
    network,         // the remote could not be reached
    rejected,        // the remote refused the update (a hook, a protected branch)
    local_changes,   // the remote changed files the user has modified locally
    own_commits,     // the branch holds commits of the user's that are not pushed yet
    other,
};

struct SyncResult {
    std::optional<std::string> commit;  // the commit holding the change (hex), nullopt when none made
    std::vector<FileUpdate> written;    // the files in that commit, as committed (after any replay)
    bool replayed = false;              // the change was rebuilt on a remote tip that had moved on
    bool pushed = false;                // the remote branch now contains every commit of ours
    bool pending = false;               // a commit of ours waits on the local branch for a push
    PushProblem problem = PushProblem::none;
    std::string push_status;  // what happened, in words a user can act on
    std::string branch;       // e.g. "main"
    std::string upstream;     // e.g. "origin/main", empty when none
};

// The commit a SyncRequest would make, without writing anything (for dry runs).
struct PlannedFile {
    std::string path;
    std::optional<std::string> before;  // at HEAD; nullopt when the file is new
    std::string after;
};
struct SyncPlan {
    std::vector<PlannedFile> files;  // only files whose contents change
    std::string message;             // empty when files is empty
    std::string branch;
};

// The top of the work tree containing `dir`. refused when `dir` is in no git work tree (or in a bare
// repository).
Result<std::filesystem::path> find_work_tree(const std::filesystem::path& dir);

// Every refusal listed above for a commit touching `paths` (work-tree relative). Writes nothing.
Result<void> check_repo(const std::filesystem::path& dir, const std::vector<std::string>& paths);

// check_repo, then the ChangeBuilder on HEAD, then the message. Writes nothing.
Result<SyncPlan> plan_sync(const SyncRequest& request);

// Commits the change on HEAD and, when asked, delivers it with any earlier pending commit. Errors are
// refusals (nothing written) or failures before the commit exists; once the commit exists, push
// problems are reported in the result, never as an error.
Result<SyncResult> commit_and_push(const SyncRequest& request);

// Delivers the pending commits of the repository containing `repo_dir`. pushed=true and no commit when
// there was nothing to deliver.
Result<SyncResult> push_pending(const std::filesystem::path& repo_dir, const std::filesystem::path& state_dir,
                                const Replayer& replay = {});

const char* to_string(PushProblem problem);

}  // namespace tools::git
