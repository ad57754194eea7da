// Reading a project's learnings back: the parsed sections of <project>/.claude/learnings.md in the
// work tree, optionally only recent ones and only items matching some words. Used by the
// read_learnings tool and the learnings resource. Thread-safe.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/core/result.hpp"
#include "tools/learnings/learnings_file.hpp"

namespace tools::learnings {

struct LearningsQuery {
    std::optional<std::string> since_date;  // YYYY-MM-DD: only dated sections of that day or later
    std::string words;                      // only items holding every word (normalized as for dedup)
};

struct LearningsView {
    std::filesystem::path file;
    bool exists = false;
    std::string text;               // the whole file as read
    std::vector<Section> sections;  // filtered, file order (newest first); sections left empty dropped
    std::size_t items = 0;          // items in `sections`
};

// The learnings file of `project_dir`, or exists=false when there is none. The file is read only when
// it is a regular file of at most kMaxProjectFileBytes (a symlink to /dev/zero or a FIFO in a cloned
// repo must not hang or flood the server): invalid_argument otherwise, io_error when unreadable.
Result<LearningsView> read_learnings(const std::filesystem::path& project_dir, const LearningsQuery& query);

// Sections and items of `text` that pass the query.
std::vector<Section> filter_sections(std::vector<Section> sections, const LearningsQuery& query);

}  // namespace tools::learnings
