// Making the index entries of a few paths match the files context-sync just wrote, keeping every other
// entry of the user's index (staged changes included) as it was.
//
// On a big repository, reading and writing the index through libgit2 is most of a commit's cost (it
// parses and re-serialises all 100,000 entries and drops the extensions it does not know). When every
// path already has a plain stage-0 entry of a regular file, the index is instead patched in place: the
// same `index.lock` protocol as git (created exclusively, renamed over the index), the changed entries'
// object id and stat data overwritten, the cache tree (TREE) invalidated along those paths as `git add`
// does, the end-of-index marker (EOIE) recomputed, and every other byte and extension kept. Entries
// that were racily clean against the old index (modified in the same second it was written) are
// checked as git does when it writes an index, and smudged when their file differs. Like git and
// libgit2 by default, the index is not fsynced: it is derived data that `git reset` rebuilds.
//
// Anything else (a new or removed path, an unusual entry, an extension whose data could describe the
// changed entries) goes through libgit2, which reads, updates and writes the whole index.
// Thread safety: calls on one repository must not overlap (sync.cpp serialises them).
#pragma once

#include <sys/stat.h>

#include <optional>
#include <string>
#include <vector>

#include "tools/git/libgit2.hpp"

namespace tools::git {

// One path whose work tree file now holds blob `id` (nullopt: the file was removed).
struct IndexChange {
    std::string path;
    std::optional<git_oid> id;
    struct stat st {};  // lstat of the file just written (when id is set)
};

// Brings the index entries of `changes` in line with the work tree. io_error when the index cannot be
// read or written (another git command holding index.lock included); the index is then unchanged.
Result<void> update_index(git_repository* repo, const std::vector<IndexChange>& changes);

// The in-place patch alone: true when done, false when nothing was written because the index or the
// entries need libgit2 (see above). Exposed for tests.
Result<bool> patch_index_in_place(git_repository* repo, const std::vector<IndexChange>& changes);

}  // namespace tools::git
