// Summarising the contents of one transcript file in a single streaming pass.
//
// What a listing needs from inside a file: its first timestamp, the first prompt, a title, the branch,
// cwd and version, how many messages it holds and how many inline subagent conversations. Counting
// messages needs every line, so this reads the whole file (bounded memory: one line at a time plus an
// 8-byte hash per distinct message). Results are cached by SummaryCache; scanning is what the cache
// avoids. Bad lines (corrupt JSON, invalid UTF-8, oversized, truncated last line) are counted and
// skipped.
//
// Counting rules, chosen to match what a person would call "messages":
//  - user lines count when user_prompt() accepts them (typed prompts and slash commands only);
//  - assistant lines count once per message.id (streamed blocks share it; lines without one count by
//    uuid); API error stand-ins do not count;
//  - a uuid seen before (resumed sessions repeat lines) is skipped entirely;
//  - sidechain lines never count; a 1.0.x inline subagent conversation is counted as one subagent per
//    sidechain line without a parent (the root of each Task conversation), or one in all if the file
//    has sidechain lines but no root survived (trimmed files).
// Fields: cwd and started_at come from the first line that has them; version and git_branch from the
// last (a session that switched branches reports where it ended); title is the last custom-title,
// else the last ai-title, else the last summary line. SessionScanner is not thread-safe.
//
// Secrets: every string of a FileSummary is redacted (secrets/redactor.hpp) before it is cut, so the
// summary can be shown and cached as it is. scan_head() gives raw values, for matching only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "tools/core/progress.hpp"
#include "tools/core/result.hpp"
#include "tools/core/time.hpp"
#include "tools/secrets/redactor.hpp"
#include "tools/transcripts/entry.hpp"

namespace tools::sessions {

struct FileSummary {
    std::optional<TimeMs> started_at;
    std::uint64_t messages = 0;
    std::string first_prompt;  // <= 200 characters, whitespace collapsed
    std::string title;         // <= 200 characters
    std::string git_branch;    // <= 200 characters
    std::string cwd;           // whole (listing matches it against the project path)
    std::string version;       // <= 200 characters
    std::string session_id;    // the sessionId its lines carry (for agent-*.jsonl: the parent's id)
    std::uint64_t sidechains = 0;
    std::uint64_t bad_lines = 0;
    std::uint64_t redactions = 0;  // secrets replaced in the strings above
    bool ran_sync =
        false;  // the session called an MCP commit_learnings tool (mcp__<server>__commit_learnings)
};

class SessionScanner {
  public:
    SessionScanner();
    ~SessionScanner();
    SessionScanner(const SessionScanner&) = delete;
    SessionScanner& operator=(const SessionScanner&) = delete;

    // The whole-file summary, redacted by redactor. io_error when the file cannot be read; cancelled
    // when progress asks.
    Result<FileSummary> scan(const std::filesystem::path& path, const secrets::Redactor& redactor,
                             const Progress& progress = Progress::none());

    // The session id and cwd the first lines carry (at most 64 lines are read), for subagent files
    // (whose sessionId is their parent's) and for confirming a file's project without a full scan.
    // Fields are empty when none of those lines has them.
    struct Head {
        std::string session_id;
        std::string cwd;
    };
    Result<Head> scan_head(const std::filesystem::path& path);

  private:
    std::unique_ptr<transcripts::EntryParser> m_parser;
};

}  // namespace tools::sessions
