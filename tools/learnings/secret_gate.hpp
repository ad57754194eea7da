// The gate every learning passes before anything is written: a learning that holds what looks like a
// credential refuses the whole call. Runs the shared scanner with the project's allowlist (findings
// the project accepted with `context-sync scan --allow` pass). The refusal names the learning by its
// position and the rule that matched, never the value, and says how to reword it. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "tools/core/result.hpp"
#include "tools/secrets/allowlist.hpp"

namespace tools::learnings {

// refused when any text holds a finding; `labels[i]` names texts[i] in the message ("learning 2").
Result<void> check_for_secrets(const std::vector<std::string>& texts, const std::vector<std::string>& labels,
                               const secrets::Allowlist& allowlist);

}  // namespace tools::learnings
