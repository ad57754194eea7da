#include "git_world.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <git2.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "../support/shell.hpp"
#include "tools/git/libgit2.hpp"

namespace git_test {

Shell sh(const std::string& command) {
    const std::string full =
        "export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_TERMINAL_PROMPT=0; (" + command +
        ") 2>&1";
    test_support::ShellRun run = test_support::run_shell(full);
    return Shell{run.exit_code, std::move(run.out)};
}

std::string must(const std::string& command) {
    Shell run = sh(command);
    INFO(command << "\n" << run.out);
    REQUIRE(run.exit_code == 0);
    while (!run.out.empty() && run.out.back() == '\n') {
        run.out.pop_back();
    }
    return run.out;
}

std::string quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        return -1;
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool wait_for_port(int port) {
    for (int i = 0; i < 200; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = htons(static_cast<uint16_t>(port));
        const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        ::close(fd);
        if (ok) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

GitDaemon::GitDaemon(const std::filesystem::path& base, int port) : m_base(base), m_port(port) {
    start();
}

GitDaemon::~GitDaemon() {
    stop();
}

void GitDaemon::start() {
    const std::string port = "--port=" + std::to_string(m_port);
    const std::string base = "--base-path=" + m_base.string();
    const std::string log = (m_base / "daemon.log").string();
    m_pid = ::fork();
    if (m_pid == 0) {
        const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        ::dup2(fd, 2);
        ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
        ::setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
        ::execlp("git", "git", "daemon", "--reuseaddr", "--listen=127.0.0.1", port.c_str(), base.c_str(),
                 "--export-all", "--enable=receive-pack", m_base.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    REQUIRE(wait_for_port(m_port));
}

void GitDaemon::stop() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGTERM);
        ::waitpid(m_pid, nullptr, 0);
        m_pid = -1;
    }
}

GitWorld::GitWorld() {
    tools::git::ensure_libgit2();
    // libgit2 must not read this machine's ~/.gitconfig or /etc/gitconfig either.
    const std::string empty = (root() / "no-config").string();
    std::filesystem::create_directories(empty);
    for (auto level : {GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
                       GIT_CONFIG_LEVEL_PROGRAMDATA}) {
        git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, empty.c_str());
    }
    const std::string r = quote(root().string());
    must("git init -q --bare -b main " + r + "/remote.git && git -C " + r +
         "/remote.git config receive.denyNonFastForwards true");
    must("git init -q -b main " + r + "/seed && cd " + r +
         "/seed && echo '# project' > README.md && printf 'one\\ntwo\\n' > notes.txt && git add . && "
         "git -c user.name=Seed -c user.email=seed@example.com commit -qm seed && git push -q ../remote.git "
         "main");
    m_port = free_port();
    REQUIRE(m_port > 0);
    m_daemon = std::make_unique<GitDaemon>(root(), m_port);
}

GitWorld::~GitWorld() {
    m_daemon.reset();
}

std::string GitWorld::url() const {
    return "git://127.0.0.1:" + std::to_string(m_port) + "/remote.git";
}

std::filesystem::path GitWorld::clone(const std::string& name) {
    const std::filesystem::path dir = root() / name;
    must("git clone -q " + quote(url()) + " " + quote(dir.string()) + " && git -C " + quote(dir.string()) +
         " config user.name " + quote(name) + " && git -C " + quote(dir.string()) + " config user.email " +
         quote(name + "@example.com"));
    return dir;
}

std::string GitWorld::remote_file(const std::string& path) const {
    const Shell run = sh("git -C " + quote(remote().string()) + " show main:" + quote(path));
    return run.exit_code == 0 ? run.out : std::string();
}

tools::git::ChangeBuilder append_lines(std::string path, std::vector<std::string> lines) {
    return [path = std::move(path), lines = std::move(lines)](
               const tools::git::TreeReader& base) -> tools::Result<std::vector<tools::git::FileUpdate>> {
        auto current = base.read(path);
        if (!current) {
            return tl::unexpected(current.error());
        }
        std::string text = current->value_or(std::string());
        for (const std::string& line : lines) {
            if (count_lines(text, line) == 0) {
                if (!text.empty() && text.back() != '\n') {
                    text += '\n';
                }
                text += line + "\n";
            }
        }
        return std::vector<tools::git::FileUpdate>{{path, text}};
    };
}

tools::git::SyncRequest append_request(const std::filesystem::path& dir, const std::filesystem::path& state,
                                       std::vector<std::string> lines, bool push) {
    tools::git::SyncRequest r;
    r.repo_dir = dir;
    r.build = append_lines(kLearnings, std::move(lines));
    r.message = fixed_message("context-sync: 1 learnings from vm\n\nSessions: abc-123\n");
    r.push = push;
    r.state_dir = state;
    return r;
}

tools::git::MessageBuilder fixed_message(std::string message) {
    return [message = std::move(message)](const std::vector<tools::git::FileUpdate>&) { return message; };
}

std::string read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_file(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

int count_lines(const std::string& text, const std::string& line) {
    std::istringstream in(text);
    std::string each;
    int n = 0;
    while (std::getline(in, each)) {
        n += each == line ? 1 : 0;
    }
    return n;
}

}  // namespace git_test
