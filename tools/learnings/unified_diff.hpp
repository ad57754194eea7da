// A unified diff of two texts, line by line, in the form `git diff` and `diff -u` print and
// `git apply` / `patch` accept: "--- a/path" / "+++ b/path" headers ("/dev/null" for a side that does
// not exist), "@@ -l,n +l,n @@" hunks with three lines of context, and "\ No newline at end of file"
// after a last line without one. The edit script is a shortest one (Myers' O(ND) algorithm after the
// common prefix and suffix are set aside), so the small insertions this tool makes cost almost
// nothing even in a large file. When several shortest scripts exist, the hunks may be placed
// differently from git's (which also slides them by heuristics), but they always apply to `before`
// and give exactly `after`. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tools::learnings {

// The diff that turns `before` into `after` for the repo-relative `path`; nullopt before means the
// file is created, nullopt after that it is deleted. Empty when the two are equal.
std::string unified_diff(std::string_view path, const std::optional<std::string>& before,
                         const std::optional<std::string>& after);

}  // namespace tools::learnings
