// Finding and summarising the Claude Code sessions of one project on this machine.
//
// Sessions live in <claude_dir>/projects/<slug>/<session-id>.jsonl, where <slug> is the project's
// absolute path with every character outside [A-Za-z0-9] replaced by '-' (long paths are truncated
// by Claude Code, so candidates are matched by prefix and confirmed with the `cwd` inside). Subagent
// transcripts (agent-*.jsonl, <id>/subagents/) are not sessions; they are counted on their parent.
// Summaries are cached under the state dir keyed by (path, size, mtime). Thread safety: functions
// are safe to call concurrently for different state dirs; the cache file is written atomically.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tools/core/progress.hpp"
#include "tools/core/result.hpp"
#include "tools/core/time.hpp"

namespace tools::sessions {

struct SessionSummary {
    std::string session_id;
    std::filesystem::path path;
    std::optional<TimeMs> started_at;  // first timestamp in the file
    TimeMs modified_at = 0;            // file mtime
    std::uint64_t size_bytes = 0;
    std::uint64_t messages = 0;        // user prompts + assistant messages (streamed lines merged)
    std::string first_prompt;          // <= 200 characters
    std::string title;                 // custom-title > ai-title > summary, when present
    std::string git_branch;
    std::string cwd;
    std::string version;
    std::uint64_t subagents = 0;
    bool active = false;
};

struct ListOptions {
    std::filesystem::path claude_dir;
    std::filesystem::path project_path;      // absolute
    std::filesystem::path state_dir;         // cache and sync state live here
    std::optional<TimeMs> since;             // only sessions modified at or after this time
    bool include_active = false;
    std::string calling_session_id;          // always active
    std::size_t limit = 20;
    std::size_t offset = 0;                  // for paging
};

struct ListResult {
    std::vector<SessionSummary> sessions;  // newest first
    std::size_t total = 0;                 // matching sessions before limit/offset
    std::vector<std::filesystem::path> project_dirs;  // transcript directories that matched
    std::size_t scanned = 0;     // transcript files read in full by this call (cache misses)
    std::size_t cache_hits = 0;  // transcript files whose summary came from the cache
};

Result<ListResult> list_sessions(const ListOptions& options, const Progress& progress = Progress::none());

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
