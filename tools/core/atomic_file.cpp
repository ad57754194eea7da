#include "tools/core/atomic_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <thread>

#include "tools/core/hash.hpp"
#include "tools/core/safe_read.hpp"

namespace tools {
namespace {

std::string unique_suffix() {
    static std::atomic<std::uint64_t> counter{0};
    return "." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1)) + ".tmp";
}

tl::unexpected<Error> io_error(const std::string& what, const std::filesystem::path& path, int error) {
    return make_error(ErrorCode::io_error,
                      "cannot " + what + " " + path.string() + ": " + std::strerror(error));
}

int retry_close(int fd) {
    // Linux releases the descriptor even when close fails with EINTR; retrying would close another one.
    return ::close(fd);
}

Result<void> write_all(int fd, std::string_view contents, const std::filesystem::path& path) {
    std::size_t written = 0;
    while (written < contents.size()) {
        const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return io_error("write", path, n < 0 ? errno : EIO);
        }
        written += static_cast<std::size_t>(n);
    }
    return {};
}

// A rename is durable only once the directory entry is on disk.
Result<void> sync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return io_error("open directory", dir, errno);
    }
    const int result = ::fsync(fd);
    const int error = errno;
    retry_close(fd);
    // Some file systems cannot fsync a directory (EINVAL); the rename is as durable as they allow.
    if (result != 0 && error != EINVAL) {
        return io_error("sync directory", dir, error);
    }
    return {};
}

}  // namespace

Result<void> create_private_directories(const std::filesystem::path& dir) {
    if (dir.empty()) {
        return {};
    }
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) {
        return {};
    }
    if (auto parent = create_private_directories(dir.parent_path() == dir ? std::filesystem::path()
                                                                          : dir.parent_path());
        !parent) {
        return parent;
    }
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        return io_error("create directory", dir, errno);
    }
    return {};
}

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view contents,
                                   mode_t mode) {
    const std::filesystem::path dir = path.parent_path();
    if (auto made = create_private_directories(dir); !made) {
        return made;
    }
    const std::filesystem::path temp = path.string() + unique_suffix();
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        return io_error("create", temp, errno);
    }
    auto fail = [&](Error error) {
        ::unlink(temp.c_str());
        return tl::unexpected<Error>(std::move(error));
    };
    // The umask may have narrowed the mode; state the mode exactly (0600 is never widened by a umask
    // of 077, and a shared file should not depend on the caller's umask either).
    if (::fchmod(fd, mode) != 0) {
        const int error = errno;
        retry_close(fd);
        return fail(io_error("set the mode of", temp, error).value());
    }
    if (auto written = write_all(fd, contents, temp); !written) {
        retry_close(fd);
        return fail(written.error());
    }
    if (::fsync(fd) != 0) {
        const int error = errno;
        retry_close(fd);
        return fail(io_error("sync", temp, error).value());
    }
    if (retry_close(fd) != 0) {
        return fail(io_error("close", temp, errno).value());
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        return fail(io_error("replace", path, errno).value());
    }
    return sync_directory(dir);
}

FileLock& FileLock::operator=(FileLock&& other) noexcept {
    if (this != &other) {
        release();
        m_fd = other.m_fd;
        other.m_fd = -1;
    }
    return *this;
}

void FileLock::release() {
    if (m_fd >= 0) {
        ::flock(m_fd, LOCK_UN);
        retry_close(m_fd);
        m_fd = -1;
    }
}

Result<FileLock> FileLock::acquire(const std::filesystem::path& lock_file,
                                   std::chrono::milliseconds timeout) {
    if (auto made = create_private_directories(lock_file.parent_path()); !made) {
        return tl::unexpected(made.error());
    }
    // O_NONBLOCK and O_NOFOLLOW: a lock file replaced by a FIFO or a symlink must not hang or redirect us.
    const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    if (fd < 0) {
        return io_error("open lock file", lock_file, errno);
    }
    FileLock lock(fd);
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        return make_error(ErrorCode::io_error, "lock file " + lock_file.string() + " is not a regular file");
    }
    // Polling rather than a blocking flock, so the wait is bounded without signals.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds(1);
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            return io_error("lock", lock_file, errno);
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return make_error(ErrorCode::io_error, "timed out waiting for the lock " + lock_file.string());
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(20));
    }
    return lock;
}

std::filesystem::path FileLock::lock_file_for(const std::filesystem::path& state_dir,
                                              const std::filesystem::path& target) {
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::weakly_canonical(target, ec);
    if (ec) {
        absolute = std::filesystem::absolute(target, ec);
    }
    return state_dir / "locks" / (stable_hash_hex((ec ? target : absolute).string()) + ".lock");
}

Result<void> update_file_locked(const std::filesystem::path& state_dir, const std::filesystem::path& target,
                                std::size_t max_bytes, const FileUpdate& update, mode_t mode) {
    auto lock = FileLock::acquire(FileLock::lock_file_for(state_dir, target));
    if (!lock) {
        return tl::unexpected(lock.error());
    }
    std::optional<std::string> current;
    if (auto text = read_regular_file(target, max_bytes)) {
        current = std::move(*text);
    } else if (text.error().code != ErrorCode::not_found) {
        return tl::unexpected(text.error());
    }
    auto next = update(current);
    if (!next) {
        return tl::unexpected(next.error());
    }
    return write_file_atomically(target, *next, mode);
}

}  // namespace tools
