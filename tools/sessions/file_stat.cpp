#include "tools/sessions/file_stat.hpp"

#include <sys/stat.h>

namespace tools::sessions {

std::optional<FileStat> stat_file(const std::filesystem::path& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return std::nullopt;
    }
    FileStat result;
    result.size = static_cast<std::uint64_t>(info.st_size);
    result.mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
    result.regular = S_ISREG(info.st_mode);
    return result;
}

}  // namespace tools::sessions
