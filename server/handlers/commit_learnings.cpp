// The commit_learnings tool: the live session hands over what it learned; it goes into the project's
// .claude/learnings.md, committed and pushed to the repo's upstream (tools/learnings/sync_learnings.hpp).
#include <nlohmann/json.hpp>

#include "server/handlers/handlers.hpp"
#include "server/handlers/learnings_project.hpp"
#include "tools/learnings/learning_item.hpp"
#include "tools/learnings/sync_learnings.hpp"

namespace server::handlers {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxLearnings = 200;

json input_schema() {
    const json string_list = {{"type", "array"}, {"items", {{"type", "string"}}}};
    return {
        {"type", "object"},
        {"properties",
         {
             {"learnings",
              {{"type", "array"},
               {"maxItems", kMaxLearnings},
               {"items", {{"type", "string"}, {"minLength", 1}}},
               {"description",
                "What this project's future sessions should know: each one markdown list item on one line, "
                "at most 500 characters, no heading, no secret. Items the file already holds are skipped."}}},
             {"project_path",
              project_path_property("Absolute path of the project (inside a git work tree); defaults to the "
                                    "directory Claude Code runs in.")},
             {"machine",
              {{"type", "string"},
               {"minLength", 1},
               {"description",
                "Name of this machine in the section heading (default: $CONTEXT_SYNC_MACHINE or the host "
                "name)."}}},
             {"session_ids",
              {{"type", "array"},
               {"items", {{"type", "string"}}},
               {"description", "The sessions these learnings come from; listings then mark them synced."}}},
             {"dry_run",
              {{"type", "boolean"},
               {"description",
                "Return the unified diff of each file and the commit message; write nothing."}}},
             {"push",
              {{"type", "boolean"},
               {"description", "Push the commit to the branch's upstream (default true)."}}},
         }},
        {"required", {"learnings"}},
        {"additionalProperties", false},
    };
}

json output_schema() {
    const json strings = {{"type", "array"}, {"items", {{"type", "string"}}}};
    const json nullable_string = {{"type", json::array({"string", "null"})}};
    return {
        {"type", "object"},
        {"properties",
         {
             {"status", {{"type", "string"}, {"enum", {"nothing_new", "dry_run", "committed"}}}},
             {"summary", {{"type", "string"}}},
             {"machine", {{"type", "string"}}},
             {"added", strings},
             {"duplicates", strings},
             {"files",
              {{"type", "array"},
               {"items",
                {{"type", "object"},
                 {"properties", {{"path", {{"type", "string"}}}, {"diff", {{"type", "string"}}}}},
                 {"required", {"path", "diff"}}}}}},
             {"commit_message", {{"type", "string"}}},
             {"commit", nullable_string},
             {"pushed", {{"type", "boolean"}}},
             {"pending", {{"type", "boolean"}}},
             {"push_problem", {{"type", "string"}}},
             {"push_status", {{"type", "string"}}},
             {"branch", {{"type", "string"}}},
             {"upstream", {{"type", "string"}}},
         }},
        {"required",
         json::array({"status", "summary", "machine", "added", "duplicates", "pushed", "pending"})},
    };
}

std::vector<std::string> strings(const json& arguments, const char* key) {
    std::vector<std::string> out;
    if (const auto it = arguments.find(key); it != arguments.end()) {
        for (const auto& item : *it) {
            out.push_back(item.get<std::string>());
        }
    }
    return out;
}

std::string summary_of(const tools::learnings::CommitOutcome& outcome) {
    using tools::learnings::CommitStatus;
    const std::string skipped =
        outcome.duplicates.empty()
            ? ""
            : "; skipped " + std::to_string(outcome.duplicates.size()) + " already known";
    switch (outcome.status) {
        case CommitStatus::nothing_new:
            return "No new learnings" + skipped + ". Nothing changed.";
        case CommitStatus::planned:
            return "Dry run: would commit " + std::to_string(outcome.added.size()) + " learnings in " +
                   std::to_string(outcome.files.size()) + " files" + skipped + ". Nothing was written.";
        case CommitStatus::committed:
            break;
    }
    std::string text = "Committed " + std::to_string(outcome.added.size()) + " learnings" + skipped + ". ";
    text += outcome.sync && outcome.sync->pushed
                ? "Pushed."
                : "Not pushed: " + (outcome.sync ? outcome.sync->push_status : "");
    if (!outcome.state_warning.empty()) {
        text += " (The sync state could not be saved: " + outcome.state_warning + ")";
    }
    return text;
}

}  // namespace

json commit_outcome_json(const tools::learnings::CommitOutcome& outcome) {
    using tools::learnings::CommitStatus;
    json result = {
        {"status", outcome.status == CommitStatus::nothing_new ? "nothing_new"
                   : outcome.status == CommitStatus::planned   ? "dry_run"
                                                               : "committed"},
        {"summary", summary_of(outcome)},
        {"machine", outcome.machine},
        {"added", outcome.added},
        {"duplicates", outcome.duplicates},
        {"pushed", outcome.sync && outcome.sync->pushed},
        {"pending", outcome.sync && outcome.sync->pending},
    };
    if (!outcome.message.empty()) {
        result["commit_message"] = outcome.message;
    }
    if (outcome.status == CommitStatus::planned) {
        json files = json::array();
        for (const auto& file : outcome.files) {
            files.push_back({{"path", file.path}, {"diff", file.diff}});
        }
        result["files"] = std::move(files);
    }
    if (outcome.sync) {
        const auto& sync = *outcome.sync;
        result["commit"] = sync.commit ? json(*sync.commit) : json(nullptr);
        result["push_problem"] = tools::git::to_string(sync.problem);
        result["push_status"] = sync.push_status;
        result["branch"] = sync.branch;
        result["upstream"] = sync.upstream;
    }
    return result;
}

ToolDefinition make_commit_learnings_tool() {
    ToolDefinition tool;
    tool.name = "commit_learnings";
    tool.title = "Commit learnings to the project";
    tool.description =
        "Saves learnings into the project's .claude/learnings.md (newest first, one section per day and "
        "machine), makes sure CLAUDE.md imports that file so every future session loads it, commits exactly "
        "those files and pushes them to the branch's upstream, so the user's other machines get them with "
        "their next pull. Each learning is one line, at most 500 characters; learnings already in the file "
        "are skipped; a learning that looks like it holds a secret refuses the whole call. Use dry_run to "
        "see the diff first. Read what is already known with read_learnings.";
    tool.input_schema = input_schema();
    tool.output_schema = output_schema();
    tool.annotations = {.read_only = false, .destructive = false, .idempotent = true, .open_world = true};
    tool.run = [](const json& arguments, const ToolContext& context) -> tools::Result<json> {
        auto project = project_from_arguments(arguments, context.settings);
        if (!project) {
            return tl::unexpected(project.error());
        }
        tools::learnings::CommitRequest request;
        request.project_dir = *project;
        request.state_dir = context.settings.state_dir;
        request.learnings = strings(arguments, "learnings");
        request.machine = arguments.value("machine", std::string());
        request.session_ids = strings(arguments, "session_ids");
        request.sync_session_id = context.settings.calling_session_id;
        request.dry_run = arguments.value("dry_run", false);
        request.push = arguments.value("push", true);
        request.allowlist = load_allowlist_of(*project);
        auto outcome = tools::learnings::commit_learnings(request);
        if (!outcome) {
            return tl::unexpected(outcome.error());
        }
        return commit_outcome_json(*outcome);
    };
    return tool;
}

}  // namespace server::handlers
