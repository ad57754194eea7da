#include "server/embedded_files.hpp"

#include <stdexcept>

namespace server {

std::optional<std::string_view> embedded_file(std::string_view path) {
    for (const EmbeddedFile& file : embedded_files()) {
        if (file.path == path) {
            return file.contents;
        }
    }
    return std::nullopt;
}

std::string_view skill_file() {
    const auto skill = embedded_file(kSkillPath);
    if (!skill) {
        // The build embeds it unconditionally; its absence is a broken build, not a runtime condition.
        throw std::logic_error("the skill was not embedded at build time");
    }
    return *skill;
}

std::string_view skill_body() {
    std::string_view text = skill_file();
    constexpr std::string_view kFence = "---\n";
    if (!text.starts_with(kFence)) {
        return text;
    }
    const std::size_t end = text.find("\n---\n", kFence.size() - 1);
    if (end == std::string_view::npos) {
        return text;
    }
    text.remove_prefix(end + 5);
    while (text.starts_with('\n')) {
        text.remove_prefix(1);
    }
    return text;
}

}  // namespace server
