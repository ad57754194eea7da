// What the scan_secrets tool, `context-sync scan` and the transcript redaction share: the project's
// allowlist and the JSON form of findings (which never contains a secret: only the preview).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "server/settings.hpp"
#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/scanner.hpp"

namespace server::handlers {

// The allowlist of settings.project_dir (.claude/context-sync-allow); empty when absent. A file that
// cannot be read is logged and treated as empty, so scanning never fails because of it.
tools::secrets::Allowlist load_project_allowlist(const Settings& settings);

nlohmann::json finding_to_json(const tools::secrets::Finding& finding);
nlohmann::json findings_to_json(const std::vector<tools::secrets::Finding>& findings);

// JSON Schema of one element of findings_to_json.
nlohmann::json finding_schema();

}  // namespace server::handlers
