#include "server/handlers/handlers.hpp"
#include "server/tool_registry.hpp"

namespace server {

ToolRegistry make_default_registry() {
    ToolRegistry registry;
    registry.add(handlers::make_list_recent_sessions_tool());
    registry.add(handlers::make_extract_transcript_tool());
    registry.add(handlers::make_scan_secrets_tool());
    registry.add(handlers::make_commit_learnings_tool());
    registry.add(handlers::make_read_learnings_tool());
    return registry;
}

}  // namespace server
