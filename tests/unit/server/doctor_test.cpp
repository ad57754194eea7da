// `context-sync doctor` through the real binary on a temporary HOME and a real git repo with a bare
// remote: what is there gets ✔, what is missing gets ✘ with a fix and a nonzero exit.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "../support/shell.hpp"
#include "../support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;

struct Machine {
    test_support::TempDir dir{"cs-doctor"};
    fs::path home = dir.path() / "home";
    fs::path project = dir.path() / "acme";
    fs::path bin = dir.path() / "bin";

    Machine() {
        fs::create_directories(home);
        fs::create_directories(bin);
        fs::create_symlink("/usr/bin/git", bin / "git");
    }

    test_support::ShellRun shell(const std::string& command) const {
        return test_support::run_shell("cd '" + dir.path().string() +
                                       "' && unset CLAUDE_CONFIG_DIR CLAUDE_PROJECT_DIR "
                                       "CLAUDE_CODE_SESSION_ID GIT_DIR XDG_STATE_HOME; export HOME='" +
                                       home.string() + "' PATH='" + bin.string() +
                                       ":/usr/bin:/bin' GIT_CONFIG_NOSYSTEM=1; " + command + " 2>&1");
    }

    test_support::ShellRun cli(const std::string& args) const {
        return shell("XDG_STATE_HOME='" + (dir.path() / "state").string() + "' '" + CS_BINARY +
                     "' --log-level off --project '" + project.string() + "' " + args);
    }

    void make_repo_with_upstream() const {
        const std::string git = "git -c init.defaultBranch=main -c user.name=T -c user.email=t@example.com ";
        REQUIRE(shell(git + "init -q --bare remote.git").exit_code == 0);
        REQUIRE(shell(git + "clone -q remote.git acme").exit_code == 0);
        REQUIRE(shell("cd acme && " + git + "commit -q --allow-empty -m first && git push -q -u origin HEAD")
                    .exit_code == 0);
    }

    void add_session() const {
        // Claude Code's folder name for the project: every character outside [A-Za-z0-9] becomes '-'.
        std::string slug = project.string();
        for (char& c : slug) {
            c = std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
        }
        const fs::path transcripts = home / ".claude" / "projects" / slug;
        fs::create_directories(transcripts);
        std::ofstream(transcripts / "0b6c1c5e-0000-4000-8000-000000000001.jsonl")
            << R"({"type":"user","cwd":")" << project.string()
            << R"(","sessionId":"0b6c1c5e-0000-4000-8000-000000000001","timestamp":"2026-11-01T10:00:00Z","message":{"role":"user","content":"hi"}})"
            << '\n';
    }
};

bool has_line(const std::string& out, const std::string& start) {
    return out.find("\n" + start) != std::string::npos || out.starts_with(start);
}

}  // namespace

TEST_CASE("doctor marks what is there and, with a fix, what is missing", "[server][cli][doctor]") {
    Machine m;
    m.make_repo_with_upstream();
    m.add_session();

    const auto before = m.cli("doctor");
    INFO(before.out);
    CHECK(before.exit_code == 1);
    CHECK(has_line(before.out, "✔ Claude config dir"));
    CHECK(has_line(before.out, "✔ transcript dir"));
    CHECK(before.out.find("(1 sessions)") != std::string::npos);
    CHECK(has_line(before.out, "✔ git repo"));
    CHECK(has_line(before.out, "✔ upstream: origin/main"));
    CHECK(has_line(before.out, "✔ remote reachable"));
    CHECK(has_line(before.out, "✔ state dir writable"));
    CHECK(has_line(before.out, "✘ the /context-sync skill is not installed"));
    CHECK(has_line(before.out, "✘ the MCP server context-sync is not registered"));
    CHECK(before.out.find("fix: context-sync install") != std::string::npos);

    REQUIRE(m.cli("install").exit_code == 0);
    const auto after = m.cli("doctor");
    INFO(after.out);
    CHECK(after.exit_code == 0);
    CHECK(after.out.find("✘") == std::string::npos);
    CHECK(has_line(after.out, "✔ skill installed"));
    CHECK(has_line(after.out, "✔ server registered"));
}

TEST_CASE("doctor checks the CLAUDE.md import, the remote and the versions", "[server][cli][doctor]") {
    Machine m;
    m.make_repo_with_upstream();
    const auto fresh = m.cli("doctor");
    INFO(fresh.out);
    CHECK(has_line(fresh.out, "✔ CLAUDE.md directive: not there yet"));
    CHECK(has_line(fresh.out, "✔ versions: context-sync "));

    // Learnings that nothing imports: Claude Code would never load them.
    REQUIRE(m.shell("mkdir -p acme/.claude && echo '- a learning' > acme/.claude/learnings.md").exit_code ==
            0);
    const auto unloaded = m.cli("doctor");
    INFO(unloaded.out);
    CHECK(unloaded.exit_code == 1);
    CHECK(has_line(unloaded.out,
                   "✘ .claude/learnings.md exists but neither CLAUDE.md nor .claude/CLAUDE.md imports it"));
    CHECK(unloaded.out.find("@.claude/learnings.md") != std::string::npos);

    REQUIRE(m.shell("rm acme/.claude/learnings.md && git -C acme config user.name T && "
                    "git -C acme config user.email t@example.com")
                .exit_code == 0);
    const auto committed = m.cli("commit --no-push '- use uv, not pip'");
    INFO(committed.out);
    REQUIRE(committed.exit_code == 0);
    const auto imported = m.cli("doctor");
    INFO(imported.out);
    CHECK(imported.out.find("✔ CLAUDE.md directive: ") != std::string::npos);
    CHECK(imported.out.find("imports the learnings") != std::string::npos);

    REQUIRE(m.shell("mv remote.git gone.git").exit_code == 0);
    const auto offline = m.cli("doctor");
    INFO(offline.out);
    CHECK(offline.exit_code == 1);
    CHECK(has_line(offline.out, "✘ git ls-remote origin"));
}

TEST_CASE("doctor reports a project outside git and a branch without upstream", "[server][cli][doctor]") {
    Machine m;
    fs::create_directories(m.project);
    const auto outside = m.cli("doctor");
    INFO(outside.out);
    CHECK(outside.exit_code == 1);
    CHECK(has_line(outside.out, "✘ Claude config dir"));
    CHECK(has_line(outside.out, "✘ git repo"));

    REQUIRE(m.shell("cd acme && git -c init.defaultBranch=main init -q").exit_code == 0);
    const auto local = m.cli("doctor");
    INFO(local.out);
    CHECK(has_line(local.out, "✔ git repo"));
    CHECK(has_line(local.out, "✘ the current branch has no upstream"));
}

TEST_CASE("doctor accepts the skill and the server from the installed plugin", "[server][cli][doctor]") {
    Machine m;
    m.make_repo_with_upstream();
    m.add_session();
    const fs::path installed = m.home / ".claude" / "plugins" / "installed_plugins.json";
    fs::create_directories(installed.parent_path());
    std::ofstream(installed)
        << R"({"version": 2, "plugins": {"context-sync@context-sync": [{"scope": "user"}]}})";
    const auto run = m.cli("doctor");
    INFO(run.out);
    CHECK(run.exit_code == 0);
    CHECK(has_line(run.out, "✔ skill: from the plugin context-sync@context-sync"));
    CHECK(has_line(run.out, "✔ server: from the plugin context-sync@context-sync"));
}
