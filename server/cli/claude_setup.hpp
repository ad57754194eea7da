// What `context-sync install` changes in Claude Code's configuration, and what `uninstall` and
// `doctor` look for: the MCP server entry, the skill, and the permission rules for the server's tools.
//
// Pure functions over JSON text and paths; the commands do the I/O. Key order and every entry we do not
// own are kept (ordered_json), since ~/.claude.json and settings.json belong to the user and to Claude
// Code. A file that is not a JSON object is an error: it is never overwritten.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tools/core/result.hpp"

namespace server::cli {

inline constexpr std::string_view kServerName = "context-sync";

enum class Scope { user, project };

// Where each piece goes for a scope. User scope: the server in ~/.claude.json (or
// $CLAUDE_CONFIG_DIR/.claude.json when the config dir is not ~/.claude), the skill and the permissions
// under the config dir. Project scope: .mcp.json, .claude/skills/ and .claude/settings.json of the
// project, which its repo shares.
struct SetupPaths {
    std::filesystem::path server_config;
    std::filesystem::path skill_file;
    std::filesystem::path settings_file;
};
SetupPaths setup_paths(Scope scope, const std::filesystem::path& home,
                       const std::filesystem::path& claude_dir, const std::filesystem::path& project_dir);

// "mcp__context-sync__<tool>" for each of the server's tools: what the permission rules allow, exactly.
std::vector<std::string> permission_rules(const std::vector<std::string>& tool_names);
// permission_rules for the tools of make_default_catalog().
std::vector<std::string> server_permission_rules();

// The file's JSON object ({} for nullopt, a missing file); invalid_argument when it is not an object.
tools::Result<nlohmann::ordered_json> parse_config(const std::optional<std::string>& text,
                                                   const std::filesystem::path& path);
std::string dump_config(const nlohmann::ordered_json& config);

// A file's text, nullopt when it does not exist; an error when it is unreadable, not a regular file, or
// larger than 256 MiB (~/.claude.json grows with every project's history, but not that far).
tools::Result<std::optional<std::string>> read_if_present(const std::filesystem::path& path);
// read_if_present + parse_config.
tools::Result<nlohmann::ordered_json> load_config(const std::filesystem::path& path);

// The first executable called `name` in $PATH.
std::optional<std::filesystem::path> find_program(std::string_view name);

// mcpServers.context-sync: set to a stdio entry running `command`, or removed (mcpServers too when it
// becomes empty). registered_command is the entry's command, when there is one.
void set_server(nlohmann::ordered_json& config, const std::string& command);
void remove_server(nlohmann::ordered_json& config);
std::optional<std::string> registered_command(const nlohmann::ordered_json& config);

// permissions.allow: the rules appended (those already there are not repeated), or removed (and the
// emptied containers with them). missing_rules lists those not yet allowed.
void add_rules(nlohmann::ordered_json& settings, const std::vector<std::string>& rules);
void remove_rules(nlohmann::ordered_json& settings, const std::vector<std::string>& rules);
std::vector<std::string> missing_rules(const nlohmann::ordered_json& settings,
                                       const std::vector<std::string>& rules);

}  // namespace server::cli
