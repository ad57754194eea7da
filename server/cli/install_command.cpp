// `context-sync install` and `context-sync uninstall`: register the server with Claude Code, install
// the skill built into this binary, and allow exactly the server's tools so that headless
// `claude -p "/context-sync"` runs without a permission prompt. Uninstall removes exactly those.
//
// The server is registered through `claude mcp add` when the CLI is on PATH (Claude Code then owns the
// format of its own file), else by editing the config file: read, change our entry only, write
// atomically. Each step first checks whether it is already done, so both commands are idempotent, and
// --dry-run only says what would change.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "server/catalog.hpp"
#include "server/cli/claude_setup.hpp"
#include "server/cli/commands.hpp"
#include "server/cli/own_executable.hpp"
#include "server/embedded_files.hpp"
#include "tools/core/atomic_file.hpp"
#include "tools/core/safe_read.hpp"
#include "tools/git/process.hpp"

namespace server::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

struct Failure {
    std::string message;
};

std::optional<std::string> read_optional(const fs::path& path) {
    auto text = read_if_present(path);
    if (!text) {
        throw Failure{text.error().message};
    }
    return std::move(*text);
}

ordered_json read_config(const fs::path& path) {
    auto config = load_config(path);
    if (!config) {
        throw Failure{config.error().message};
    }
    return std::move(*config);
}

// Dotfile managers keep ~/.claude.json and settings.json as symlinks into a repo of their own: the
// link's target is replaced, never the link.
void write(const fs::path& path, std::string_view contents, mode_t mode) {
    std::error_code ec;
    fs::path target = path;
    if (fs::is_symlink(fs::symlink_status(path, ec))) {
        target = fs::weakly_canonical(path, ec);
        if (ec) {
            throw Failure{"cannot resolve the symlink " + path.string() + ": " + ec.message()};
        }
    }
    if (auto written = tools::write_file_atomically(target, contents, mode); !written) {
        throw Failure{written.error().message};
    }
}

// A config left empty by uninstall held nothing but our entries: it goes, as it came.
void store(const fs::path& path, const ordered_json& config, mode_t mode) {
    if (!config.empty()) {
        write(path, dump_config(config), mode);
        return;
    }
    std::error_code ec;
    if (!fs::remove(path, ec) && ec) {
        throw Failure{"cannot remove " + path.string() + ": " + ec.message()};
    }
}

const char* scope_name(Scope scope) {
    return scope == Scope::user ? "user" : "project";
}

class Setup {
  public:
    Setup(const Settings& settings, const SetupArgs& args)
        : m_settings(settings),
          m_scope(args.scope == "project" ? Scope::project : Scope::user),
          m_dry_run(args.dry_run),
          m_paths(setup_paths(m_scope, home_directory(), settings.claude_dir, settings.project_dir)),
          m_rules(server_permission_rules()),
          m_claude(find_program("claude")) {}

    void install() {
        install_server();
        install_skill();
        allow_tools();
    }

    void uninstall() {
        uninstall_server();
        uninstall_skill();
        disallow_tools();
    }

  private:
    static fs::path home_directory() {
        const char* home = std::getenv("HOME");
        return home != nullptr && *home != '\0' ? fs::path(home) : fs::path("/");
    }

    static std::string self_path() {
        auto exe = own_executable();
        if (!exe) {
            throw Failure{exe.error().message};
        }
        return exe->string();
    }

    void say(const std::string& done, const std::string& would) const {
        std::cout << (m_dry_run ? "would " + would : "✔ " + done) << '\n';
    }

    mode_t file_mode() const { return m_scope == Scope::user ? 0600 : 0644; }

    void claude_mcp(const std::vector<std::string>& args) const {
        std::vector<std::string> argv = {m_claude->string(), "mcp"};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<std::string> env;
        // The config dir this command was pointed at is the one `claude` must edit. Claude Code keeps
        // its state file beside the default dir but inside one named by CLAUDE_CONFIG_DIR, so the
        // variable is set only for a dir other than the default (as setup_paths assumes).
        if (m_settings.claude_dir.lexically_normal() != (home_directory() / ".claude").lexically_normal()) {
            env.push_back("CLAUDE_CONFIG_DIR=" + m_settings.claude_dir.string());
        }
        auto ran = tools::git::run_process(argv, m_settings.project_dir, "", env, std::chrono::seconds(120));
        if (!ran || ran->exit_code != 0) {
            std::string shown = "claude mcp";
            for (const auto& a : args) {
                shown += " " + a;
            }
            throw Failure{shown + " failed" + (ran ? ": " + ran->out : ": " + ran.error().message)};
        }
    }

    std::string server_where() const {
        return m_paths.server_config.string() + " (" + scope_name(m_scope) + " scope)";
    }

