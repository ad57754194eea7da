#include "tools/sessions/summary_cache.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "tools/core/atomic_file.hpp"
#include "tools/core/hash.hpp"
#include "tools/core/safe_read.hpp"

namespace tools::sessions {
namespace {

using nlohmann::json;

// Bump when FileSummary or the scanning rules change, so old entries are recomputed.
constexpr int kCacheFormatVersion = 2;
constexpr std::size_t kMaxNameInFileName = 100;

json to_json(const FileStat& stat, const FileSummary& s) {
    return json{
        {"size", stat.size},
        {"mtime_ns", stat.mtime_ns},
        {"started_at", s.started_at ? json(*s.started_at) : json(nullptr)},
        {"messages", s.messages},
        {"first_prompt", s.first_prompt},
        {"title", s.title},
        {"git_branch", s.git_branch},
        {"cwd", s.cwd},
        {"version", s.version},
        {"session_id", s.session_id},
        {"sidechains", s.sidechains},
        {"bad_lines", s.bad_lines},
        {"redactions", s.redactions},
        {"ran_sync", s.ran_sync},
    };
}

// Throws nlohmann::json::exception on a malformed entry; the caller drops that entry.
void from_json(const json& j, FileStat& stat, FileSummary& s) {
    stat.size = j.at("size").get<std::uint64_t>();
    stat.mtime_ns = j.at("mtime_ns").get<std::int64_t>();
    stat.regular = true;
    const json& started = j.at("started_at");
    s.started_at = started.is_null() ? std::nullopt : std::optional<TimeMs>(started.get<TimeMs>());
    s.messages = j.at("messages").get<std::uint64_t>();
    s.first_prompt = j.at("first_prompt").get<std::string>();
    s.title = j.at("title").get<std::string>();
    s.git_branch = j.at("git_branch").get<std::string>();
    s.cwd = j.at("cwd").get<std::string>();
    s.version = j.at("version").get<std::string>();
    s.session_id = j.at("session_id").get<std::string>();
    s.sidechains = j.at("sidechains").get<std::uint64_t>();
    s.bad_lines = j.at("bad_lines").get<std::uint64_t>();
    s.redactions = j.at("redactions").get<std::uint64_t>();
    s.ran_sync = j.at("ran_sync").get<bool>();
}

}  // namespace

SummaryCache SummaryCache::load(const std::filesystem::path& state_dir,
                                const std::filesystem::path& transcript_dir,
                                const std::string& redaction_stamp) {
    SummaryCache cache;
    if (state_dir.empty()) {
        return cache;
    }
    cache.m_dir = transcript_dir.string();
    cache.m_redaction = redaction_stamp;
    const std::string name = transcript_dir.filename().string().substr(0, kMaxNameInFileName) + "-" +
                             stable_hash_hex(cache.m_dir) + ".json";
    cache.m_file = state_dir / "cache" / "sessions-v2" / name;
    std::error_code error;
    std::filesystem::remove(state_dir / "cache" / "sessions-v1" / name, error);

    const Result<std::string> text = read_regular_file(cache.m_file, kMaxCacheFileBytes);
    if (!text) {
        if (text.error().code != ErrorCode::not_found) {
            spdlog::warn("session cache ignored and rebuilt: {}", text.error().message);
            cache.m_dirty = true;
        }
        return cache;
    }
    const json root = json::parse(*text, nullptr, false);
    if (root.is_discarded() || !root.is_object()) {
        spdlog::warn("session cache {} is corrupt; rebuilding it", cache.m_file.string());
        cache.m_dirty = true;
        return cache;
    }
    const auto version = root.find("version");
    const auto dir = root.find("dir");
    const auto redaction = root.find("redaction");
    const auto files = root.find("files");
    if (version == root.end() || *version != kCacheFormatVersion || dir == root.end() ||
        *dir != cache.m_dir || redaction == root.end() || *redaction != cache.m_redaction ||
        files == root.end() || !files->is_object()) {
        spdlog::debug("session cache {} is for another format, directory or allowlist; rebuilding it",
                      cache.m_file.string());
        cache.m_dirty = true;
        return cache;
    }
    for (const auto& [file_name, entry] : files->items()) {
        Slot slot;
        try {
            from_json(entry, slot.stat, slot.summary);
        } catch (const json::exception&) {
            cache.m_dirty = true;
            continue;
        }
        cache.m_slots.emplace(file_name, std::move(slot));
    }
    return cache;
}

const FileSummary* SummaryCache::find(const std::string& name, const FileStat& stat) {
    const auto it = m_slots.find(name);
    if (it == m_slots.end() || !it->second.stat.same_contents_as(stat)) {
        return nullptr;
    }
    it->second.used = true;
    return &it->second.summary;
}

void SummaryCache::put(const std::string& name, const FileStat& stat, FileSummary summary) {
    if (m_file.empty()) {
        return;
    }
    Slot& slot = m_slots[name];
    slot.stat = stat;
    slot.summary = std::move(summary);
    slot.used = true;
    m_dirty = true;
}

void SummaryCache::keep(const std::string& name) {
    if (const auto it = m_slots.find(name); it != m_slots.end()) {
        it->second.used = true;
    }
}

Result<void> SummaryCache::save(bool prune) {
    if (m_file.empty()) {
        return {};
    }
    json files = json::object();
    for (const auto& [name, slot] : m_slots) {
        if (slot.used || !prune) {
            files[name] = to_json(slot.stat, slot.summary);
        } else {
            m_dirty = true;  // the file is gone (or was skipped): drop its entry
        }
    }
    if (!m_dirty) {
        return {};
    }
    const json root = {{"version", kCacheFormatVersion},
                       {"dir", m_dir},
                       {"redaction", m_redaction},
                       {"files", std::move(files)}};
    auto written = write_file_atomically(m_file, root.dump(-1, ' ', false, json::error_handler_t::replace));
    if (written) {
        m_dirty = false;
    }
    return written;
}

}  // namespace tools::sessions
