// Small text helpers over Claude Code's markup: trimming, and the <tag>…</tag> wrappers it puts around
// commands, reminders and notifications. Tags are matched literally (no attributes, no nesting). Pure
// functions, thread-safe; string_views returned point into the argument.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tools {

// Without leading and trailing spaces, tabs, '\r' and '\n'.
std::string_view trim(std::string_view text);

// The text between the first <tag> and the next </tag> (to the end when unclosed); nullopt without <tag>.
std::optional<std::string_view> tag_content(std::string_view text, std::string_view tag);

// text without any <tag>…</tag> block (an unclosed block runs to the end).
std::string remove_tag_blocks(std::string_view text, std::string_view tag);

}  // namespace tools
