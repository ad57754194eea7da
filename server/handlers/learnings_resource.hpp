// The project's learnings file as an MCP resource (resources/list, resources/read), beside the
// read_learnings tool.
#pragma once

#include "server/catalog.hpp"

namespace server::handlers {

ResourceDefinition make_learnings_resource();

}  // namespace server::handlers
