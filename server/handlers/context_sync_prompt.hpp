// The MCP prompt `context-sync`: the skill's workflow for clients without skills (Claude Code shows it
// as /mcp__context-sync__context-sync). Its text is the body of skills/context-sync/SKILL.md, built
// into the binary, so the skill and the prompt cannot drift apart.
#pragma once

#include "server/catalog.hpp"

namespace server::handlers {

PromptDefinition make_context_sync_prompt();

// The prompt's one user message for a dry run or a real one: the skill body with `$ARGUMENTS`
// replaced by "--dry-run" or by nothing.
std::string context_sync_prompt_text(bool dry_run);

}  // namespace server::handlers
