// The project's .claude/learnings.md: reading its sections and adding learnings to it.
//
// Format (newest section first):
//     # Learnings
//
//     ## 2026-12-02 (vm)
//     - one learning per list item
//
// A heading "## YYYY-MM-DD (machine)" starts a section this tool manages; any other heading starts a
// section written by hand. Adding never rewrites a line that is already there: a section for the same
// day and machine is extended after its last item, otherwise a new section goes above the first dated
// one (or at the end when there is none). Hand-written sections, unknown text, CRLF line ends and a
// missing final newline all survive. Lines inside fenced code blocks are text, never headings or
// items. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/core/result.hpp"

namespace tools::learnings {

inline constexpr std::string_view kLearningsPath = ".claude/learnings.md";

struct Section {
    std::string heading;                 // the text after "## "
    std::optional<std::string> date;     // YYYY-MM-DD, when the heading follows the format
    std::optional<std::string> machine;  // likewise
    std::vector<std::string> items;      // the text after each list marker
};

// Sections in file order; items above the first "## " heading (or under a "# " title) are in a
// section with an empty heading, returned only when it has items.
std::vector<Section> parse_sections(std::string_view text);

// Every list item anywhere in the file, hand-written ones included.
std::vector<std::string> all_items(std::string_view text);

// The file with `items` added under "## date (machine)". An empty `text` gives a new file with a
// "# Learnings" title.
std::string add_learnings(std::string_view text, std::string_view date, std::string_view machine,
                          const std::vector<std::string>& items);

// A machine name fit for a section heading: trimmed, 1..64 characters, no parentheses, brackets or
// control characters. invalid_argument otherwise.
Result<std::string> validate_machine(std::string_view machine);

}  // namespace tools::learnings
