#include "tools/sessions/project_dirs.hpp"

#include <cstdint>
#include <system_error>

#include "tools/core/utf8.hpp"

namespace tools::sessions {
namespace {

constexpr std::size_t kMaxSlugLength = 200;

template <typename Visit>
void for_each_utf16_unit(std::string_view text, Visit visit) {
    for (std::size_t i = 0; i < text.size();) {
        const CodePoint d = decode_utf8(text, i);  // invalid bytes are one U+FFFD unit each, as in JS
        if (d.value >= 0x10000) {
            const std::uint32_t v = d.value - 0x10000;
            visit(static_cast<std::uint16_t>(0xD800 + (v >> 10)));
            visit(static_cast<std::uint16_t>(0xDC00 + (v & 0x3FF)));
        } else {
            visit(static_cast<std::uint16_t>(d.value));
        }
        i += d.bytes;
    }
}

// JavaScript's `h = (h << 5) - h + charCodeAt(i) | 0` over UTF-16 units, then Math.abs(h).toString(36).
std::string java_string_hash_base36(std::string_view text) {
    std::uint32_t h = 0;
    for_each_utf16_unit(text, [&](std::uint16_t unit) { h = (h << 5) - h + unit; });
    std::int64_t value = static_cast<std::int32_t>(h);
    value = value < 0 ? -value : value;
    if (value == 0) {
        return "0";
    }
    std::string digits;
    while (value > 0) {
        digits.insert(digits.begin(), "0123456789abcdefghijklmnopqrstuvwxyz"[value % 36]);
        value /= 36;
    }
    return digits;
}

bool is_below(std::string_view path, std::string_view root) {
    if (root == "/") {
        return path.size() > 1 && path.front() == '/';
    }
    return path.size() > root.size() && path.substr(0, root.size()) == root && path[root.size()] == '/';
}

std::string strip_trailing_slashes(std::string text) {
    while (text.size() > 1 && text.back() == '/') {
        text.pop_back();
    }
    return text;
}

}  // namespace

std::string sanitize_project_path(std::string_view absolute_path) {
    std::string slug;
    slug.reserve(absolute_path.size());
    for_each_utf16_unit(absolute_path, [&](std::uint16_t unit) {
        const bool alnum =
            (unit >= '0' && unit <= '9') || (unit >= 'A' && unit <= 'Z') || (unit >= 'a' && unit <= 'z');
        slug += alnum ? static_cast<char>(unit) : '-';
    });
    return slug;
}

std::string project_slug(std::string_view absolute_path) {
    std::string slug = sanitize_project_path(absolute_path);
    if (slug.size() <= kMaxSlugLength) {
        return slug;
    }
    slug.resize(kMaxSlugLength);
    return slug + "-" + java_string_hash_base36(absolute_path);
}

std::vector<std::string> project_path_variants(const std::filesystem::path& project_path) {
    std::vector<std::string> variants;
    std::error_code ec;
    std::filesystem::path absolute =
        project_path.is_absolute() ? project_path : std::filesystem::absolute(project_path, ec);
    if (ec) {
        absolute = project_path;
    }
    variants.push_back(strip_trailing_slashes(absolute.lexically_normal().string()));
    const std::filesystem::path canonical = std::filesystem::weakly_canonical(absolute, ec);
    if (!ec) {
        std::string text = strip_trailing_slashes(canonical.lexically_normal().string());
        if (text != variants.front()) {
            variants.push_back(std::move(text));
        }
    }
    return variants;
}

std::vector<ProjectDir> find_project_dirs(const std::filesystem::path& claude_dir,
                                          const std::vector<std::string>& project_variants) {
    const std::filesystem::path projects = claude_dir / "projects";
    std::vector<ProjectDir> found;
    const auto add = [&](const std::filesystem::path& dir, bool exact) {
        for (ProjectDir& existing : found) {
            if (existing.dir == dir) {
                existing.exact = existing.exact || exact;
                return;
            }
        }
        found.push_back({dir, exact});
    };

    std::vector<std::string> prefixes;  // first 200 slug characters of each long variant
    for (const std::string& variant : project_variants) {
        const std::string full = sanitize_project_path(variant);
        // Old releases wrote the untruncated name when the file system allowed it.
        for (const std::string& name : {project_slug(variant), full}) {
            std::error_code ec;
            if (std::filesystem::is_directory(projects / name, ec)) {
                add(projects / name, true);
            }
        }
        if (full.size() > kMaxSlugLength) {
            prefixes.push_back(full.substr(0, kMaxSlugLength));
        }
    }
    if (prefixes.empty()) {
        return found;
    }

    std::error_code ec;
    std::filesystem::directory_iterator it(projects, ec);
    for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        for (const std::string& prefix : prefixes) {
            std::error_code dir_ec;
            if (name.compare(0, prefix.size(), prefix) == 0 && it->is_directory(dir_ec)) {
                add(it->path(), false);
            }
        }
    }
    return found;
}

bool transcript_belongs(std::string_view cwd, const std::vector<std::string>& project_variants,
                        bool exact_dir) {
    if (cwd.empty()) {
        return exact_dir;
    }
    std::string normal = strip_trailing_slashes(std::string(cwd));
    for (const std::string& variant : project_variants) {
        if (normal == variant || is_below(normal, variant)) {
            return true;
        }
    }
    return false;
}

}  // namespace tools::sessions
