// Reading git's index file (.git/index, versions 2 to 4) in one pass over its bytes, for the commit
// path on a big repository. libgit2 allocates, validates and maps every entry of the index (about
// 100 ms for 100,000 entries) to answer what the commit path asks of a handful of paths; this reader
// answers it from the raw bytes. An index it does not handle (missing, malformed, a bad checksum, an
// unknown version or a mandatory extension such as a split or sparse index) is reported as nullopt and
// the callers fall back to libgit2, which handles or refuses it exactly as before.
//
// Only SHA-1 repositories exist for libgit2 1.5, so object ids and the trailing checksum are 20 bytes.
// All functions are thread-safe; nothing here writes.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/git/libgit2.hpp"

namespace tools::git {

namespace index_format {

constexpr std::size_t kHashBytes = 20;
// Byte offsets inside an entry.
constexpr std::size_t kCtime = 0;
constexpr std::size_t kMtime = 8;
constexpr std::size_t kMode = 24;
constexpr std::size_t kSize = 36;
constexpr std::size_t kId = 40;
constexpr std::size_t kFlags = 60;
// Bits of the entry's flags.
constexpr std::uint16_t kAssumeValid = 0x8000;
constexpr std::uint16_t kExtended = 0x4000;
constexpr std::uint16_t kStageMask = 0x3000;
constexpr std::uint16_t kNameMask = 0x0fff;

std::uint32_t be32(std::string_view bytes, std::size_t at);
void put_be32(std::string& bytes, std::size_t at, std::uint32_t value);

}  // namespace index_format

// One entry, as seen while parsing; `path` is valid during the visit only.
struct IndexEntryView {
    std::size_t offset = 0;  // of the entry's first byte in the file
    std::string_view path;
    std::uint16_t flags = 0;
    std::uint16_t extended_flags = 0;
};

struct IndexExtension {
    std::string_view signature;  // 4 bytes, e.g. "TREE"
    std::size_t offset = 0;      // of the 8-byte header
    std::size_t size = 0;        // of the payload after the header
};

struct IndexLayout {
    unsigned version = 0;
    std::size_t entries_end = 0;  // offset just past the last entry
    std::vector<IndexExtension> extensions;
    bool hashed = true;  // false: written with index.skipHash (a zero checksum)
};

// Parses `bytes`, calling `visit` for each entry in file order. nullopt (see above) when the index is not
// one this reader handles; the visits already made must then be disregarded.
std::optional<IndexLayout> parse_index(std::string_view bytes,
                                       const std::function<void(const IndexEntryView&)>& visit);

// The index file of a repository and its modification time, which tells racily clean entries apart.
struct IndexBytes {
    std::string bytes;
    struct timespec mtime {};
};
// nullopt when the repository has no index file; io_error when it cannot be read.
Result<std::optional<IndexBytes>> read_index_file(const std::filesystem::path& file);

std::filesystem::path index_path(git_repository* repo);

// What the refusals of a commit need from the index: whether it has unmerged entries, and the staged
// (stage 0) blob of each asked path, absent when the index has none.
struct StagedPaths {
    bool has_conflicts = false;
    std::map<std::string, git_oid, std::less<>> staged;
};

// From the raw index when this reader handles it, else from libgit2's index (io_error when that fails).
Result<StagedPaths> read_staged(git_repository* repo, const std::vector<std::string>& paths);

// The staged blob of `path` (one of the paths asked), nullopt when the index has no entry for it.
std::optional<git_oid> staged_blob(const StagedPaths& index, std::string_view path);

}  // namespace tools::git