    void install_server() {
        const std::string exe = self_path();
        ordered_json config = read_config(m_paths.server_config);
        const auto registered = registered_command(config);
        if (registered == exe) {
            std::cout << "✔ the MCP server is already registered in " << server_where() << '\n';
            return;
        }
        const std::string via = m_claude ? "claude mcp add" : "editing the file";
        say("registered the MCP server in " + server_where() + " by " + via + ": " + exe,
            "register the MCP server in " + server_where() + " by " + via + ": " + exe);
        if (m_dry_run) {
            return;
        }
        if (m_claude) {
            if (registered) {
                claude_mcp({"remove", "--scope", scope_name(m_scope), std::string(kServerName)});
            }
            claude_mcp({"add", "--scope", scope_name(m_scope), std::string(kServerName), "--", exe});
            if (registered_command(read_config(m_paths.server_config)) != exe) {
                throw Failure{"claude mcp add succeeded but " + m_paths.server_config.string() +
                              " does not name " + exe + " (a different config dir?)"};
            }
            return;
        }
        set_server(config, exe);
        write(m_paths.server_config, dump_config(config), file_mode());
    }

    void uninstall_server() {
        ordered_json config = read_config(m_paths.server_config);
        if (!registered_command(config)) {
            std::cout << "✔ the MCP server is not registered in " << server_where() << '\n';
            return;
        }
        say("removed the MCP server from " + server_where(), "remove the MCP server from " + server_where());
        if (m_dry_run) {
            return;
        }
        if (m_claude) {
            claude_mcp({"remove", "--scope", scope_name(m_scope), std::string(kServerName)});
            return;
        }
        remove_server(config);
        store(m_paths.server_config, config, file_mode());
    }

    void install_skill() {
        const std::string_view skill = skill_file();
        if (read_optional(m_paths.skill_file) == std::optional<std::string>(skill)) {
            std::cout << "✔ the skill is already installed: " << m_paths.skill_file.string() << '\n';
            return;
        }
        say("installed the skill /context-sync: " + m_paths.skill_file.string(),
            "install the skill /context-sync: " + m_paths.skill_file.string());
        if (!m_dry_run) {
            write(m_paths.skill_file, skill, 0644);
        }
    }

    void uninstall_skill() {
        std::error_code ec;
        if (!fs::exists(fs::symlink_status(m_paths.skill_file, ec))) {
            std::cout << "✔ the skill is not installed: " << m_paths.skill_file.string() << '\n';
            return;
        }
        say("removed the skill: " + m_paths.skill_file.string(),
            "remove the skill: " + m_paths.skill_file.string());
        if (m_dry_run) {
            return;
        }
        if (!fs::remove(m_paths.skill_file, ec) && ec) {
            throw Failure{"cannot remove " + m_paths.skill_file.string() + ": " + ec.message()};
        }
        // The skill's folder goes too, unless the user keeps something of their own in it.
        fs::remove(m_paths.skill_file.parent_path(), ec);
    }

    void allow_tools() {
        ordered_json settings = read_config(m_paths.settings_file);
        const auto missing = missing_rules(settings, m_rules);
        if (missing.empty()) {
            std::cout << "✔ the server's " << m_rules.size() << " tools are already allowed in "
                      << m_paths.settings_file.string() << '\n';
            return;
        }
        std::string listed;
        for (const auto& rule : missing) {
            listed += "\n    " + rule;
        }
        say("allowed in " + m_paths.settings_file.string() + " (permissions.allow):" + listed,
            "allow in " + m_paths.settings_file.string() + " (permissions.allow):" + listed);
        if (!m_dry_run) {
            add_rules(settings, m_rules);
            write(m_paths.settings_file, dump_config(settings), file_mode());
        }
    }

    void disallow_tools() {
        ordered_json settings = read_config(m_paths.settings_file);
        if (missing_rules(settings, m_rules).size() == m_rules.size()) {
            std::cout << "✔ no rule for the server's tools in " << m_paths.settings_file.string() << '\n';
            return;
        }
        say("removed the server's tools from " + m_paths.settings_file.string() + " (permissions.allow)",
            "remove the server's tools from " + m_paths.settings_file.string() + " (permissions.allow)");
        if (!m_dry_run) {
            remove_rules(settings, m_rules);
            store(m_paths.settings_file, settings, file_mode());
        }
    }

    const Settings& m_settings;
    Scope m_scope;
    bool m_dry_run;
    SetupPaths m_paths;
    std::vector<std::string> m_rules;
    std::optional<fs::path> m_claude;
};

int run_setup(const Settings& settings, const SetupArgs& args, bool install, const char* name) {
    try {
        Setup setup(settings, args);
        if (install) {
            setup.install();
        } else {
            setup.uninstall();
        }
        return kExitOk;
    } catch (const Failure& failure) {
        std::cerr << "context-sync " << name << ": " << failure.message << '\n';
        return kExitFailed;
    }
}

}  // namespace

int run_install(const Settings& settings, const SetupArgs& args) {
    return run_setup(settings, args, true, "install");
}

int run_uninstall(const Settings& settings, const SetupArgs& args) {
    return run_setup(settings, args, false, "uninstall");
}

}  // namespace server::cli
