// What the learnings tools (commit_learnings, read_learnings, the learnings resource) share: the
// project's allowlist and the JSON of a commit's outcome (also printed by the
// `context-sync commit` command).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "server/handlers/project_argument.hpp"
#include "server/settings.hpp"
#include "tools/core/result.hpp"
#include "tools/learnings/learnings_file.hpp"
#include "tools/learnings/sync_learnings.hpp"
#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/redactor.hpp"

namespace server::handlers {

// The project's .claude/context-sync-allow; empty (with a warning in the log) when unreadable.
tools::secrets::Allowlist load_allowlist_of(const std::filesystem::path& project_dir);

nlohmann::json commit_outcome_json(const tools::learnings::CommitOutcome& outcome);

// [{heading, date, machine, items}] as read_learnings returns them.
nlohmann::json sections_json(const std::vector<tools::learnings::Section>& sections,
                             const tools::secrets::Redactor& redactor);

}  // namespace server::handlers
