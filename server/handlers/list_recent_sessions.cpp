// The list_recent_sessions tool: which Claude Code sessions this project has, newest first.
#include <nlohmann/json.hpp>

#include "server/handlers/handlers.hpp"
#include "server/handlers/list_sessions_cursor.hpp"
#include "server/handlers/project_argument.hpp"
#include "tools/secrets/redactor.hpp"
#include "tools/sessions/project_dirs.hpp"
#include "tools/sessions/session_list.hpp"
#include "tools/sessions/sync_state.hpp"

namespace server::handlers {
namespace {

using nlohmann::json;

constexpr std::size_t kDefaultLimit = 20;
constexpr std::size_t kMaxLimit = 200;

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
                "Only sessions modified since: an ISO-8601 time, a duration back from now (\"4h\", \"2d\"), "
                "or "
                "\"last-sync\" (default: since this machine last synced the project; everything on first "
                "run)."}}},
             {"include_active",
              {{"type", "boolean"},
               {"description",
                "Also list sessions still being written (this one, or modified in the last 60 s)."}}},
             {"limit",
              {{"type", "integer"},
               {"minimum", 1},
               {"maximum", kMaxLimit},
               {"description", "Sessions per page (default 20)."}}},
             {"cursor",
              {{"type", "string"},
               {"minLength", 1},
               {"description",
                "next_cursor of the previous page; the page continues that listing (its since and "
                "include_active)."}}},
         }},
        {"additionalProperties", false},
    };
}

json output_schema() {
    const json nullable_string = {{"type", json::array({"string", "null"})}};
    const json session = {
        {"type", "object"},
        {"properties",
         {
             {"session_id", {{"type", "string"}}},
             {"path", {{"type", "string"}}},
             {"started_at", nullable_string},
             {"modified_at", {{"type", "string"}}},
             {"size_bytes", {{"type", "integer"}}},
             {"messages", {{"type", "integer"}}},
             {"first_prompt", {{"type", "string"}}},
             {"title", nullable_string},
             {"git_branch", nullable_string},
             {"cwd", nullable_string},
             {"version", nullable_string},
             {"subagents", {{"type", "integer"}}},
             {"active", {{"type", "boolean"}}},
             {"synced", {{"type", "boolean"}}},
         }},
        {"required", json::array({"session_id", "path", "started_at", "modified_at", "size_bytes", "messages",
                                  "first_prompt", "title", "git_branch", "cwd", "version", "subagents",
                                  "active", "synced"})},
    };
    return {
        {"type", "object"},
        {"properties",
         {
             {"project_path", {{"type", "string"}}},
             {"project_dirs", {{"type", "array"}, {"items", {{"type", "string"}}}}},
             {"since", nullable_string},
             {"sessions", {{"type", "array"}, {"items", session}}},
             {"total", {{"type", "integer"}}},
             {"next_cursor", nullable_string},
             {"stats",
              {{"type", "object"},
               {"properties", {{"redactions", {{"type", "integer"}}}}},
               {"required", json::array({"redactions"})}}},
         }},
        {"required",
         json::array({"project_path", "project_dirs", "since", "sessions", "total", "next_cursor"})},
    };
}

json optional_string(const std::string& text) {
    return text.empty() ? json(nullptr) : json(text);
}

// Every string here was redacted by list_sessions (with the allowlist of the project asked about).
json session_json(const tools::sessions::SessionSummary& s) {
    return {
        {"session_id", s.session_id},
        {"path", s.path.string()},
        {"started_at", s.started_at ? json(tools::format_iso8601(*s.started_at)) : json(nullptr)},
        {"modified_at", tools::format_iso8601(s.modified_at)},
        {"size_bytes", s.size_bytes},
        {"messages", s.messages},
        {"first_prompt", s.first_prompt},
        {"title", optional_string(s.title)},
        {"git_branch", optional_string(s.git_branch)},
        {"cwd", optional_string(s.cwd)},
        {"version", optional_string(s.version)},
        {"subagents", s.subagents},
        {"active", s.active},
        {"synced", s.synced},
    };
}

tools::Result<json> run(const json& arguments, const ToolContext& context) {
    const Settings& settings = context.settings;
    tools::sessions::ListOptions options;
    options.claude_dir = settings.claude_dir;
    options.state_dir = settings.state_dir;
    options.calling_session_id = settings.calling_session_id;
    auto requested = project_from_arguments(arguments, settings);
    if (!requested) {
        return tl::unexpected(requested.error());
    }
    options.project_path = tools::sessions::project_path_variants(*requested).front();
    options.limit = arguments.value("limit", kDefaultLimit);

    if (arguments.contains("cursor")) {
        auto cursor = decode_list_cursor(arguments["cursor"].get<std::string>());
        if (!cursor) {
            return tl::unexpected(cursor.error());
        }
        options.offset = cursor->offset;
        options.since = cursor->since;
        options.include_active = cursor->include_active;
    } else {
        auto since = tools::sessions::resolve_since(arguments.value("since", std::string()),
                                                    options.state_dir, options.project_path, tools::now_ms());
        if (!since) {
            return tl::unexpected(since.error());
        }
        options.since = *since;
        options.include_active = arguments.value("include_active", false);
    }

    const auto redactor = tools::secrets::Redactor::for_project(options.project_path);
    auto listed = tools::sessions::list_sessions(options, redactor, context.progress);
    if (!listed) {
        return tl::unexpected(listed.error());
    }

    std::uint64_t redactions = 0;
    json sessions = json::array();
    for (const auto& summary : listed->sessions) {
        sessions.push_back(session_json(summary));
        redactions += summary.redactions;
    }
    json dirs = json::array();
    for (const auto& dir : listed->project_dirs) {
        dirs.push_back(dir.string());
    }
    const std::size_t next_offset = options.offset + listed->sessions.size();
    json next_cursor = nullptr;
    if (next_offset < listed->total) {
        next_cursor = encode_list_cursor({next_offset, options.since, options.include_active});
    }
    return json{
        {"project_path", options.project_path.string()},
        {"project_dirs", std::move(dirs)},
        {"since", options.since ? json(tools::format_iso8601(*options.since)) : json(nullptr)},
        {"sessions", std::move(sessions)},
        {"total", listed->total},
        {"next_cursor", std::move(next_cursor)},
        {"stats", {{"redactions", redactions}}},
    };
}

}  // namespace

ToolDefinition make_list_recent_sessions_tool() {
    ToolDefinition tool;
    tool.name = "list_recent_sessions";
    tool.title = "List recent Claude Code sessions";
    tool.description =
        "Lists this project's Claude Code sessions on this machine, newest first: id, start and last-change "
        "times, size, message count, first prompt, title, git branch, Claude Code version and subagent "
        "count. "
        "By default only sessions changed since this machine last synced the project (all of them the first "
        "time), without the sessions still being written. Use extract_transcript with a session_id to read "
        "one. "
        "Sessions whose learnings were already synced from this machine say synced: true; sessions that ran "
        "a sync "
        "(commit_learnings) are left out. Page with next_cursor.";
    tool.input_schema = input_schema();
    tool.output_schema = output_schema();
    tool.annotations = {.read_only = true, .destructive = false, .idempotent = true, .open_world = false};
    tool.run = run;
    return tool;
}

}  // namespace server::handlers
