// `context-sync commit` and `context-sync push`: the commit_learnings tool and the pending-push
// delivery for a shell, a git hook or a phone driving headless Claude. Same code as the tool: the
// arguments become a commit_learnings call through the tool registry.
#include <spdlog/spdlog.h>

#include <iostream>
#include <string>

#include "server/catalog.hpp"
#include "server/cli/commands.hpp"
#include "server/tool_runner.hpp"
#include "tools/learnings/sync_learnings.hpp"

namespace server::cli {
namespace {

std::vector<std::string> read_stdin_lines() {
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.find_first_not_of(" \t") != std::string::npos) {
            lines.push_back(line);
        }
    }
    return lines;
}

void print_push(const nlohmann::json& result) {
    if (const auto commit = result.find("commit"); commit != result.end() && commit->is_string()) {
        std::cout << "commit " << commit->get<std::string>() << '\n';
    }
    if (result.value("pushed", false)) {
        std::cout << "pushed to " << result.value("upstream", std::string("the upstream")) << '\n';
    } else if (result.contains("push_status")) {
        std::cout << "not pushed: " << result.value("push_status", std::string()) << '\n';
    }
}

}  // namespace

int run_commit(const Settings& settings, const CommitArgs& args) {
    std::vector<std::string> learnings = args.learnings;
    if (learnings.size() == 1 && learnings[0] == "-") {
        learnings = read_stdin_lines();
    }
    nlohmann::json arguments = {{"learnings", learnings}, {"dry_run", args.dry_run}, {"push", !args.no_push}};
    if (!args.machine.empty()) {
        arguments["machine"] = args.machine;
    }
    if (!args.session_ids.empty()) {
        arguments["session_ids"] = args.session_ids;
    }
    const Catalog catalog = make_default_catalog();
    const ToolContext context{settings, tools::Progress::none()};
    const ToolOutcome outcome = run_tool(catalog, "commit_learnings", arguments, context);
    if (outcome.kind != ToolOutcome::Kind::ok) {
        std::cerr << "context-sync commit: " << outcome.message << '\n';
        return kExitFailed;
    }
    const nlohmann::json& result = outcome.structured;
    for (const auto& file : result.value("files", nlohmann::json::array())) {
        std::cout << file.value("diff", std::string());
    }
    if (result.value("status", std::string()) == "dry_run") {
        std::cout << "\ncommit message:\n" << result.value("commit_message", std::string());
    }
    std::cout << result.value("summary", std::string()) << '\n';
    print_push(result);
    if (result.value("status", std::string()) == "committed" && !args.no_push &&
        !result.value("pushed", false)) {
        return kExitNotPushed;
    }
    return kExitOk;
}

int run_push(const Settings& settings) {
    auto result = tools::learnings::push_learnings(settings.project_dir, settings.state_dir);
    if (!result) {
        std::cerr << "context-sync push: " << result.error().message << '\n';
        return kExitFailed;
    }
    if (result->pushed) {
        std::cout << (result->commit ? "pushed " + *result->commit : std::string("nothing to push")) << '\n';
        return kExitOk;
    }
    std::cout << "not pushed: " << result->push_status << '\n';
    return kExitNotPushed;
}

}  // namespace server::cli
