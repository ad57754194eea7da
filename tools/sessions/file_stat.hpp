// The identity of a transcript file's contents as far as caching is concerned: size and mtime with
// nanosecond precision (POSIX stat, following symlinks). Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "tools/core/time.hpp"

namespace tools::sessions {

struct FileStat {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    bool regular = false;

    TimeMs mtime_ms() const { return mtime_ns / 1000000; }
    bool same_contents_as(const FileStat& other) const {
        return size == other.size && mtime_ns == other.mtime_ns;
    }
};

// nullopt when the file does not exist or cannot be stat'ed.
std::optional<FileStat> stat_file(const std::filesystem::path& path);

}  // namespace tools::sessions
