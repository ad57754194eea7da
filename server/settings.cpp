#include "server/settings.hpp"

#include <cstdlib>
#include <system_error>

namespace server {
namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr ? std::string() : std::string(value);
}

std::filesystem::path home_dir() {
    const std::string home = env("HOME");
    return home.empty() ? std::filesystem::path("/") : std::filesystem::path(home);
}

std::filesystem::path absolute_or_same(const std::filesystem::path& path) {
    std::error_code ec;
    auto absolute = std::filesystem::absolute(path, ec);
    return ec ? path : absolute.lexically_normal();
}

}  // namespace

Settings resolve_settings(const std::string& claude_dir_arg, const std::string& project_arg) {
    Settings settings;
    if (!claude_dir_arg.empty()) {
        settings.claude_dir = claude_dir_arg;
    } else if (const std::string configured = env("CLAUDE_CONFIG_DIR"); !configured.empty()) {
        settings.claude_dir = configured;
    } else {
        settings.claude_dir = home_dir() / ".claude";
    }
    if (!project_arg.empty()) {
        settings.project_dir = project_arg;
    } else if (const std::string project = env("CLAUDE_PROJECT_DIR"); !project.empty()) {
        settings.project_dir = project;
    } else {
        std::error_code ec;
        settings.project_dir = std::filesystem::current_path(ec);
    }
    if (const std::string state = env("XDG_STATE_HOME"); !state.empty()) {
        settings.state_dir = std::filesystem::path(state) / "context-sync";
    } else {
        settings.state_dir = home_dir() / ".local" / "state" / "context-sync";
    }
    settings.claude_dir = absolute_or_same(settings.claude_dir);
    settings.project_dir = absolute_or_same(settings.project_dir);
    settings.state_dir = absolute_or_same(settings.state_dir);
    settings.calling_session_id = env("CLAUDE_CODE_SESSION_ID");
    return settings;
}

}  // namespace server
