// The project's learnings file as an MCP resource, for clients that attach context as resources
// rather than call read_learnings. The text is the file as it is in the work tree, redacted like
// every other text this server returns: a hand-written line may hold what the secret gate would have
// refused.
#include "server/handlers/learnings_resource.hpp"

#include <string>

#include "tools/learnings/learnings_query.hpp"
#include "tools/secrets/redactor.hpp"

namespace server::handlers {

ResourceDefinition make_learnings_resource() {
    ResourceDefinition resource;
    resource.uri = "context-sync://learnings";
    resource.name = "learnings";
    resource.title = "Project learnings";
    resource.description =
        "This project's .claude/learnings.md: what sessions on every machine learned (architecture "
        "decisions, gotchas, deploy commands, dependency quirks), newest section first.";
    resource.mime_type = "text/markdown";
    resource.read = [](const ToolContext& context) -> tools::Result<std::string> {
        const std::filesystem::path& project = context.settings.project_dir;
        auto view = tools::learnings::read_learnings(project, {});
        if (!view) {
            return tl::unexpected(view.error());
        }
        if (!view->exists) {
            return std::string("No learnings recorded yet: run /context-sync to add some.\n");
        }
        return tools::secrets::Redactor::for_project(project).redact(view->text).text;
    };
    return resource;
}

}  // namespace server::handlers
