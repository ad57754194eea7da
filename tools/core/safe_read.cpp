#include "tools/core/safe_read.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace tools {
namespace {

// Closes the descriptor on every path out of a read.
class Fd {
  public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

  private:
    int m_fd;
};

tl::unexpected<Error> os_error(const std::filesystem::path& path, int error) {
    if (error == ENOENT || error == ENOTDIR || error == ELOOP) {
        return make_error(ErrorCode::not_found, path.string() + ": " + std::strerror(error));
    }
    return make_error(ErrorCode::io_error, "cannot read " + path.string() + ": " + std::strerror(error));
}

const char* kind_of(mode_t mode) {
    if (S_ISDIR(mode)) {
        return "a directory";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    if (S_ISCHR(mode) || S_ISBLK(mode)) {
        return "a device";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return "not a regular file";
}

Result<void> check_regular(const std::filesystem::path& path, const struct stat& info,
                           std::size_t max_bytes) {
    if (!S_ISREG(info.st_mode)) {
        return make_error(ErrorCode::invalid_argument,
                          path.string() + " is " + kind_of(info.st_mode) + ", not a regular file");
    }
    if (static_cast<std::uint64_t>(info.st_size) > max_bytes) {
        return make_error(ErrorCode::invalid_argument, path.string() + " is " + std::to_string(info.st_size) +
                                                           " bytes, over the limit of " +
                                                           std::to_string(max_bytes));
    }
    return {};
}

// Where the opened descriptor really points, as the kernel resolved it.
std::filesystem::path resolved_path(int fd, const std::filesystem::path& path) {
    std::error_code ec;
    std::filesystem::path real = std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd), ec);
    if (ec) {
        real = std::filesystem::canonical(path, ec);  // no /proc: second best, racy but bounded
    }
    return ec ? std::filesystem::path() : real;
}

bool is_inside(const std::filesystem::path& real_path, const std::filesystem::path& real_root) {
    auto path_it = real_path.begin();
    for (auto root_it = real_root.begin(); root_it != real_root.end(); ++root_it, ++path_it) {
        if (path_it == real_path.end() || *path_it != *root_it) {
            return false;
        }
    }
    return path_it != real_path.end();
}

Result<std::string> read_checked(const std::filesystem::path& path, const std::filesystem::path* root,
                                 std::size_t max_bytes) {
    // stat before open: opening some devices has effects of its own (a tape rewinds, a tty is taken).
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return os_error(path, errno);
    }
    if (auto ok = check_regular(path, info, max_bytes); !ok) {
        return tl::unexpected(ok.error());
    }
    const Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (fd.get() < 0) {
        return os_error(path, errno);
    }
    // The path may have been swapped since stat; only what was opened counts.
    if (::fstat(fd.get(), &info) != 0) {
        return os_error(path, errno);
    }
    if (auto ok = check_regular(path, info, max_bytes); !ok) {
        return tl::unexpected(ok.error());
    }
    if (root != nullptr) {
        std::error_code ec;
        const std::filesystem::path real_root = std::filesystem::canonical(*root, ec);
        const std::filesystem::path real_path = resolved_path(fd.get(), path);
        if (ec || real_path.empty() || !is_inside(real_path, real_root)) {
            return make_error(ErrorCode::outside_root,
                              path.string() + " resolves outside " + root->string() + "; not read");
        }
    }
    // Read to end of file but never past max_bytes + 1, in case the file grows while we read.
    std::string contents(static_cast<std::size_t>(info.st_size), '\0');
    std::size_t used = 0;
    for (;;) {
        if (used == contents.size()) {
            if (used > max_bytes) {
                return make_error(ErrorCode::invalid_argument, path.string() + " grew over the limit of " +
                                                                   std::to_string(max_bytes) + " bytes");
            }
            contents.resize(std::min(max_bytes + 1, used + 4096));
        }
        const ssize_t n = ::read(fd.get(), contents.data() + used, contents.size() - used);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return os_error(path, errno);
        }
        if (n == 0) {
            break;
        }
        used += static_cast<std::size_t>(n);
    }
    contents.resize(used);
    return contents;
}

}  // namespace

Result<std::string> read_regular_file(const std::filesystem::path& path, std::size_t max_bytes) {
    return read_checked(path, nullptr, max_bytes);
}

Result<std::string> read_regular_file_within(const std::filesystem::path& path,
                                             const std::filesystem::path& root, std::size_t max_bytes) {
    return read_checked(path, &root, max_bytes);
}

}  // namespace tools
