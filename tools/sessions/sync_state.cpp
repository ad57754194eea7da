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

namespace {

constexpr int kStateFormatVersion = 1;

std::vector<std::string> string_list(const nlohmann::json& root, const char* key, bool& ok) {
    std::vector<std::string> out;
    const auto it = root.find(key);
    if (it == root.end()) {
        return out;
    }
    if (!it->is_array()) {
        ok = false;
        return out;
    }
    for (const auto& id : *it) {
        if (!id.is_string()) {
            ok = false;
            return {};
        }
        out.push_back(id.get<std::string>());
    }
    return out;
}

// Keeps the corrupt file for the user to look at, out of the way of the next write.
void set_aside(const std::filesystem::path& file, const std::string& why) {
    const std::filesystem::path aside = file.string() + ".corrupt-" + std::to_string(now_ms());
    std::error_code ec;
    std::filesystem::rename(file, aside, ec);
    spdlog::warn("sync state {} is unreadable ({}); moved it to {} and treating the project as never synced",
                 file.string(), why,
                 ec ? std::string("(rename failed: " + ec.message() + ")") : aside.string());
}

void append_unique(std::vector<std::string>& list, const std::string& id) {
    if (id.empty()) {
        return;
    }
    std::erase(list, id);
    list.push_back(id);
    if (list.size() > kMaxRecordedSessions) {
        list.erase(list.begin(),
                   list.begin() + static_cast<std::ptrdiff_t>(list.size() - kMaxRecordedSessions));
    }
}

}  // namespace

SyncRecord read_sync_record(const std::filesystem::path& state_dir,
                            const std::filesystem::path& project_path) {
    SyncRecord record;
    if (state_dir.empty()) {
        return record;
    }
    const std::filesystem::path file = sync_state_file(state_dir, project_path);
    const Result<std::string> text = read_regular_file(file, kMaxSmallFileBytes);
    if (!text) {
        if (text.error().code != ErrorCode::not_found) {
            spdlog::warn("sync state ignored; treating the project as never synced: {}",
                         text.error().message);
        }
        return record;
    }
    const nlohmann::json root = nlohmann::json::parse(*text, nullptr, false);
    if (root.is_discarded() || !root.is_object()) {
        set_aside(file, "not a JSON object");
        return record;
    }
    const auto version = root.find("version");
    if (version != root.end() &&
        (!version->is_number_integer() || version->get<long long>() != kStateFormatVersion)) {
        set_aside(file, "unknown format version");
        return record;
    }
    const auto last = root.find("last_sync");
    if (last == root.end() || !last->is_string()) {
        set_aside(file, "no last_sync time");
        return record;
    }
    auto time = parse_iso8601(last->get<std::string>());
    if (!time) {
        set_aside(file, time.error().message);
        return record;
    }
    bool ok = true;
    record.synced_sessions = string_list(root, "synced_sessions", ok);
    record.sync_sessions = string_list(root, "sync_sessions", ok);
    if (!ok) {
        set_aside(file, "session lists are not arrays of strings");
        return {};
    }
    record.last_sync = *time;
    return record;
}

Result<void> record_sync(const std::filesystem::path& state_dir, const std::filesystem::path& project_path,
                         TimeMs time, const std::vector<std::string>& synced_sessions,
                         const std::string& sync_session) {
    if (state_dir.empty()) {
        return make_error(ErrorCode::invalid_argument, "no state directory to record the sync in");
    }
    SyncRecord record = read_sync_record(state_dir, project_path);
    for (const std::string& id : synced_sessions) {
        append_unique(record.synced_sessions, id);
    }
    append_unique(record.sync_sessions, sync_session);
    const nlohmann::json root = {{"version", kStateFormatVersion},
                                 {"project_path", canonical_project(project_path)},
                                 {"last_sync", format_iso8601(time)},
                                 {"synced_sessions", record.synced_sessions},
                                 {"sync_sessions", record.sync_sessions}};
    return write_file_atomically(sync_state_file(state_dir, project_path),
                                 root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

std::optional<TimeMs> read_last_sync(const std::filesystem::path& state_dir,
                                     const std::filesystem::path& project_path) {
    return read_sync_record(state_dir, project_path).last_sync;
}

Result<void> write_last_sync(const std::filesystem::path& state_dir,
                             const std::filesystem::path& project_path, TimeMs time) {
    return record_sync(state_dir, project_path, time, {}, {});
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
