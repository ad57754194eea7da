// What adding learnings does to a project's files, computed from the files as they are at one commit:
// the learnings file gains the items it does not hold yet, CLAUDE.md (or .claude/CLAUDE.md) gains the
// import directive when neither carries it, and .gitattributes gains the union-merge line. This is
// the body of the git layer's ChangeBuilder, so it runs again on every remote tip a change is
// replayed onto and deduplicates against that tip. Pure (reads only through `read`), thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/core/result.hpp"

namespace tools::learnings {

// The file at a repo-relative path, nullopt when it does not exist.
using FileSource = std::function<Result<std::optional<std::string>>(std::string_view path)>;

struct ChangeInput {
    std::vector<std::string> items;  // validated (validate_learning), in the caller's order
    std::string date;                // YYYY-MM-DD of the section
    std::string machine;             // validated (validate_machine)
    std::string project_prefix;      // the project dir relative to the work tree: "" or "sub/dir/"
};

struct ChangedFile {
    std::string path;  // work-tree relative
    std::optional<std::string> before;
    std::string after;
};

struct ChangePlan {
    std::vector<std::string> added;       // items that go into the file
    std::vector<std::string> duplicates;  // items the file (or an earlier item of this call) holds
    std::vector<ChangedFile> files;       // empty when nothing is added
};

// Files larger than this are refused rather than parsed (Claude Code itself skips memory files over
// 4 MiB, so a bigger learnings file would not be loaded anyway).
inline constexpr std::size_t kMaxProjectFileBytes = std::size_t{4} << 20;

// io_error/invalid_argument from `read` pass through; invalid_argument for a file over the limit.
Result<ChangePlan> plan_change(const ChangeInput& input, const FileSource& read);

// "context-sync: N learnings from <machine>", a blank line, then one "Session-Id: <id>" trailer per
// synced session.
std::string commit_message(std::size_t learnings, std::string_view machine,
                           const std::vector<std::string>& session_ids);

}  // namespace tools::learnings
