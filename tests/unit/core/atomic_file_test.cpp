#include "tools/core/atomic_file.hpp"

#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "../support/temp_dir.hpp"
#include "tools/core/safe_read.hpp"

namespace fs = std::filesystem;

namespace {

mode_t mode_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 07777;
}

std::string read_text(const fs::path& path) {
    auto text = tools::read_regular_file(path, tools::kMaxSmallFileBytes);
    REQUIRE(text);
    return *text;
}

// Adds one to the number in target, under the lock; returns whether the cycle succeeded.
bool increment(const fs::path& state_dir, const fs::path& target) {
    return tools::update_file_locked(
               state_dir, target, 64,
               [](const std::optional<std::string>& current) -> tools::Result<std::string> {
                   const long value = current ? std::stol(*current) : 0;
                   std::this_thread::yield();  // widen the window a lost update needs
                   return std::to_string(value + 1);
               })
        .has_value();
}

// Restores the umask a test changed.
struct UmaskGuard {
    mode_t old;
    explicit UmaskGuard(mode_t mask) : old(::umask(mask)) {}
    ~UmaskGuard() { ::umask(old); }
};

}  // namespace

TEST_CASE("write_file_atomically replaces contents, creates 0700 directories and 0600 files",
          "[tools][core]") {
    test_support::TempDir temp;
    const UmaskGuard permissive(0);  // the modes must not depend on the caller's umask
    const fs::path file = temp.path() / "state" / "cache" / "c.json";
    REQUIRE(tools::write_file_atomically(file, "one"));
    REQUIRE(tools::write_file_atomically(file, "two"));
    CHECK(read_text(file) == "two");
    CHECK(mode_of(file) == 0600);
    CHECK(mode_of(temp.path() / "state") == 0700);
    CHECK(mode_of(temp.path() / "state" / "cache") == 0700);
    int entries = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(file.parent_path())) {
        ++entries;
    }
    CHECK(entries == 1);  // no temporary left behind

    const fs::path shared = temp.path() / "repo" / "learnings.md";
    REQUIRE(tools::write_file_atomically(shared, "x", 0644));
    CHECK(mode_of(shared) == 0644);
}

TEST_CASE("write_file_atomically fails cleanly where it cannot write", "[tools][core]") {
    test_support::TempDir temp;
    const fs::path blocker = temp.path() / "file";
    REQUIRE(tools::write_file_atomically(blocker, "x"));
    auto result = tools::write_file_atomically(blocker / "below" / "f.json", "y");
    REQUIRE_FALSE(result);
    CHECK(result.error().code == tools::ErrorCode::io_error);
    CHECK(read_text(blocker) == "x");
}

TEST_CASE("update_file_locked never loses an update between threads", "[tools][core]") {
    test_support::TempDir temp;
    const fs::path target = temp.path() / "counter";
    constexpr int kThreads = 4;
    constexpr int kRounds = 50;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < kRounds; ++i) {
                failures += increment(temp.path(), target) ? 0 : 1;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(failures == 0);
    CHECK(read_text(target) == std::to_string(kThreads * kRounds));
}

TEST_CASE("update_file_locked never loses an update between processes", "[tools][core]") {
    test_support::TempDir temp;
    const fs::path target = temp.path() / "counter";
    constexpr int kRounds = 100;
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        int failures = 0;
        for (int i = 0; i < kRounds; ++i) {
            failures += increment(temp.path(), target) ? 0 : 1;
        }
        ::_exit(failures == 0 ? 0 : 1);
    }
    int failures = 0;
    for (int i = 0; i < kRounds; ++i) {
        failures += increment(temp.path(), target) ? 0 : 1;
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(failures == 0);
    CHECK(read_text(target) == std::to_string(2 * kRounds));
}

TEST_CASE("a held lock makes another acquire time out instead of hanging", "[tools][core]") {
    test_support::TempDir temp;
    const fs::path lock_file = tools::FileLock::lock_file_for(temp.path(), temp.path() / "target");
    CHECK(lock_file.parent_path() == temp.path() / "locks");
    auto held = tools::FileLock::acquire(lock_file);
    REQUIRE(held);
    CHECK(mode_of(lock_file) == 0600);
    auto second = tools::FileLock::acquire(lock_file, std::chrono::milliseconds(50));
    REQUIRE_FALSE(second);
    CHECK(second.error().message.find("timed out") != std::string::npos);
    held->release();
    CHECK(tools::FileLock::acquire(lock_file, std::chrono::milliseconds(50)));
}

TEST_CASE("a lock file that is a FIFO or a symlink is refused at once", "[tools][core]") {
    test_support::TempDir temp;
    const fs::path fifo = temp.path() / "fifo.lock";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_FALSE(tools::FileLock::acquire(fifo, std::chrono::milliseconds(50)));
    const fs::path link = temp.path() / "link.lock";
    fs::create_symlink(temp.path() / "elsewhere", link);
    CHECK_FALSE(tools::FileLock::acquire(link, std::chrono::milliseconds(50)));
    CHECK_FALSE(fs::exists(temp.path() / "elsewhere"));
}

TEST_CASE("an update that fails leaves the file as it was", "[tools][core]") {
    test_support::TempDir temp;
    const fs::path target = temp.path() / "record";
    REQUIRE(tools::write_file_atomically(target, "old"));
    auto result = tools::update_file_locked(temp.path(), target, 64, [](const std::optional<std::string>&) {
        return tools::Result<std::string>(tools::make_error(tools::ErrorCode::invalid_argument, "refused"));
    });
    REQUIRE_FALSE(result);
    CHECK(result.error().message == "refused");
    CHECK(read_text(target) == "old");
}
