#include "server/catalog.hpp"
#include "server/handlers/context_sync_prompt.hpp"
#include "server/handlers/handlers.hpp"
#include "server/handlers/learnings_resource.hpp"

namespace server {

Catalog make_default_catalog() {
    Catalog catalog;
    catalog.add(handlers::make_list_recent_sessions_tool());
    catalog.add(handlers::make_extract_transcript_tool());
    catalog.add(handlers::make_scan_secrets_tool());
    catalog.add(handlers::make_commit_learnings_tool());
    catalog.add(handlers::make_read_learnings_tool());
    catalog.add(handlers::make_learnings_resource());
    catalog.add(handlers::make_context_sync_prompt());
    return catalog;
}

}  // namespace server
