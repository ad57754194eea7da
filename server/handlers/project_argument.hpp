// The `project_path` argument every tool takes: its schema and how a call's value becomes the project
// directory the tool works on.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string_view>

#include "server/settings.hpp"
#include "tools/core/result.hpp"

namespace server::handlers {

// The JSON Schema of the optional `project_path` property; `description` says what the tool needs of it.
nlohmann::json project_path_property(
    std::string_view description =
        "Absolute path of the project; defaults to the directory Claude Code runs in.");

// arguments["project_path"] (absolute, else invalid_argument) or the server's project, lexically
// normalised. The schema has already checked that a present value is a non-empty string.
tools::Result<std::filesystem::path> project_from_arguments(const nlohmann::json& arguments,
                                                            const Settings& settings);

}  // namespace server::handlers
