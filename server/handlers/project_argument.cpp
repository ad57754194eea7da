#include "server/handlers/project_argument.hpp"

#include <string>

namespace server::handlers {

nlohmann::json project_path_property(std::string_view description) {
    return {{"type", "string"}, {"minLength", 1}, {"description", std::string(description)}};
}

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

}  // namespace server::handlers
