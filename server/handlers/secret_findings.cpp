#include "server/handlers/secret_findings.hpp"

#include <spdlog/spdlog.h>

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

nlohmann::json finding_to_json(const tools::secrets::Finding& finding) {
    return {
        {"rule_id", finding.rule_id}, {"description", finding.description}, {"line", finding.line},
        {"column", finding.column},   {"offset", finding.offset},           {"length", finding.length},
        {"preview", finding.preview}, {"fingerprint", finding.fingerprint}, {"verified", finding.verified},
    };
}

nlohmann::json findings_to_json(const std::vector<tools::secrets::Finding>& findings) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& finding : findings) {
        out.push_back(finding_to_json(finding));
    }
    return out;
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
