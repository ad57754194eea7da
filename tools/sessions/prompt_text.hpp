// Deciding whether a transcript `user` line is something the person typed, and what to show for it.
//
// Claude Code records much more than prompts as `user` lines: tool results, isMeta caveats, compaction
// summaries, subagent (sidechain) traffic, "[Request interrupted by user]" markers, background-task
// <task-notification>s and the output of local commands. Those are not prompts. Which text is what is
// decided by the one classifier extraction uses too (transcripts::classify_user_text), so a listing
// and a transcript never disagree: a prompt that merely quotes <command-name> is a prompt in both.
// Slash commands are shown by name and arguments ("/review 12"), shell commands as "! ls";
// <system-reminder> blocks are removed. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "tools/transcripts/entry.hpp"

namespace tools::sessions {

// How much of a long user text is looked at, in bytes: more than a listing shows plus the redaction
// margin (tools/core/limits.hpp) even at 4 bytes a character, and little enough that a prompt of
// megabytes costs no more than one of kilobytes.
inline constexpr std::size_t kPromptWindowBytes = 64u << 10;

struct Prompt {
    std::string text;         // whitespace collapsed, valid UTF-8; may be "[image]"; the start of a long
                              // prompt (at most kPromptWindowBytes of it were read)
    bool is_command = false;  // a slash command (or `!` shell command) rather than free text
};

// The prompt held by entry, or nullopt when entry is not a user prompt (see above).
std::optional<Prompt> user_prompt(const transcripts::Entry& entry);

// The same for raw text (a string content or the joined text blocks). nullopt when nothing typed
// remains.
std::optional<Prompt> clean_prompt_text(std::string_view text);

}  // namespace tools::sessions
