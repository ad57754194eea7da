#include "tools/sessions/path_guard.hpp"

#include <system_error>

namespace tools::sessions {

bool is_valid_session_id(std::string_view id) {
    if (id.empty() || id.size() > 200 || id.front() == '.' || id.find("..") != std::string_view::npos) {
        return false;
    }
    for (char c : id) {
        const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        c == '.' || c == '_' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool is_within(const std::filesystem::path& path, const std::filesystem::path& root) {
    std::error_code ec;
    const std::filesystem::path real_path = std::filesystem::canonical(path, ec);
    if (ec) {
        return false;
    }
    const std::filesystem::path real_root = std::filesystem::canonical(root, ec);
    if (ec) {
        return false;
    }
    auto root_it = real_root.begin();
    auto path_it = real_path.begin();
    for (; root_it != real_root.end(); ++root_it, ++path_it) {
        if (path_it == real_path.end() || *path_it != *root_it) {
            return false;
        }
    }
    return path_it != real_path.end();
}

}  // namespace tools::sessions
