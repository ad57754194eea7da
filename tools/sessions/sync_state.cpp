#include "tools/sessions/sync_state.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <nlohmann/json.hpp>

#include "tools/core/atomic_file.hpp"
#include "tools/core/hash.hpp"
#include "tools/core/safe_read.hpp"
#include "tools/sessions/project_dirs.hpp"

namespace tools::sessions {
namespace {

constexpr std::size_t kMaxSlugInFileName = 100;
constexpr std::string_view kLastSync = "last-sync";

// The canonical spelling, so a project reached through a symlink shares its record.
std::string canonical_project(const std::filesystem::path& project_path) {
    return project_path_variants(project_path).back();
}

bool looks_like_duration(std::string_view text) {
    if (text.size() < 2 || !std::isdigit(static_cast<unsigned char>(text.front()))) {
        return false;
    }
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
            return false;
        }
    }
    return std::isalpha(static_cast<unsigned char>(text.back())) != 0;
}

}  // namespace

std::filesystem::path sync_state_file(const std::filesystem::path& state_dir,
                                      const std::filesystem::path& project_path) {
    const std::string project = canonical_project(project_path);
    const std::string slug = sanitize_project_path(project).substr(0, kMaxSlugInFileName);
    return state_dir / "projects" / (slug + "-" + stable_hash_hex(project) + ".json");
}

std::optional<TimeMs> read_last_sync(const std::filesystem::path& state_dir,
                                     const std::filesystem::path& project_path) {
    if (state_dir.empty()) {
        return std::nullopt;
    }
    const std::filesystem::path file = sync_state_file(state_dir, project_path);
    const Result<std::string> text = read_regular_file(file, kMaxSmallFileBytes);
    if (!text) {
        if (text.error().code != ErrorCode::not_found) {
            spdlog::warn("sync state ignored; treating the project as never synced: {}",
                         text.error().message);
        }
        return std::nullopt;
    }
    const nlohmann::json root = nlohmann::json::parse(*text, nullptr, false);
    const auto last = root.is_object() ? root.find("last_sync") : root.end();
    if (root.is_discarded() || !root.is_object() || last == root.end() || !last->is_string()) {
        spdlog::warn("sync state {} is unreadable; treating the project as never synced", file.string());
        return std::nullopt;
    }
    auto time = parse_iso8601(last->get<std::string>());
    if (!time) {
        spdlog::warn("sync state {}: {}", file.string(), time.error().message);
        return std::nullopt;
    }
    return *time;
}

Result<void> write_last_sync(const std::filesystem::path& state_dir,
                             const std::filesystem::path& project_path, TimeMs time) {
    if (state_dir.empty()) {
        return make_error(ErrorCode::invalid_argument, "no state directory to record the sync in");
    }
    const nlohmann::json root = {{"project_path", canonical_project(project_path)},
                                 {"last_sync", format_iso8601(time)}};
    return write_file_atomically(sync_state_file(state_dir, project_path),
                                 root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

Result<std::optional<TimeMs>> resolve_since(std::string_view since, const std::filesystem::path& state_dir,
                                            const std::filesystem::path& project_path, TimeMs now) {
    if (since.empty() || since == kLastSync) {
        return read_last_sync(state_dir, project_path);
    }
    if (looks_like_duration(since)) {
        auto duration = parse_duration(since);
        if (!duration) {
            return make_error(ErrorCode::invalid_argument, "since: " + duration.error().message);
        }
        return std::optional<TimeMs>(now - *duration);
    }
    auto time = parse_iso8601(since);
    if (!time) {
        return make_error(
            ErrorCode::invalid_argument,
            "since: " + time.error().message +
                "; pass an ISO-8601 time (2025-06-01T12:00:00Z), a duration (4h, 2d) or last-sync");
    }
    return std::optional<TimeMs>(*time);
}

}  // namespace tools::sessions
