// Text rules of condensed transcripts: what a piece of user text is (a prompt, a slash command, noise),
// how message text is tidied, the time prefix, and the cut marker. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tools::transcripts {

enum class UserTextKind {
    prompt,             // something the user typed
    command,            // a slash command: text is "/name args"
    shell,              // a "!" shell command typed by the user: text is "! cmd"
    task_notification,  // a background task finished: text is its summary, uncut (redact, then cut)
    noise,              // caveats, command output, interrupt markers, reminders only, empty
};

struct UserText {
    UserTextKind kind = UserTextKind::noise;
    std::string text;
};

// Classifies one user text (a string content or one text block), with <system-reminder> blocks removed.
UserText classify_user_text(std::string_view raw);

// Trims whitespace at both ends, drops '\r', and squeezes runs of blank lines into one blank line.
std::string tidy_text(std::string_view text);

// "[2025-06-01 12:03] " when timestamp (ISO-8601) falls in another minute than last_minute (minutes
// since the epoch, -1 for none), which is then updated; "" otherwise or when the timestamp is unusable.
std::string time_prefix(std::string_view timestamp, std::int64_t& last_minute);

// Cuts text (which ends in '\n') to at most limit bytes on a code point boundary, ending with
// "[… N more characters cut]\n". more_chars counts characters that followed text and were dropped
// already (text is then cut even if it fits). Returns false when nothing was cut.
bool cut_to_limit(std::string& text, std::size_t limit, std::size_t more_chars = 0);

// "1,234,567".
std::string group_thousands(std::uint64_t value);

}  // namespace tools::transcripts
