#include "tools/learnings/project_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include "tools/sessions/sync_state.hpp"

namespace tools::learnings {

Result<ProjectLock> ProjectLock::acquire(const std::filesystem::path& state_dir,
                                         const std::filesystem::path& project_path,
                                         std::chrono::milliseconds timeout) {
    if (state_dir.empty()) {
        return make_error(ErrorCode::invalid_argument, "no state directory to hold the project lock");
    }
    const std::filesystem::path dir = state_dir / "locks";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        return make_error(ErrorCode::io_error, "cannot create " + dir.string() + ": " + ec.message());
    }
    const std::filesystem::path file =
        dir / sessions::sync_state_file(state_dir, project_path).filename().replace_extension(".lock");
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return make_error(ErrorCode::io_error, "cannot open " + file.string() + ": " + std::strerror(errno));
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto pause = std::chrono::milliseconds(5);
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            const std::string reason = std::strerror(errno);
            ::close(fd);
            return make_error(ErrorCode::io_error, "cannot lock " + file.string() + ": " + reason);
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            ::close(fd);
            return make_error(ErrorCode::refused,
                              "another context-sync process is committing learnings for this project; try "
                              "again when it has finished");
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(200));
    }
    return ProjectLock(fd);
}

ProjectLock::ProjectLock(ProjectLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

ProjectLock& ProjectLock::operator=(ProjectLock&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

ProjectLock::~ProjectLock() {
    if (m_fd >= 0) {
        ::close(m_fd);  // releases the flock
    }
}

}  // namespace tools::learnings
