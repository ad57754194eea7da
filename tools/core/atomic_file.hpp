// Durable, atomic replacement of small files (records, caches, learnings) and a per-path lock for
// read-modify-write cycles, shared by every writer in tools/.
//
// write_file_atomically writes a uniquely named temporary file beside the target, fsyncs it, renames
// it over the target and fsyncs the directory: a reader (in any process) sees the old or the new
// contents, never a mix, and once it returns the new contents survive a crash or power loss. New files
// are 0600 and new directories 0700, since state may hold a user's prompts.
//
// Two writers each writing a whole file cannot tear it, but two read-modify-write cycles can lose one
// update. FileLock makes such cycles exclusive: an flock(2) on a lock file, which excludes other
// holders in other processes and, because each acquire opens its own descriptor, in other threads of
// this process too. update_file_locked packages the whole cycle. Lock files live under the state dir
// (lock_file_for), never beside a file in a repo. All functions are thread-safe; errors are Results
// (io_error), nothing throws.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "tools/core/result.hpp"

namespace tools {

// Creates dir and any missing parents with mode 0700 (an existing directory keeps its mode).
Result<void> create_private_directories(const std::filesystem::path& dir);

// Replaces path's contents with contents, atomically and durably (see above); missing parent
// directories are created 0700. The file gets `mode` (0600 unless a caller writes something meant to
// be shared, such as a file in a repo). On failure the target is untouched and no temporary remains.
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view contents,
                                   mode_t mode = 0600);

// An exclusive lock held from acquire() until destruction (or release()). Move-only.
class FileLock {
  public:
    // Waits up to `timeout` for the lock, creating lock_file (0600) and its directories (0700) as needed.
    // io_error when the lock file cannot be opened (or is not a regular file) or the wait times out: a
    // stuck holder never hangs the caller.
    static Result<FileLock> acquire(const std::filesystem::path& lock_file,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

    // The lock file guarding target: <state_dir>/locks/<stable hash of target's absolute path>.lock, so
    // every writer of one target, in any process, agrees on it.
    static std::filesystem::path lock_file_for(const std::filesystem::path& state_dir,
                                               const std::filesystem::path& target);

    FileLock(FileLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock() { release(); }

    void release();

  private:
    explicit FileLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

// One read-modify-write cycle on target, exclusive against every other update_file_locked on the same
// target (the lock is lock_file_for(state_dir, target)). update receives the current contents (nullopt
// when the file does not exist) and returns the new contents; an error from it aborts the cycle and is
// returned unchanged. The current contents are read with read_regular_file (max_bytes), so a target
// that is a FIFO, a device or too large is an error, not a hang.
using FileUpdate = std::function<Result<std::string>(const std::optional<std::string>& current)>;
Result<void> update_file_locked(const std::filesystem::path& state_dir, const std::filesystem::path& target,
                                std::size_t max_bytes, const FileUpdate& update, mode_t mode = 0600);

}  // namespace tools
