// `context-sync doctor`: one ✔/✘ line per thing /context-sync needs on this machine, each ✘ with the
// command or edit that fixes it. Reads only, except for a probe file in the state dir. Exit 1 when any
// check fails.
#include <git2.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "server/cli/claude_setup.hpp"
#include "server/cli/commands.hpp"
#include "server/embedded_files.hpp"
#include "tools/core/atomic_file.hpp"
#include "tools/core/safe_read.hpp"
#include "tools/git/process.hpp"
#include "tools/git/sync.hpp"
#include "tools/learnings/claude_md.hpp"
#include "tools/sessions/project_dirs.hpp"

namespace server::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

struct Run {
    int exit_code = -1;
    std::string out;
};

// A program's stdout and exit code, bounded; exit_code -1 when it could not run.
Run run(const std::vector<std::string>& argv, const fs::path& cwd, std::chrono::seconds timeout) {
    // No prompt for a password or a host key: doctor must never hang on a terminal.
    std::vector<std::string> env = {"GIT_TERMINAL_PROMPT=0"};
    if (std::getenv("GIT_SSH_COMMAND") == nullptr) {
        env.emplace_back("GIT_SSH_COMMAND=ssh -o BatchMode=yes");
    }
    auto ran = tools::git::run_process(argv, cwd, "", env, timeout);
    if (!ran) {
        return {};
    }
    return {ran->exit_code, ran->out};
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

class Doctor {
  public:
    explicit Doctor(const Settings& settings) : m_settings(settings) {
        const char* home = std::getenv("HOME");
        m_home = home != nullptr && *home != '\0' ? fs::path(home) : fs::path("/");
    }

    int run_all() {
        std::cout << "context-sync doctor: project " << m_settings.project_dir.string() << '\n';
        claude_dir();
        transcripts();
        git_checks();
        claude_md();
        skill();
        registration();
        permissions();
        state_dir();
        versions();
        std::cout << (m_failed == 0
                          ? "\nAll checks passed.\n"
                          : "\n" + std::to_string(m_failed) + " check(s) failed; see the fixes above.\n");
        return m_failed == 0 ? kExitOk : kExitFailed;
    }

  private:
    void ok(const std::string& what) { std::cout << "✔ " << what << '\n'; }
    void bad(const std::string& what, const std::string& fix) {
        ++m_failed;
        std::cout << "✘ " << what << "\n    fix: " << fix << '\n';
    }

    void claude_dir() {
        std::error_code ec;
        if (fs::is_directory(m_settings.claude_dir, ec)) {
            ok("Claude config dir: " + m_settings.claude_dir.string());
        } else {
            bad("Claude config dir " + m_settings.claude_dir.string() + " does not exist",
                "run Claude Code once on this machine, or point --claude-dir / $CLAUDE_CONFIG_DIR at its "
                "config dir");
        }
    }

    void transcripts() {
        const auto variants = tools::sessions::project_path_variants(m_settings.project_dir);
        const auto dirs = tools::sessions::find_project_dirs(m_settings.claude_dir, variants);
        const fs::path expected = m_settings.claude_dir / "projects" /
                                  tools::sessions::project_slug(m_settings.project_dir.string());
        if (dirs.empty()) {
            bad("no transcript dir for this project (" + expected.string() + ")",
                "run `claude` in " + m_settings.project_dir.string() +
                    " (or pass --project with the directory Claude Code was started in)");
            return;
        }
        std::size_t sessions = 0;
        for (const auto& dir : dirs) {
            std::error_code ec;
            for (const auto& entry : fs::directory_iterator(dir.dir, ec)) {
                const std::string name = entry.path().filename().string();
                sessions += entry.path().extension() == ".jsonl" && !name.starts_with("agent-");
            }
        }
        const std::string where = dirs.front().dir.string();
        if (sessions == 0) {
            bad("transcript dir " + where + " holds no sessions",
                "run `claude` in the project; sessions older than cleanupPeriodDays (default 30) are "
                "deleted");
        } else {
            ok("transcript dir: " + where + " (" + std::to_string(sessions) + " sessions)");
        }
    }

    void git_checks() {
        auto work_tree = tools::git::find_work_tree(m_settings.project_dir);
        if (!work_tree) {
            bad("git repo: " + work_tree.error().message,
                "run /context-sync in a clone of the project's repo (git clone …, or git init + git remote "
                "add)");
            return;
        }
        m_work_tree = *work_tree;
        ok("git repo: " + m_work_tree.string());
        const Run upstream = run({"git", "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"},
                                 m_work_tree, std::chrono::seconds(10));
        if (upstream.exit_code != 0) {
            bad("the current branch has no upstream",
                "git push -u origin HEAD (or git branch --set-upstream-to …)");
            return;
        }
        const std::string tracking = first_line(upstream.out);
        const std::string remote = tracking.substr(0, tracking.find('/'));
        ok("upstream: " + tracking);
        const Run reach = run({"git", "ls-remote", "--heads", remote}, m_work_tree, std::chrono::seconds(30));
        if (reach.exit_code != 0) {
            bad("git ls-remote " + remote +
                    " failed: the remote is unreachable or refuses this machine's credentials",
                "check `git ls-remote " + remote +
                    "` by hand: an ssh key in ssh-agent or ~/.ssh and the host in known_hosts, or a git "
                    "credential helper for https");
        } else {
            ok("remote reachable: git ls-remote " + remote);
        }
    }

    void claude_md() {
        const fs::path root = m_work_tree.empty() ? m_settings.project_dir : m_work_tree;
        for (const std::string_view name :
             {tools::learnings::kRootClaudeMd, tools::learnings::kDotClaudeMd}) {
            auto text = tools::read_regular_file(root / name, tools::kMaxSmallFileBytes * 4);
            if (text && tools::learnings::has_learnings_directive(*text)) {
                ok("CLAUDE.md directive: " + std::string(name) + " imports the learnings");
                return;
            }
        }
        std::error_code ec;
        if (!fs::exists(root / ".claude" / "learnings.md", ec)) {
            ok("CLAUDE.md directive: not there yet; the first /context-sync adds it with the learnings");
            return;
        }
        bad(".claude/learnings.md exists but neither CLAUDE.md nor .claude/CLAUDE.md imports it",
            "add a line `@.claude/learnings.md` to CLAUDE.md under a heading \"Accumulated Learnings\"");
    }

    void skill() {
        const std::string_view shipped = skill_file();
        for (const Scope scope : {Scope::project, Scope::user}) {
            const fs::path file = paths(scope).skill_file;
            auto text = read_if_present(file);
            if (!text || !*text) {
                continue;
            }
            if (**text == shipped) {
                ok("skill installed: " + file.string());
            } else {
                bad("skill " + file.string() + " differs from this version's", "context-sync install");
            }
            return;
        }
        if (const auto key = plugin()) {
            ok("skill: from the plugin " + *key);
            return;
        }
        bad("the /context-sync skill is not installed", "context-sync install");
    }

    void registration() {
        for (const Scope scope : {Scope::project, Scope::user}) {
            const fs::path file = paths(scope).server_config;
            auto config = load_config(file);
            if (!config) {
                bad(config.error().message,
                    "repair the JSON by hand, or move the file away and start Claude Code");
                return;
            }
            if (const auto command = registered_command(*config)) {
                check_command(*command, file);
                return;
            }
            // `claude mcp add` without --scope keeps the entry per project inside ~/.claude.json.
            if (scope == Scope::user && config->contains("projects") && (*config)["projects"].is_object()) {
                const auto project = (*config)["projects"].find(m_settings.project_dir.string());
                if (project != (*config)["projects"].end() && project->is_object()) {
                    if (const auto local = registered_command(*project)) {
                        check_command(*local, file.string() + " (local scope)");
                        return;
                    }
                }
            }
        }
        if (const auto key = plugin()) {
            ok("server: from the plugin " + *key + " (claude mcp list shows whether it starts)");
            return;
        }
        bad("the MCP server context-sync is not registered with Claude Code", "context-sync install");
    }

    void check_command(const std::string& command, const fs::path& where) {
        const fs::path resolved = command.find('/') == std::string::npos
                                      ? find_program(command).value_or(command)
                                      : fs::path(command);
        if (access(resolved.c_str(), X_OK) != 0) {
            bad("the server registered in " + where.string() + " runs " + command +
                    ", which is not an executable",
                "context-sync install (from the binary you want Claude Code to run)");
            return;
        }
        ok("server registered: " + where.string() + " → " + command);
    }

    void permissions() {
        const auto rules = server_permission_rules();
        std::vector<fs::path> files = {paths(Scope::project).settings_file,
                                       m_settings.project_dir / ".claude" / "settings.local.json",
                                       paths(Scope::user).settings_file};
        std::vector<std::string> missing = rules;
        for (const fs::path& file : files) {
            auto settings = load_config(file);
            if (!settings) {
                continue;
            }
            missing = missing_rules(*settings, missing);
        }
        if (missing.empty()) {
            ok("the server's " + std::to_string(rules.size()) +
               " tools are allowed (headless claude -p needs no prompt)");
        } else if (const auto key = plugin()) {
            ok("the plugin " + *key + "'s skill allows its tools while /context-sync runs (allowed-tools)");
        } else {
            bad(std::to_string(missing.size()) +
                    " of the server's tools are not in permissions.allow (first: " + missing.front() +
                    "), so headless claude -p would stop at a permission prompt",
                "context-sync install");
        }
    }

    void state_dir() {
        const fs::path probe = m_settings.state_dir / ".doctor-probe";
        if (auto written = tools::write_file_atomically(probe, "probe\n"); !written) {
            bad("state dir " + m_settings.state_dir.string() + " is not writable: " + written.error().message,
                "make it writable, or point $XDG_STATE_HOME at a writable directory");
            return;
        }
        std::error_code ec;
        fs::remove(probe, ec);
        ok("state dir writable: " + m_settings.state_dir.string());
    }

    void versions() {
        int major = 0;
        int minor = 0;
        int rev = 0;
        git_libgit2_version(&major, &minor, &rev);
        ok("versions: context-sync " CONTEXT_SYNC_VERSION ", libgit2 " + std::to_string(major) + "." +
           std::to_string(minor) + "." + std::to_string(rev));
        const Run git = run({"git", "--version"}, "/", std::chrono::seconds(10));
        if (git.exit_code != 0) {
            bad("git is not on PATH", "install git (apt-get install git)");
        } else {
            ok(first_line(git.out));
        }
        if (const auto claude = find_program("claude")) {
            const Run version = run({claude->string(), "--version"}, "/", std::chrono::seconds(30));
            if (version.exit_code == 0) {
                ok("Claude Code " + first_line(version.out));
            } else {
                bad(claude->string() + " --version failed",
                    "reinstall Claude Code (npm install -g @anthropic-ai/claude-code)");
            }
        } else {
            ok("Claude Code CLI: not on PATH (install and doctor read its files directly)");
        }
    }

    // The key ("context-sync@<marketplace>") under which Claude Code lists this repo installed as a
    // plugin, whose skill and server then stand in for what `install` sets up.
    std::optional<std::string> plugin() const {
        auto installed = load_config(m_settings.claude_dir / "plugins" / "installed_plugins.json");
        if (!installed || !installed->contains("plugins") || !(*installed)["plugins"].is_object()) {
            return std::nullopt;
        }
        for (const auto& entry : (*installed)["plugins"].items()) {
            if (entry.key().starts_with(std::string(kServerName) + "@")) {
                return entry.key();
            }
        }
        return std::nullopt;
    }

    SetupPaths paths(Scope scope) const {
        return setup_paths(scope, m_home, m_settings.claude_dir, m_settings.project_dir);
    }

    const Settings& m_settings;
    fs::path m_home;
    fs::path m_work_tree;
    int m_failed = 0;
};

}  // namespace

int run_doctor(const Settings& settings) {
    return Doctor(settings).run_all();
}

}  // namespace server::cli
