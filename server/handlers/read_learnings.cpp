// The read_learnings tool: what the project already knows, so a session does not learn it twice.
#include <nlohmann/json.hpp>

#include "server/handlers/handlers.hpp"
#include "server/handlers/learnings_project.hpp"
#include "tools/core/time.hpp"
#include "tools/learnings/learnings_query.hpp"
#include "tools/secrets/redactor.hpp"
#include "tools/sessions/sync_state.hpp"

namespace server::handlers {
namespace {

using nlohmann::json;

json input_schema() {
    return {
        {"type", "object"},
        {"properties",
         {
             {"project_path", project_path_property()},
             {"since",
              {{"type", "string"},
               {"minLength", 1},
               {"description",
                "Only sections dated on or after: an ISO-8601 date or time, a duration back from now "
                "(\"4h\", "
                "\"2d\"), or \"last-sync\". Sections written by hand have no date and are left out."}}},
             {"query",
              {{"type", "string"},
               {"description",
                "Only items containing every one of these words (case and punctuation ignored)."}}},
         }},
        {"additionalProperties", false},
    };
}

json output_schema() {
    const json nullable_string = {{"type", json::array({"string", "null"})}};
    const json section = {
        {"type", "object"},
        {"properties",
         {{"heading", {{"type", "string"}}},
          {"date", nullable_string},
          {"machine", nullable_string},
          {"items", {{"type", "array"}, {"items", {{"type", "string"}}}}}}},
        {"required", json::array({"heading", "date", "machine", "items"})},
    };
    return {
        {"type", "object"},
        {"properties",
         {{"file", {{"type", "string"}}},
          {"exists", {{"type", "boolean"}}},
          {"sections", {{"type", "array"}, {"items", section}}},
          {"items", {{"type", "integer"}}}}},
        {"required", json::array({"file", "exists", "sections", "items"})},
    };
}

// since as a day: sections carry dates only, so "2026-12-02T15:00:00Z" keeps the whole of that day.
tools::Result<std::optional<std::string>> since_date(const json& arguments, const Settings& settings,
                                                     const std::filesystem::path& project) {
    if (!arguments.contains("since")) {
        return std::optional<std::string>();
    }
    const std::string since = arguments["since"].get<std::string>();
    if (since.size() == 10) {
        auto day = tools::parse_iso8601(since + "T00:00:00Z");
        if (day) {
            return std::optional<std::string>(since);
        }
    }
    auto bound = tools::sessions::resolve_since(since, settings.state_dir, project, tools::now_ms());
    if (!bound) {
        return tl::unexpected(bound.error());
    }
    if (!*bound) {
        return std::optional<std::string>();  // never synced: everything
    }
    return std::optional<std::string>(tools::format_iso8601(**bound).substr(0, 10));
}

}  // namespace

json sections_json(const std::vector<tools::learnings::Section>& sections,
                   const tools::secrets::Redactor& redactor) {
    // The file is the repo's: a hand-written line may hold what the secret gate would have refused.
    const auto shown = [&](const std::string& text) { return redactor.redact(text).text; };
    json out = json::array();
    for (const auto& section : sections) {
        json items = json::array();
        for (const std::string& item : section.items) {
            items.push_back(shown(item));
        }
        out.push_back({{"heading", shown(section.heading)},
                       {"date", section.date ? json(*section.date) : json(nullptr)},
                       {"machine", section.machine ? json(shown(*section.machine)) : json(nullptr)},
                       {"items", std::move(items)}});
    }
    return out;
}

ToolDefinition make_read_learnings_tool() {
    ToolDefinition tool;
    tool.name = "read_learnings";
    tool.title = "Read the project's learnings";
    tool.description =
        "Returns what earlier sessions on every machine recorded in the project's .claude/learnings.md, as "
        "sections (date, machine, items), newest first. Use it before commit_learnings to avoid repeating "
        "what is already known; `query` keeps only items with all of its words.";
    tool.input_schema = input_schema();
    tool.output_schema = output_schema();
    tool.annotations = {.read_only = true, .destructive = false, .idempotent = true, .open_world = false};
    tool.run = [](const json& arguments, const ToolContext& context) -> tools::Result<json> {
        auto project = project_from_arguments(arguments, context.settings);
        if (!project) {
            return tl::unexpected(project.error());
        }
        tools::learnings::LearningsQuery query;
        auto since = since_date(arguments, context.settings, *project);
        if (!since) {
            return tl::unexpected(since.error());
        }
        query.since_date = *since;
        query.words = arguments.value("query", std::string());
        auto view = tools::learnings::read_learnings(*project, query);
        if (!view) {
            return tl::unexpected(view.error());
        }
        return json{
            {"file", view->file.string()},
            {"exists", view->exists},
            {"sections", sections_json(view->sections, tools::secrets::Redactor::for_project(*project))},
            {"items", view->items}};
    };
    return tool;
}

}  // namespace server::handlers
