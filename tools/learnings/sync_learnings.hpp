// Committing learnings to a project's repo and delivering them: the one code path behind the
// commit_learnings tool and the `context-sync commit` / `push` commands.
//
// commit_learnings, in order, stopping at the first refusal with nothing written:
//  1. the secret gate over every learning and the machine name (secret_gate.hpp);
//  2. validation of every learning, the machine name and the session ids;
//  3. under the project lock (project_lock.hpp; not taken by a dry run, which must not even create
//     the lock file), the git layer's plan or commit, whose ChangeBuilder is plan_change on the
//     commit it builds on, so learnings the remote tip already holds are dropped on every replay;
//  4. after a commit, the sync is recorded in the sync state with the synced session ids and the
//     session that ran it.
// A dry run runs the same checks and builds the same change from HEAD, and returns each file's unified
// diff and the commit message, writing nothing (no file, object, ref, lock or state).
// Thread-safe; calls for one project are serialised by the project lock.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tools/core/result.hpp"
#include "tools/core/time.hpp"
#include "tools/git/sync.hpp"
#include "tools/secrets/allowlist.hpp"

namespace tools::learnings {

struct CommitRequest {
    std::filesystem::path project_dir;     // absolute; the repo's work tree or a directory inside it
    std::filesystem::path state_dir;       // $XDG_STATE_HOME/context-sync
    std::vector<std::string> learnings;    // as the caller gave them
    std::string machine;                   // empty: default_machine_name()
    std::vector<std::string> session_ids;  // the sessions these learnings came from
    std::string sync_session_id;           // the session running this sync (CLAUDE_CODE_SESSION_ID)
    bool dry_run = false;
    bool push = true;
    std::string date;  // YYYY-MM-DD; empty: local_date_today()
    TimeMs now = 0;    // when the sync is recorded; 0: now_ms()
    secrets::Allowlist allowlist;
};

struct FileDiff {
    std::string path;  // work-tree relative
    std::string diff;  // unified diff (unified_diff.hpp)
};

enum class CommitStatus {
    nothing_new,  // no learnings, or only ones the file already holds: nothing changed
    planned,      // dry run: `files` and `message` say what a real call would commit
    committed,    // a commit was made (see `sync` for whether it was pushed)
};

struct CommitOutcome {
    CommitStatus status = CommitStatus::nothing_new;
    std::string machine;
    std::vector<std::string> added;       // as written (after any replay)
    std::vector<std::string> duplicates;  // skipped: already in the file or repeated in the call
    std::vector<FileDiff> files;          // dry run only
    std::string message;                  // the commit message (dry run and committed)
    std::optional<git::SyncResult> sync;  // committed only
    std::string state_warning;            // the commit was made but the sync state could not be saved
};

// Errors: invalid_argument (a bad learning, machine or session id: the message names the item and the
// reason), refused (a secret, or the repo's state: the message says what to do), io_error.
Result<CommitOutcome> commit_learnings(const CommitRequest& request);

// Delivers this project's pending commits (context-sync push).
Result<git::SyncResult> push_learnings(const std::filesystem::path& project_dir,
                                       const std::filesystem::path& state_dir);

}  // namespace tools::learnings
