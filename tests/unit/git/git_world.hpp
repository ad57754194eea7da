// A small world of real git repositories for the [git] tests: a bare remote served by `git daemon` on
// 127.0.0.1 (so pushes go through receive-pack, hooks run and non-fast-forward updates are refused),
// and clones acting as the user's machines. Every shell command runs with the user's global and system
// git config switched off, and libgit2 is pointed at an empty config search path, so the tests depend
// on nothing outside their temp directory.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "../support/temp_dir.hpp"
#include "tools/git/sync.hpp"

namespace git_test {

struct Shell {
    int exit_code = -1;
    std::string out;  // stdout and stderr
};

// Runs `command` through /bin/sh with the isolated git environment.
Shell sh(const std::string& command);
// Like sh, but fails the test when the command fails; returns stdout+stderr trimmed of the final newline.
std::string must(const std::string& command);
std::string quote(const std::string& text);
inline std::string q(const std::filesystem::path& path) {
    return quote(path.string());
}

int free_port();
// Waits up to 10 s until something accepts connections on 127.0.0.1:port.
bool wait_for_port(int port);

class GitDaemon {
  public:
    GitDaemon(const std::filesystem::path& base, int port);
    ~GitDaemon();
    GitDaemon(const GitDaemon&) = delete;
    GitDaemon& operator=(const GitDaemon&) = delete;
    void stop();
    void start();

  private:
    std::filesystem::path m_base;
    int m_port;
    pid_t m_pid = -1;
};

class GitWorld {
  public:
    // A bare remote with one commit (README.md, notes.txt) on main, served by git daemon.
    GitWorld();
    ~GitWorld();

    const std::filesystem::path& root() const { return m_temp.path(); }
    std::filesystem::path remote() const { return root() / "remote.git"; }
    std::string url() const;
    GitDaemon& daemon() { return *m_daemon; }

    // A clone of the remote at root()/name with its own identity and state directory.
    std::filesystem::path clone(const std::string& name);
    std::filesystem::path state(const std::string& name) const { return root() / ("state-" + name); }

    // The remote's version of a file on main ("" when absent).
    std::string remote_file(const std::string& path) const;

  private:
    test_support::TempDir m_temp{"cs-git"};
    int m_port = 0;
    std::unique_ptr<GitDaemon> m_daemon;
};

// A ChangeBuilder that appends `lines` (each once) to `path`, keeping what the base has.
tools::git::ChangeBuilder append_lines(std::string path, std::vector<std::string> lines);
tools::git::MessageBuilder fixed_message(std::string message);
inline const std::string kLearnings = ".claude/learnings.md";
// A request that appends `lines` to kLearnings of `dir`, state in `state`, with a fixed message
// naming one session.
tools::git::SyncRequest append_request(const std::filesystem::path& dir, const std::filesystem::path& state,
                                       std::vector<std::string> lines, bool push = true);

std::string read_file(const std::filesystem::path& file);
void write_file(const std::filesystem::path& file, const std::string& text);
// How many lines of `text` equal `line`.
int count_lines(const std::string& text, const std::string& line);

}  // namespace git_test
