#include "server/catalog.hpp"
#include "server/handlers/handlers.hpp"

namespace server {

Catalog make_default_catalog() {
    Catalog catalog;
    catalog.add(handlers::make_list_recent_sessions_tool());
    catalog.add(handlers::make_extract_transcript_tool());
    catalog.add(handlers::make_scan_secrets_tool());
    return catalog;
}

}  // namespace server
