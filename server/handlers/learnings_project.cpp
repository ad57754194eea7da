#include "server/handlers/learnings_project.hpp"

#include <spdlog/spdlog.h>

namespace server::handlers {

tools::Result<std::filesystem::path> project_from_arguments(const nlohmann::json& arguments,
                                                            const Settings& settings) {
    if (!arguments.contains("project_path")) {
        return settings.project_dir;
    }
    const std::filesystem::path path(arguments["project_path"].get<std::string>());
    if (!path.is_absolute()) {
        return tools::make_error(tools::ErrorCode::invalid_argument,
                                 "project_path: must be an absolute path (got '" + path.string() + "')");
    }
    return path.lexically_normal();
}

tools::secrets::Allowlist load_allowlist_of(const std::filesystem::path& project_dir) {
    auto allowlist = tools::secrets::Allowlist::load(tools::secrets::Allowlist::project_file(project_dir));
    if (!allowlist) {
        spdlog::warn("ignoring the allowlist of {}: {}", project_dir.string(), allowlist.error().message);
        return {};
    }
    return std::move(*allowlist);
}

}  // namespace server::handlers
