// One factory per tool; each lives in its own file in this folder.
#pragma once

#include "server/tool_registry.hpp"

namespace server::handlers {

ToolDefinition make_list_recent_sessions_tool();
ToolDefinition make_extract_transcript_tool();
ToolDefinition make_scan_secrets_tool();
ToolDefinition make_commit_learnings_tool();
ToolDefinition make_read_learnings_tool();

}  // namespace server::handlers
