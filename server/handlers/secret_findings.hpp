// What the scan_secrets tool, `context-sync scan` and the transcript redaction share: the project's
// allowlist, the machine's fingerprint key and the JSON form of findings (which never contains a
// secret: at most a short preview, never one for a password).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "server/settings.hpp"
#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/fingerprint.hpp"
#include "tools/secrets/scanner.hpp"

namespace server::handlers {

// The allowlist of settings.project_dir (.claude/context-sync-allow); empty when absent. A file that
// cannot be read is logged and treated as empty, so scanning never fails because of it.
tools::secrets::Allowlist load_project_allowlist(const Settings& settings);

// The key of <settings.state_dir>/fingerprint-key, created on first use and kept for the process. When
// the state dir is unusable, a warning is logged and a key for this process only is used (fingerprints
// then change between runs, and still reveal nothing). Thread-safe.
const tools::secrets::FingerprintKey& fingerprint_key(const Settings& settings);

nlohmann::json finding_to_json(const tools::secrets::Finding& finding);

// JSON Schema of finding_to_json.
nlohmann::json finding_schema();

}  // namespace server::handlers
