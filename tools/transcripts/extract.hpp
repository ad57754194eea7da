// Condensed, paged text of one Claude Code session, for a model that distils learnings from it.
//
// What the text holds: every user prompt and assistant text in order, with a "[YYYY-MM-DD HH:MM] "
// prefix whenever the minute changes; each tool call as one line ("  → Bash: make test"); failed tool
// results as one line ("  ✗ Bash failed: ..."); a marker and the summary where the conversation was
// compacted; slash commands by name ("user: /model opus"); background task notifications as one line.
// Dropped (and counted in ExtractStats::skipped): tool-result bodies, thinking (unless asked), images,
// isMeta lines, <system-reminder> blocks, local command output, interrupt markers, API errors,
// progress, snapshots, queue operations, attachments, titles and every unknown line type. Streamed
// assistant lines sharing one message.id form one message; a uuid seen before is dropped as a
// duplicate; sidechain lines in the main file are left out unless include_subagents.
//
// Order with include_subagents: the main file first (its inline sidechain lines in place, labelled
// "(subagent)"), then each subagent file sorted by path under a "=== subagent ... ===" header that is
// printed only when the file contributes text.
//
// Paging: the stream is cut into units (one message, marker or notice each, ending in '\n'). A page
// holds whole units up to page_budget_bytes(max_tokens); a unit longer than that is cut with a
// "[… N more characters cut]" marker, identically in extract_all, so the pages of a session
// concatenated equal extract_all's output for the same options, byte for byte. next_cursor is opaque:
// it records the file, byte offset and line where the next unit starts, the last printed minute, and
// guards (hashes of the session's file names and of the options) so that a cursor from another session
// or other options is an ErrorCode::invalid_argument; it is authenticated (see cursor.hpp), so a
// cursor from an earlier server process is refused too. Uuid de-duplication survives resuming: the
// page that made a cursor leaves its uuid set, and the units it condensed ahead (the one it had no room
// for, and more while a client keeps paging), in a bounded in-process cache under the cursor's tag
// (resume_cache.hpp), so paging through a session reads and condenses each line about once; when they
// are not there, or were redacted under another allowlist, the uuids of the lines before the cursor are
// re-read and the units condensed again, which gives the same page (text and stats) slower.
//
// Bad input (corrupt JSON, invalid UTF-8, lines over 8 MiB, a truncated last line) is skipped and
// counted in bad_lines, with line numbers logged (never content). Memory is bounded by the longest
// line accepted, whatever the file size. Functions are thread-safe for distinct calls.
//
// Secrets: every unit, and every piece shortened inside one (tool-call and failure lines, task
// notifications, subagent descriptions, the keys of stats.skipped), passes through the Redactor before
// it is cut (secrets/redactor.hpp); stats.redactions counts the findings replaced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/core/progress.hpp"
#include "tools/core/result.hpp"
#include "tools/secrets/redactor.hpp"

namespace tools::transcripts {

enum class ToolCallDetail { summary, none };

struct ExtractOptions {
    static constexpr std::size_t min_tokens = 1000;
    static constexpr std::size_t max_tokens_limit = 20000;

    std::size_t max_tokens = 8000;  // clamped to [min_tokens, max_tokens_limit]
    bool include_thinking = false;
    ToolCallDetail tool_calls = ToolCallDetail::summary;
    bool include_subagents = false;
};

struct ExtractStats {
    std::uint64_t files = 0;  // transcript files read
    std::uint64_t lines = 0;
    std::uint64_t bytes = 0;
    std::uint64_t messages = 0;  // user_prompts + assistant_messages
    std::uint64_t user_prompts = 0;
    std::uint64_t assistant_messages = 0;  // streamed lines of one message.id count once
    std::uint64_t tool_calls = 0;
    std::uint64_t failed_tool_results = 0;
    std::uint64_t compactions = 0;
    std::uint64_t unknown_types = 0;  // lines whose type context-sync does not know (also in skipped)
    std::uint64_t bad_lines = 0;      // corrupt, invalid UTF-8, oversized or truncated
    std::uint64_t duplicate_uuids = 0;
    std::uint64_t redactions = 0;
    std::uint64_t truncated_messages = 0;  // units cut to fit a page
    // Why, e.g. "progress", "meta", "image"; at most max_skipped_reasons distinct reasons, later new ones
    // count as "other".
    static constexpr std::size_t max_skipped_reasons = 64;
    std::map<std::string, std::uint64_t, std::less<>> skipped;

    friend bool operator==(const ExtractStats&, const ExtractStats&) = default;
};

// The files of one session: the main transcript and its subagent transcripts (any order).
struct TranscriptFiles {
    std::filesystem::path main;
    std::vector<std::filesystem::path> subagents;
};

struct ExtractPage {
    std::string text;
    std::optional<std::string> next_cursor;  // empty at the end of the session
    ExtractStats stats;                      // of the lines this page covered
};

// Longest page text for a token budget (max_tokens clamped as in ExtractOptions): about 3 bytes a
// token, which leaves room for JSON escaping and the result's other fields under max_tokens.
std::size_t page_budget_bytes(std::size_t max_tokens);

// One page starting at cursor (empty: the start). Errors: invalid_argument for a bad or foreign
// cursor, not_found / io_error when the main file cannot be read, cancelled.
Result<ExtractPage> extract_page(const TranscriptFiles& files, const ExtractOptions& options,
                                 const secrets::Redactor& redactor, std::string_view cursor,
                                 const Progress& progress = Progress::none());

// The whole session, streamed unit by unit to sink, in bounded memory.
Result<ExtractStats> extract_all(const TranscriptFiles& files, const ExtractOptions& options,
                                 const secrets::Redactor& redactor,
                                 const std::function<void(std::string_view)>& sink,
                                 const Progress& progress = Progress::none());

}  // namespace tools::transcripts
