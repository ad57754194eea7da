// Running real tools (git, diff, the context-sync binary) from learnings tests, and a repo fixture: a
// bare remote in a temp dir and clones of it with an identity, as the user's machines would have.
#pragma once

#include <stdio.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "../support/shell.hpp"
#include "../support/temp_dir.hpp"

namespace learn_test {

struct Run {
    int status = -1;
    std::string out;  // stdout (stderr goes to the test's stderr unless the command redirects it)
};

// `command` through /bin/sh; single-quote what you pass with quote().
inline Run sh(const std::string& command) {
    test_support::ShellRun run = test_support::run_shell(command);
    return Run{run.exit_code, std::move(run.out)};
}

inline std::string quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

inline std::string quote(const std::filesystem::path& path) {
    return quote(path.string());
}

inline void write_file(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// git -C dir <args>, failing the test's setup when git fails.
inline std::string git(const std::filesystem::path& dir, const std::string& args) {
    const Run run = sh("git -C " + quote(dir) + " " + args + " 2>&1");
    if (run.status != 0) {
        throw std::runtime_error("git " + args + " failed in " + dir.string() + ": " + run.out);
    }
    return run.out;
}

// A bare remote with one commit on main, and clones of it.
class Remote {
  public:
    Remote() : m_bare(m_temp.path() / "remote.git") {
        sh("git init -q --bare -b main " + quote(m_bare));
        const std::filesystem::path seed = clone("seed");
        write_file(seed / "README.md", "# app\n");
        git(seed, "add README.md");
        git(seed, "commit -q -m 'initial commit'");
        git(seed, "push -q origin main");
    }

    // A clone with an identity and main tracking origin/main.
    std::filesystem::path clone(const std::string& name) {
        const std::filesystem::path dir = m_temp.path() / name;
        const Run run = sh("git clone -q " + quote(m_bare) + " " + quote(dir) + " 2>&1");
        if (run.status != 0) {
            throw std::runtime_error("git clone failed: " + run.out);
        }
        git(dir, "config user.name 'Test User'");
        git(dir, "config user.email test@example.com");
        git(dir, "config commit.gpgsign false");
        return dir;
    }

    const std::filesystem::path& bare() const { return m_bare; }
    const std::filesystem::path& root() const { return m_temp.path(); }

  private:
    test_support::TempDir m_temp{"cs-learn"};
    std::filesystem::path m_bare;
};

}  // namespace learn_test
