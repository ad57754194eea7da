#include "tools/git/pending.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "tools/sessions/atomic_file.hpp"

namespace tools::git {
namespace {

constexpr int kVersion = 1;

bool is_hex_id(const std::string& text) {
    return text.size() == 40 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

std::filesystem::path pending_file(const std::filesystem::path& state_dir,
                                   const std::filesystem::path& work_tree) {
    return state_dir / "git" / ("pending-" + sessions::fnv1a_hex(work_tree.string()) + ".json");
}

PendingRecord read_pending(const std::filesystem::path& state_dir, const std::filesystem::path& work_tree,
                           std::string* warning) {
    PendingRecord record;
    if (state_dir.empty()) {
        return record;
    }
    const std::filesystem::path file = pending_file(state_dir, work_tree);
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        return record;
    }
    const auto text =
        std::filesystem::is_regular_file(file, ec) && std::filesystem::file_size(file, ec) < (1u << 20)
            ? sessions::read_small_file(file)
            : std::nullopt;
    const nlohmann::json root = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
    bool valid = root.is_object() && root.value("version", 0) == kVersion && root.contains("commits") &&
                 root["commits"].is_array() && root.value("work_tree", std::string()) == work_tree.string();
    if (valid) {
        for (const auto& id : root["commits"]) {
            if (!id.is_string() || !is_hex_id(id.get<std::string>())) {
                valid = false;
                break;
            }
            record.commits.push_back(id.get<std::string>());
        }
        record.branch = root.value("branch", std::string());
        record.reason = root.value("reason", std::string());
    }
    if (!valid) {
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        const std::filesystem::path aside = file.string() + ".corrupt-" + std::to_string(now);
        std::filesystem::rename(file, aside, ec);
        const std::string message = "the pending-push record " + file.string() +
                                    " was unreadable; it was moved to " + aside.string() +
                                    " and context-sync continues without it";
        spdlog::warn("{}", message);
        if (warning != nullptr) {
            *warning = message;
        }
        return {};
    }
    return record;
}

Result<void> write_pending(const std::filesystem::path& state_dir, const std::filesystem::path& work_tree,
                           const PendingRecord& record) {
    if (state_dir.empty()) {
        return {};
    }
    const std::filesystem::path file = pending_file(state_dir, work_tree);
    if (record.commits.empty()) {
        std::error_code ec;
        std::filesystem::remove(file, ec);
        if (ec) {
            return make_error(ErrorCode::io_error, "cannot remove " + file.string() + ": " + ec.message());
        }
        return {};
    }
    const nlohmann::json root = {{"version", kVersion},
                                 {"work_tree", work_tree.string()},
                                 {"branch", record.branch},
                                 {"commits", record.commits},
                                 {"reason", record.reason}};
    return sessions::write_file_atomically(
        file, root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

}  // namespace tools::git
