// One writer of a project's learnings at a time on this machine: two servers (or a server and the
// CLI) committing learnings for the same project take turns instead of interleaving their reads and
// writes of the learnings file and the sync state.
//
// The lock is flock(2) on <state_dir>/locks/<project key>.lock (the key of sync_state_file), so it is
// per project, shared by every process of this user, released by the kernel when a holder dies, and
// also excludes two threads of one process (each acquire opens its own file description).
#pragma once

#include <chrono>
#include <filesystem>

#include "tools/core/result.hpp"

namespace tools::learnings {

class ProjectLock {
  public:
    // Waits up to `timeout` for the lock. io_error when the lock file cannot be created; refused when
    // another process still holds it after the timeout.
    static Result<ProjectLock> acquire(const std::filesystem::path& state_dir,
                                       const std::filesystem::path& project_path,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(60));

    ProjectLock(ProjectLock&& other) noexcept;
    ProjectLock& operator=(ProjectLock&& other) noexcept;
    ProjectLock(const ProjectLock&) = delete;
    ProjectLock& operator=(const ProjectLock&) = delete;
    ~ProjectLock();

  private:
    explicit ProjectLock(int fd) : m_fd(fd) {}
    int m_fd = -1;
};

}  // namespace tools::learnings
