#include "server/handlers/secret_findings.hpp"

#include <spdlog/spdlog.h>

#include <map>
#include <mutex>

namespace server::handlers {

tools::secrets::Allowlist load_project_allowlist(const Settings& settings) {
    if (settings.project_dir.empty()) {
        return {};
    }
    auto allowlist =
        tools::secrets::Allowlist::load(tools::secrets::Allowlist::project_file(settings.project_dir));
    if (!allowlist) {
        spdlog::warn("{}; scanning without it", allowlist.error().message);
        return {};
    }
    return std::move(*allowlist);
}

const tools::secrets::FingerprintKey& fingerprint_key(const Settings& settings) {
    static std::mutex mutex;
    static std::map<std::filesystem::path, tools::secrets::FingerprintKey> keys;
    const std::lock_guard lock(mutex);
    if (auto it = keys.find(settings.state_dir); it != keys.end()) {
        return it->second;
    }
    auto key = settings.state_dir.empty()
                   ? tools::Result<tools::secrets::FingerprintKey>(
                         tools::make_error(tools::ErrorCode::not_found, "no state directory"))
                   : tools::secrets::FingerprintKey::load_or_create(settings.state_dir);
    if (!key) {
        spdlog::warn("fingerprint key: {}; using a key for this process only", key.error().message);
    }
    return keys.emplace(settings.state_dir, key ? *key : tools::secrets::FingerprintKey::random())
        .first->second;
}

nlohmann::json finding_to_json(const tools::secrets::Finding& finding) {
    return {
        {"rule_id", finding.rule_id}, {"description", finding.description}, {"line", finding.line},
        {"column", finding.column},   {"offset", finding.offset},           {"length", finding.length},
        {"preview", finding.preview}, {"fingerprint", finding.fingerprint}, {"verified", finding.verified},
    };
}

nlohmann::json finding_schema() {
    const nlohmann::json integer = {{"type", "integer"}};
    const nlohmann::json string = {{"type", "string"}};
    return {
        {"type", "object"},
        {"properties",
         {
             {"rule_id", string},
             {"description", string},
             {"line", integer},
             {"column", integer},
             {"offset", integer},
             {"length", integer},
             {"preview", string},
             {"fingerprint", string},
             {"verified", {{"type", "boolean"}}},
         }},
        {"required",
         {"rule_id", "description", "line", "column", "offset", "length", "preview", "fingerprint",
          "verified"}},
    };
}

}  // namespace server::handlers
