#include "server/handlers/learnings_project.hpp"

#include <spdlog/spdlog.h>

namespace server::handlers {

tools::secrets::Allowlist load_allowlist_of(const std::filesystem::path& project_dir) {
    auto allowlist = tools::secrets::Allowlist::load(tools::secrets::Allowlist::project_file(project_dir));
    if (!allowlist) {
        spdlog::warn("ignoring the allowlist of {}: {}", project_dir.string(), allowlist.error().message);
        return {};
    }
    return std::move(*allowlist);
}

}  // namespace server::handlers
