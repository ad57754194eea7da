// The extract_transcript tool: one page of a session's condensed transcript.
#include <list>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

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

// A located session: the project directory it belongs to, its files and its full id, and the redactor
// of that project (rebuilt when the allowlist file's stamp changes).
struct Located {
    std::filesystem::path project;
    tools::transcripts::TranscriptFiles files;
    std::string session_id;
    std::shared_ptr<const tools::secrets::Redactor> redactor;
    tools::secrets::Redaction shown_id;  // session_id through redactor
};

// Sessions located for the next_cursor each page handed out, so that the next page skips locating the
// session again (resolving the project's spellings, listing its directory, reading the head of the
// file), which cost more than a small page itself. A cursor is authenticated by this process, and the
// key holds every argument that locating depends on, so a hit is exactly what the previous page found
// a moment ago. Bounded (the oldest goes first); a miss just locates again.
class LocatedCache {
  public:
    static constexpr std::size_t max_entries = 32;

    static LocatedCache& instance() {
        static LocatedCache cache;
        return cache;
    }
    static std::string key(const Settings& settings, const std::filesystem::path& requested,
                           std::string_view session_id, std::string_view cursor) {
        std::string key = settings.claude_dir.string();
        for (const std::string_view part : {std::string_view(requested.native()), session_id, cursor}) {
            key.push_back('\0');
            key.append(part);
        }
        return key;
    }
    std::optional<Located> take(const std::string& key) {
        const std::lock_guard lock(m_mutex);
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it->first == key) {
                Located found = std::move(it->second);
                m_entries.erase(it);
                return found;
            }
        }
        return std::nullopt;
    }
    void put(std::string key, Located located) {
        const std::lock_guard lock(m_mutex);
        m_entries.emplace_front(std::move(key), std::move(located));
        if (m_entries.size() > max_entries) {
            m_entries.pop_back();
        }
    }

  private:
    std::mutex m_mutex;
    std::list<std::pair<std::string, Located>> m_entries;  // newest first
};

tools::Result<Located> locate(const Settings& settings, const std::filesystem::path& requested,
                              const std::string& session_id) {
    Located out;
    out.project = tools::sessions::project_path_variants(requested).front();
    auto located = tools::sessions::locate_session(settings.claude_dir, out.project, session_id);
    if (!located) {
        return tl::unexpected(located.error());
    }
    out.files = {located->main, located->subagents};
    out.session_id = located->session_id.empty() ? session_id : located->session_id;
    return out;
}

tools::Result<json> run(const json& arguments, const ToolContext& context) {
    const Settings& settings = context.settings;
    const std::string session_id = arguments["session_id"].get<std::string>();
    auto requested = project_from_arguments(arguments, settings);
    if (!requested) {
        return tl::unexpected(requested.error());
    }
    const std::string cursor = arguments.value("cursor", std::string());
    std::optional<Located> cached;
    if (!cursor.empty()) {
        cached = LocatedCache::instance().take(LocatedCache::key(settings, *requested, session_id, cursor));
    }
    auto located =
        cached ? tools::Result<Located>(std::move(*cached)) : locate(settings, *requested, session_id);
    if (!located) {
        return tl::unexpected(located.error());
    }
    const std::filesystem::path& project_path = located->project;

    ExtractOptions options;
    options.max_tokens = arguments.value("max_tokens", options.max_tokens);
    options.include_thinking = arguments.value("include_thinking", false);
    options.include_subagents = arguments.value("include_subagents", false);
    options.tool_calls = arguments.value("include_tool_calls", std::string("summary")) == "none"
                             ? tools::transcripts::ToolCallDetail::none
                             : tools::transcripts::ToolCallDetail::summary;
    // The allowlist of the project asked about, not of the one the server runs in.
    if (!located->redactor || !located->redactor->current()) {
        located->redactor = std::make_shared<const tools::secrets::Redactor>(
            tools::secrets::Redactor::for_project(project_path));
        located->shown_id = located->redactor->redact(located->session_id);
    }
    const std::shared_ptr<const tools::secrets::Redactor> kept_redactor = located->redactor;
    const tools::secrets::Redactor& redactor = *kept_redactor;

    auto page = tools::transcripts::extract_page(located->files, options, redactor, cursor, context.progress);
    if (!page) {
        return tl::unexpected(page.error());
    }
    page->stats.redactions += located->shown_id.count;
    std::string shown_id = located->shown_id.text;
    if (page->next_cursor) {  // the redactor goes along: it is only read, and shared
        LocatedCache::instance().put(LocatedCache::key(settings, *requested, session_id, *page->next_cursor),
                                     std::move(*located));
    }
    return json{
        {"session_id", std::move(shown_id)},
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
