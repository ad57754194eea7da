// Finding and summarising the Claude Code sessions of one project on this machine.
//
// Sessions live in <claude_dir>/projects/<slug>/<session-id>.jsonl. Which directories are the
// project's, and which files in them really belong to it (confirmed by the recorded cwd), is decided
// in project_dirs.hpp; sessions started in a subdirectory of the project live under that
// subdirectory's own slug and are not listed. sessions-index.json is never read. Subagent transcripts
// (agent-*.jsonl beside the sessions, <id>/subagents/**/agent-*.jsonl) are not sessions; they are
// counted on their parent (subagent_files.hpp), as are 1.0.x inline sidechain conversations when a
// session has no subagent files (session_scan.hpp has the counting rules for every field).
// Per-file summaries are cached under the state dir keyed by (path, size, mtime ns), so a repeated
// listing stats each file and reads only those that changed (summary_cache.hpp).
// Thread safety: all functions may be called concurrently, also on the same state dir (cache writes
// are atomic; the last writer wins).
//
// Secrets: every string of a SessionSummary and of ListResult::project_dirs is redacted by the
// Redactor passed in (built for options.project_path), before any cut and before it is cached.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tools/core/progress.hpp"
#include "tools/core/result.hpp"
#include "tools/core/time.hpp"
#include "tools/secrets/redactor.hpp"

namespace tools::sessions {

struct SessionSummary {
    std::string session_id;
    std::filesystem::path path;
    std::optional<TimeMs> started_at;  // first timestamp in the file
    TimeMs modified_at = 0;            // file mtime
    std::uint64_t size_bytes = 0;
    std::uint64_t messages = 0;  // user prompts + assistant messages (streamed lines merged)
    std::string first_prompt;    // <= 200 characters
    std::string title;           // custom-title > ai-title > summary, when present
    std::string git_branch;      // the last one recorded (where the session ended up)
    std::string cwd;             // the first one recorded (where the session was started)
    std::string version;         // the last Claude Code version recorded
    std::uint64_t subagents = 0;
    bool active = false;           // the calling session, or modified within the last 60 s
    bool synced = false;           // its learnings were synced from this machine (session_ids of a sync)
    std::uint64_t redactions = 0;  // secrets replaced in the strings above
};

struct ListOptions {
    std::filesystem::path claude_dir;
    std::filesystem::path project_path;  // absolute
    std::filesystem::path state_dir;     // cache and sync state live here
    std::optional<TimeMs> since;         // only sessions modified at or after this time
    bool include_active = false;
    std::string calling_session_id;  // always active
    std::size_t limit = 20;
    std::size_t offset = 0;  // for paging
};

struct ListResult {
    std::vector<SessionSummary> sessions;             // newest first
    std::size_t total = 0;                            // matching sessions before limit/offset
    std::vector<std::filesystem::path> project_dirs;  // transcript directories that matched (redacted)
    std::size_t scanned = 0;     // transcript files read in full by this call (cache misses)
    std::size_t cache_hits = 0;  // transcript files whose summary came from the cache
};

// Sessions that ran a sync (recorded as the syncing session in the sync state, or seen calling
// commit_learnings in their transcript) are never listed: they hold mostly other transcripts and the
// learnings themselves. Sessions whose learnings were synced are listed with synced=true.
// invalid_argument for an empty claude_dir or a relative project_path; cancelled when progress asks
// (the cache keeps what was computed). A project without a transcript directory lists nothing.
// Unreadable or corrupt files never fail the listing: bad lines are skipped, unreadable files listed
// with what their stat tells.
Result<ListResult> list_sessions(const ListOptions& options, const secrets::Redactor& redactor,
                                 const Progress& progress = Progress::none());

}  // namespace tools::sessions

namespace tools::sessions {

// The files that make up one session: the main transcript and its subagent transcripts (2.0.x
// agent-*.jsonl beside it whose sessionId is this session, and 2.1.x <id>/subagents/agent-*.jsonl).
struct SessionFiles {
    std::string session_id;
    std::filesystem::path main;
    std::vector<std::filesystem::path> subagents;
};

// Finds session_id among the project's transcript directories. session_id must be a bare id (no '/',
// no "..", no NUL): anything else is ErrorCode::invalid_argument. Unknown ids are ErrorCode::not_found.
Result<SessionFiles> locate_session(const std::filesystem::path& claude_dir,
                                    const std::filesystem::path& project_path, const std::string& session_id);

// The session a transcript file belongs to, for callers that hold a path (the `extract FILE` command).
Result<SessionFiles> session_files_for_path(const std::filesystem::path& transcript);

}  // namespace tools::sessions
