// `context-sync extract FILE|SESSION_ID`: the whole condensed session on stdout, the same text as the
// pages of extract_transcript concatenated (same options, redacted with the --project's allowlist).
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>

#include "server/cli/commands.hpp"
#include "tools/secrets/redactor.hpp"
#include "tools/sessions/project_dirs.hpp"
#include "tools/sessions/session_list.hpp"
#include "tools/transcripts/extract.hpp"

namespace server::cli {
namespace {

bool looks_like_path(const std::string& target) {
    std::error_code error;
    const bool jsonl = target.size() > 6 && target.compare(target.size() - 6, 6, ".jsonl") == 0;
    return jsonl || target.find('/') != std::string::npos || std::filesystem::is_regular_file(target, error);
}

}  // namespace

int run_extract(const Settings& settings, const ExtractArgs& args) {
    if (args.tool_calls != "summary" && args.tool_calls != "none") {
        std::cerr << "context-sync extract: --tool-calls must be summary or none\n";
        return 2;
    }
    const auto located =
        looks_like_path(args.target)
            ? tools::sessions::session_files_for_path(args.target)
            : tools::sessions::locate_session(
                  settings.claude_dir, tools::sessions::project_path_variants(settings.project_dir).front(),
                  args.target);
    if (!located) {
        std::cerr << "context-sync extract: " << located.error().message << "\n";
        return 1;
    }
    tools::transcripts::ExtractOptions options;
    options.max_tokens = args.max_tokens;
    options.include_thinking = args.include_thinking;
    options.include_subagents = args.include_subagents;
    options.tool_calls = args.tool_calls == "none" ? tools::transcripts::ToolCallDetail::none
                                                   : tools::transcripts::ToolCallDetail::summary;
    const auto redactor = tools::secrets::Redactor::for_project(settings.project_dir);

    const auto stats = tools::transcripts::extract_all(
        {located->main, located->subagents}, options, redactor,
        [](std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); });
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        std::cerr << "context-sync extract: cannot write to stdout\n";
        return 1;
    }
    if (!stats) {
        std::cerr << "context-sync extract: " << stats.error().message << "\n";
        return 1;
    }
    spdlog::debug("extracted {} lines, {} messages, {} bad lines, {} duplicate uuids", stats->lines,
                  stats->messages, stats->bad_lines, stats->duplicate_uuids);
    return 0;
}

}  // namespace server::cli
