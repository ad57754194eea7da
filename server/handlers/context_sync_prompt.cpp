#include "server/handlers/context_sync_prompt.hpp"

#include <array>

#include "server/embedded_files.hpp"

namespace server::handlers {
namespace {

constexpr std::string_view kArgumentsToken = "$ARGUMENTS";

// Claude Code passes prompt arguments positionally, space-separated, so `/mcp__context-sync__context-sync
// --dry-run` arrives as dry_run = "--dry-run"; other clients send a boolean as text.
tools::Result<bool> parse_dry_run(const std::map<std::string, std::string>& arguments) {
    const auto it = arguments.find("dry_run");
    if (it == arguments.end()) {
        return false;
    }
    constexpr std::array<std::string_view, 5> kYes = {"true", "1", "yes", "--dry-run", "dry-run"};
    constexpr std::array<std::string_view, 4> kNo = {"", "false", "0", "no"};
    for (const std::string_view yes : kYes) {
        if (it->second == yes) {
            return true;
        }
    }
    for (const std::string_view no : kNo) {
        if (it->second == no) {
            return false;
        }
    }
    return tools::make_error(
        tools::ErrorCode::invalid_argument,
        "dry_run must be true or false (or --dry-run), not \"" + it->second.substr(0, 40) + "\"");
}

}  // namespace

std::string context_sync_prompt_text(bool dry_run) {
    const std::string_view body = skill_body();
    const std::string_view replacement = dry_run ? "--dry-run" : "";
    std::string text;
    text.reserve(body.size() + 16);
    std::size_t from = 0;
    for (std::size_t at = body.find(kArgumentsToken); at != std::string_view::npos;
         at = body.find(kArgumentsToken, from)) {
        text.append(body.substr(from, at - from)).append(replacement);
        from = at + kArgumentsToken.size();
    }
    text.append(body.substr(from));
    return text;
}

PromptDefinition make_context_sync_prompt() {
    PromptDefinition prompt;
    prompt.name = "context-sync";
    prompt.title = "Sync what this project's recent sessions learned";
    prompt.description =
        "Reads this project's recent Claude Code sessions on this machine, writes down the durable "
        "learnings and commits them to .claude/learnings.md, which every machine's CLAUDE.md imports.";
    prompt.arguments = {
        {"dry_run", "true (or --dry-run) to show what would be committed and write nothing", false}};
    prompt.get = [](const std::map<std::string, std::string>& arguments,
                    const ToolContext&) -> tools::Result<nlohmann::json> {
        auto dry_run = parse_dry_run(arguments);
        if (!dry_run) {
            return tl::unexpected(dry_run.error());
        }
        nlohmann::json message = {
            {"role", "user"}, {"content", {{"type", "text"}, {"text", context_sync_prompt_text(*dry_run)}}}};
        return nlohmann::json{{"description", *dry_run ? "context-sync, dry run" : "context-sync"},
                              {"messages", nlohmann::json::array({std::move(message)})}};
    };
    return prompt;
}

}  // namespace server::handlers
