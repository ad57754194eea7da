#include "server/cli/claude_setup.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>

#include "server/catalog.hpp"
#include "tools/core/safe_read.hpp"

namespace server::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

bool allowed(const ordered_json& settings, const std::string& rule) {
    const auto permissions = settings.find("permissions");
    if (permissions == settings.end() || !permissions->is_object()) {
        return false;
    }
    const auto allow = permissions->find("allow");
    return allow != permissions->end() && allow->is_array() &&
           std::find(allow->begin(), allow->end(), ordered_json(rule)) != allow->end();
}

}  // namespace

SetupPaths setup_paths(Scope scope, const fs::path& home, const fs::path& claude_dir,
                       const fs::path& project_dir) {
    const fs::path skill = fs::path("skills") / kServerName / "SKILL.md";
    if (scope == Scope::project) {
        return {project_dir / ".mcp.json", project_dir / ".claude" / skill,
                project_dir / ".claude" / "settings.json"};
    }
    // Claude Code keeps its global state beside the config dir by default, and inside it when
    // CLAUDE_CONFIG_DIR moves the config dir elsewhere.
    const bool default_dir = claude_dir.lexically_normal() == (home / ".claude").lexically_normal();
    const fs::path state = default_dir ? home / ".claude.json" : claude_dir / ".claude.json";
    return {state, claude_dir / skill, claude_dir / "settings.json"};
}

std::vector<std::string> permission_rules(const std::vector<std::string>& tool_names) {
    std::vector<std::string> rules;
    rules.reserve(tool_names.size());
    for (const std::string& tool : tool_names) {
        rules.push_back("mcp__" + std::string(kServerName) + "__" + tool);
    }
    return rules;
}

std::vector<std::string> server_permission_rules() {
    const Catalog catalog = make_default_catalog();
    std::vector<std::string> names;
    for (const ToolDefinition& tool : catalog.tools()) {
        names.push_back(tool.name);
    }
    return permission_rules(names);
}

tools::Result<ordered_json> parse_config(const std::optional<std::string>& text, const fs::path& path) {
    if (!text || text->find_first_not_of(" \t\r\n") == std::string::npos) {
        return ordered_json::object();
    }
    ordered_json config = ordered_json::parse(*text, nullptr, false);
    if (config.is_discarded() || !config.is_object()) {
        return tools::make_error(
            tools::ErrorCode::invalid_argument,
            path.string() + " is not a JSON object; fix or move it, then run this again");
    }
    return config;
}

std::string dump_config(const ordered_json& config) {
    return config.dump(2) + "\n";
}

tools::Result<std::optional<std::string>> read_if_present(const fs::path& path) {
    constexpr std::size_t kMaxConfigBytes = std::size_t{256} << 20;
    auto text = tools::read_regular_file(path, kMaxConfigBytes);
    if (text) {
        return std::optional<std::string>(std::move(*text));
    }
    if (text.error().code == tools::ErrorCode::not_found) {
        return std::optional<std::string>();
    }
    return tools::make_error(text.error().code, path.string() + ": " + text.error().message);
}

tools::Result<ordered_json> load_config(const fs::path& path) {
    auto text = read_if_present(path);
    if (!text) {
        return tl::unexpected(text.error());
    }
    return parse_config(*text, path);
}

std::optional<fs::path> find_program(std::string_view name) {
    const char* path = std::getenv("PATH");
    std::string_view dirs = path != nullptr ? path : "";
    while (!dirs.empty()) {
        const std::size_t colon = dirs.find(':');
        const std::string_view dir = dirs.substr(0, colon);
        dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
        if (dir.empty()) {
            continue;
        }
        const fs::path candidate = fs::path(dir) / name;
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return std::nullopt;
}

void set_server(ordered_json& config, const std::string& command) {
    if (!config.contains("mcpServers") || !config["mcpServers"].is_object()) {
        config["mcpServers"] = ordered_json::object();
    }
    config["mcpServers"][std::string(kServerName)] = ordered_json{{"type", "stdio"},
                                                                  {"command", command},
                                                                  {"args", ordered_json::array()},
                                                                  {"env", ordered_json::object()}};
}

void remove_server(ordered_json& config) {
    const auto servers = config.find("mcpServers");
    if (servers == config.end() || !servers->is_object()) {
        return;
    }
    servers->erase(std::string(kServerName));
    if (servers->empty()) {
        config.erase("mcpServers");
    }
}

std::optional<std::string> registered_command(const ordered_json& config) {
    const auto servers = config.find("mcpServers");
    if (servers == config.end() || !servers->is_object()) {
        return std::nullopt;
    }
    const auto entry = servers->find(std::string(kServerName));
    if (entry == servers->end() || !entry->is_object()) {
        return std::nullopt;
    }
    const auto command = entry->find("command");
    return command != entry->end() && command->is_string() ? std::optional(command->get<std::string>())
                                                           : std::optional<std::string>(std::string());
}

void add_rules(ordered_json& settings, const std::vector<std::string>& rules) {
    if (!settings.contains("permissions") || !settings["permissions"].is_object()) {
        settings["permissions"] = ordered_json::object();
    }
    ordered_json& permissions = settings["permissions"];
    if (!permissions.contains("allow") || !permissions["allow"].is_array()) {
        permissions["allow"] = ordered_json::array();
    }
    for (const std::string& rule : rules) {
        if (!allowed(settings, rule)) {
            permissions["allow"].push_back(rule);
        }
    }
}

void remove_rules(ordered_json& settings, const std::vector<std::string>& rules) {
    const auto permissions = settings.find("permissions");
    if (permissions == settings.end() || !permissions->is_object()) {
        return;
    }
    const auto allow = permissions->find("allow");
    if (allow == permissions->end() || !allow->is_array()) {
        return;
    }
    ordered_json kept = ordered_json::array();
    for (const ordered_json& rule : *allow) {
        if (!rule.is_string() ||
            std::find(rules.begin(), rules.end(), rule.get<std::string>()) == rules.end()) {
            kept.push_back(rule);
        }
    }
    *allow = std::move(kept);
    if (allow->empty()) {
        permissions->erase("allow");
    }
    if (permissions->empty()) {
        settings.erase("permissions");
    }
}

std::vector<std::string> missing_rules(const ordered_json& settings, const std::vector<std::string>& rules) {
    std::vector<std::string> missing;
    for (const std::string& rule : rules) {
        if (!allowed(settings, rule)) {
            missing.push_back(rule);
        }
    }
    return missing;
}

}  // namespace server::cli
