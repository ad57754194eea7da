// Deciding whether a transcript `user` line is something the person typed, and what to show for it.
//
// Claude Code records much more than prompts as `user` lines: tool results, isMeta caveats, compaction
// summaries, subagent (sidechain) traffic, "[Request interrupted by user]" markers, background-task
// <task-notification>s and the output of local commands. Those are not prompts. Slash commands are
// prompts, shown by name and arguments ("/review 12") instead of their XML wrappers; <system-reminder>
// blocks are removed from any prompt. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tools/transcripts/entry.hpp"

namespace tools::sessions {

struct Prompt {
    std::string text;         // whitespace collapsed, valid UTF-8, not truncated; may be "[image]"
    bool is_command = false;  // a slash command (or `!` shell command) rather than free text
};

// The prompt held by entry, or nullopt when entry is not a user prompt (see above).
std::optional<Prompt> user_prompt(const transcripts::Entry& entry);

// The same cleaning for raw text: wrappers and reminders stripped. nullopt when nothing typed remains.
std::optional<Prompt> clean_prompt_text(std::string_view text);

}  // namespace tools::sessions
