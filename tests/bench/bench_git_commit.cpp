// Benchmark: one commit of a learnings change, without push, on a big repository (default 100,000
// files and 10,000 commits, generated once with `git fast-import` and cached beside this program), next
// to `git add` + `git commit` of the same kind of change timed in the same run. The same figures on a
// repository with the same files and 10 commits show whether the cost grows with history length.
// Prints figures (medians of --runs), asserts nothing: wall time, and CPU time (user + system, of this
// process for context-sync, of the reaped children for git), which a loaded machine disturbs less.
//
// usage: bench_git_commit [--files N] [--commits N] [--runs N] [--cache DIR]
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tools/git/sync.hpp"

namespace fs = std::filesystem;

namespace {

int run(const std::string& command) {
    const std::string full = "export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null; " + command;
    const int status = std::system(full.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// User + system CPU seconds of this process (RUSAGE_SELF) or of its reaped children (RUSAGE_CHILDREN).
double cpu_seconds(int who) {
    rusage usage{};
    ::getrusage(who, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

// The fast-import stream: a first commit with `files` files (and .claude/learnings.md), then
// `commits - 1` commits touching one file each.
void write_stream(const fs::path& file, int files, int commits) {
    std::ofstream out(file, std::ios::binary);
    const std::string who = "Bench <bench@example.com> 1700000000 +0000";
    out << "commit refs/heads/main\ncommitter " << who << "\ndata 4\nroot\n";
    out << "M 100644 inline .claude/learnings.md\ndata 14\n- first item\n\n";
    for (int i = 0; i < files; ++i) {
        const std::string body = "file " + std::to_string(i) + "\n";
        out << "M 100644 inline src/d" << i % 100 << "/f" << i << ".txt\ndata " << body.size() << "\n"
            << body << "\n";
    }
    for (int c = 1; c < commits; ++c) {
        const int i = (c * 7919) % files;
        const std::string body = "file " + std::to_string(i) + " v" + std::to_string(c) + "\n";
        out << "commit refs/heads/main\ncommitter " << who << "\ndata 7\nchange\n";
        out << "M 100644 inline src/d" << i % 100 << "/f" << i << ".txt\ndata " << body.size() << "\n"
            << body << "\n";
    }
}

// A work tree of the generated history, made once and kept (cloned per run with hard links).
fs::path cached_repo(const fs::path& cache, int files, int commits) {
    const fs::path dir = cache / ("repo-" + std::to_string(files) + "-" + std::to_string(commits));
    if (fs::exists(dir / ".git" / "bench-ready")) {
        return dir;
    }
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::printf("generating %d files x %d commits in %s ...\n", files, commits, dir.c_str());
    std::fflush(stdout);
    const fs::path stream = cache / "stream.fi";
    write_stream(stream, files, commits);
    const std::string q = "'" + dir.string() + "'";
    if (run("git init -q -b main " + q + " && git -C " + q + " fast-import --quiet < '" + stream.string() +
            "' && git -C " + q + " checkout -q -f main && git -C " + q + " gc -q") != 0) {
        std::fprintf(stderr, "generating the repository failed\n");
        std::exit(1);
    }
    fs::remove(stream);
    std::ofstream(dir / ".git" / "bench-ready") << "ok\n";
    return dir;
}

struct Figures {
    double ours = 0;
    double git = 0;
    double ours_cpu = 0;
    double git_cpu = 0;
};

Figures measure(const fs::path& cached, int runs) {
    const fs::path dir = cached.string() + "-work";
    fs::remove_all(dir);
    const std::string q = "'" + dir.string() + "'";
    // A local clone with a checked-out work tree and a fresh index, like a user's repository.
    if (run("git clone -q '" + cached.string() + "' " + q + " && git -C " + q +
            " config user.name Bench && git -C " + q + " config user.email bench@example.com && git -C " + q +
            " status -s >/dev/null") != 0) {
        std::fprintf(stderr, "cloning the cached repository failed\n");
        std::exit(1);
    }
    std::vector<double> ours;
    std::vector<double> git;
    std::vector<double> ours_cpu;
    std::vector<double> git_cpu;
    for (int r = 0; r < runs; ++r) {
        tools::git::SyncRequest request;
        request.repo_dir = dir;
        request.push = false;
        const std::string line = "- learning number " + std::to_string(r) + " from the benchmark";
        request.build =
            [line](const tools::git::TreeReader& base) -> tools::Result<std::vector<tools::git::FileUpdate>> {
            auto text = base.read(".claude/learnings.md");
            if (!text) {
                return tl::unexpected(text.error());
            }
            return std::vector<tools::git::FileUpdate>{
                {".claude/learnings.md", text->value_or("") + line + "\n"}};
        };
        request.message = [](const std::vector<tools::git::FileUpdate>&) {
            return std::string("context-sync: 1 learnings from bench\n");
        };
        double cpu = cpu_seconds(RUSAGE_SELF);
        auto start = std::chrono::steady_clock::now();
        auto result = tools::git::commit_and_push(request);
        ours.push_back(seconds_since(start));
        ours_cpu.push_back(cpu_seconds(RUSAGE_SELF) - cpu);
        if (!result || !result->commit) {
            std::fprintf(stderr, "commit failed: %s\n",
                         result ? "no commit" : result.error().message.c_str());
            std::exit(1);
        }
        // The same change with git: append a line, git add, git commit.
        std::ofstream(dir / ".claude" / "learnings.md", std::ios::app) << "- git's learning " << r << "\n";
        cpu = cpu_seconds(RUSAGE_CHILDREN);
        start = std::chrono::steady_clock::now();
        run("git -C " + q + " add .claude/learnings.md && git -C " + q + " commit -q -m 'git: 1 learning'");
        git.push_back(seconds_since(start));
        git_cpu.push_back(cpu_seconds(RUSAGE_CHILDREN) - cpu);
    }
    fs::remove_all(dir);
    return {median(ours), median(git), median(ours_cpu), median(git_cpu)};
}

}  // namespace

int main(int argc, char** argv) {
    int files = 100000;
    int commits = 10000;
    int runs = 7;
    fs::path cache = fs::path(argv[0]).parent_path() / "git-bench-cache";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--files") {
            files = std::atoi(argv[i + 1]);
        } else if (flag == "--commits") {
            commits = std::atoi(argv[i + 1]);
        } else if (flag == "--runs") {
            runs = std::atoi(argv[i + 1]);
        } else if (flag == "--cache") {
            cache = argv[i + 1];
        }
    }
    fs::create_directories(cache);
    const fs::path long_history = cached_repo(cache, files, commits);
    const fs::path short_history = cached_repo(cache, files, 10);
    const Figures big = measure(long_history, runs);
    const Figures small = measure(short_history, runs);
    std::printf("one commit of one changed file, without push (median of %d runs; wall, then CPU)\n", runs);
    std::printf("%-28s %14s %18s %8s %12s %12s\n", "repository", "context-sync", "git add+commit", "ratio",
                "cs CPU", "git CPU");
    const auto row = [&](const std::string& name, const Figures& f) {
        std::printf("%-28s %11.1f ms %15.1f ms %7.2fx %9.1f ms %9.1f ms\n", name.c_str(), f.ours * 1000,
                    f.git * 1000, f.git / f.ours, f.ours_cpu * 1000, f.git_cpu * 1000);
    };
    row(std::to_string(files) + " files, " + std::to_string(commits) + " commits", big);
    row(std::to_string(files) + " files, 10 commits", small);
    std::printf("target: under 200 ms; history length changes context-sync's time by %.2fx (CPU %.2fx)\n",
                big.ours / small.ours, big.ours_cpu / small.ours_cpu);
    return 0;
}
