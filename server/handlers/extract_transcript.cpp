// The extract_transcript tool: one page of a session's condensed transcript.
#include <nlohmann/json.hpp>

#include "server/handlers/handlers.hpp"
#include "server/handlers/project_argument.hpp"
#include "tools/secrets/redactor.hpp"
#include "tools/sessions/project_dirs.hpp"
#include "tools/sessions/session_list.hpp"
#include "tools/transcripts/extract.hpp"

namespace server::handlers {
namespace {

using nlohmann::json;
using tools::transcripts::ExtractOptions;
using tools::transcripts::ExtractStats;

constexpr const char* stat_names[] = {
    "files",        "lines",
    "bytes",        "messages",
    "user_prompts", "assistant_messages",
    "tool_calls",   "failed_tool_results",
    "compactions",  "unknown_types",
    "bad_lines",    "duplicate_uuids",
    "redactions",   "truncated_messages",
};

json input_schema() {
    return {
        {"type", "object"},
        {"properties",
         {
             {"session_id",
              {{"type", "string"},
               {"minLength", 1},
               {"maxLength", 200},
               {"description", "Session id, as list_recent_sessions returns it."}}},
             {"project_path", project_path_property()},
             {"cursor",
              {{"type", "string"},
               {"minLength", 1},
               {"description", "next_cursor of the previous page, with the same other arguments."}}},
             {"max_tokens",
              {{"type", "integer"},
               {"minimum", ExtractOptions::min_tokens},
               {"maximum", ExtractOptions::max_tokens_limit},
               {"description", "Size of one page in tokens (default 8000)."}}},
             {"include_thinking",
              {{"type", "boolean"}, {"description", "Include thinking (default false)."}}},
             {"include_tool_calls",
              {{"type", "string"},
               {"enum", json::array({"summary", "none"})},
               {"description",
                "\"summary\" (default): one line per tool call and failed result; \"none\"."}}},
             {"include_subagents",
              {{"type", "boolean"}, {"description", "Also subagent (Task) conversations (default false)."}}},
         }},
        {"required", json::array({"session_id"})},
        {"additionalProperties", false},
    };
}

json output_schema() {
    json stats_properties = json::object();
    for (const char* name : stat_names) {
        stats_properties[name] = {{"type", "integer"}};
    }
    stats_properties["skipped"] = {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}};
    return {
        {"type", "object"},
        {"properties",
         {
             {"session_id", {{"type", "string"}}},
             {"text", {{"type", "string"}}},
             {"next_cursor", {{"type", json::array({"string", "null"})}}},
             {"stats", {{"type", "object"}, {"properties", stats_properties}}},
         }},
        {"required", json::array({"session_id", "text", "next_cursor", "stats"})},
    };
}

json stats_json(const ExtractStats& s) {
    const std::uint64_t values[] = {
        s.files,        s.lines,
        s.bytes,        s.messages,
        s.user_prompts, s.assistant_messages,
        s.tool_calls,   s.failed_tool_results,
        s.compactions,  s.unknown_types,
        s.bad_lines,    s.duplicate_uuids,
        s.redactions,   s.truncated_messages,
    };
    static_assert(std::size(values) == std::size(stat_names));
    json out = json::object();
    for (std::size_t i = 0; i < std::size(values); ++i) {
        out[stat_names[i]] = values[i];
    }
    json skipped = json::object();
    for (const auto& [reason, count] : s.skipped) {
        skipped[reason] = count;
    }
    out["skipped"] = std::move(skipped);
    return out;
}

tools::Result<json> run(const json& arguments, const ToolContext& context) {
    const Settings& settings = context.settings;
    const std::string session_id = arguments["session_id"].get<std::string>();
    auto requested = project_from_arguments(arguments, settings);
    if (!requested) {
        return tl::unexpected(requested.error());
    }
    const std::filesystem::path project_path = tools::sessions::project_path_variants(*requested).front();
    auto located = tools::sessions::locate_session(settings.claude_dir, project_path, session_id);
    if (!located) {
        return tl::unexpected(located.error());
    }

    ExtractOptions options;
    options.max_tokens = arguments.value("max_tokens", options.max_tokens);
    options.include_thinking = arguments.value("include_thinking", false);
    options.include_subagents = arguments.value("include_subagents", false);
    options.tool_calls = arguments.value("include_tool_calls", std::string("summary")) == "none"
                             ? tools::transcripts::ToolCallDetail::none
                             : tools::transcripts::ToolCallDetail::summary;
    // The allowlist of the project asked about, not of the one the server runs in.
    const auto redactor = tools::secrets::Redactor::for_project(project_path);

    const tools::transcripts::TranscriptFiles files{located->main, located->subagents};
    auto page = tools::transcripts::extract_page(files, options, redactor,
                                                 arguments.value("cursor", std::string()), context.progress);
    if (!page) {
        return tl::unexpected(page.error());
    }
    const auto shown_id = redactor.redact(located->session_id.empty() ? session_id : located->session_id);
    page->stats.redactions += shown_id.count;
    return json{
        {"session_id", shown_id.text},
        {"text", std::move(page->text)},
        {"next_cursor", page->next_cursor ? json(*page->next_cursor) : json(nullptr)},
        {"stats", stats_json(page->stats)},
    };
}

}  // namespace

ToolDefinition make_extract_transcript_tool() {
    ToolDefinition tool;
    tool.name = "extract_transcript";
    tool.title = "Read a Claude Code session transcript";
    tool.description =
        "Returns the condensed transcript of one session of this project, for distilling learnings: every "
        "user prompt and assistant reply in order with [date time] stamps, each tool call as one line "
        "(\"→ Bash: make test\"), failed tool results as one line (\"✗ ...\"), compaction markers with their "
        "summary and slash commands by name. Tool output, thinking, images and bookkeeping are left out and "
        "counted in stats. The text comes in pages of at most max_tokens: while next_cursor is not null, "
        "call "
        "again with cursor set to it and the same other arguments to read on; the pages together are the "
        "whole session, nothing repeated. Get session ids from list_recent_sessions.";
    tool.input_schema = input_schema();
    tool.output_schema = output_schema();
    tool.annotations = {.read_only = true, .destructive = false, .idempotent = true, .open_world = false};
    tool.run = run;
    return tool;
}

}  // namespace server::handlers
