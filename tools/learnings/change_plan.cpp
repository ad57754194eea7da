#include "tools/learnings/change_plan.hpp"

#include <set>

#include "tools/learnings/claude_md.hpp"
#include "tools/learnings/learning_item.hpp"
#include "tools/learnings/learnings_file.hpp"

namespace tools::learnings {
namespace {

Result<std::optional<std::string>> read_bounded(const FileSource& read, const std::string& path) {
    auto text = read(path);
    if (text && *text && (*text)->size() > kMaxProjectFileBytes) {
        return make_error(ErrorCode::invalid_argument, path + " is larger than " +
                                                           std::to_string(kMaxProjectFileBytes >> 20) +
                                                           " MiB; trim it by hand before adding learnings");
    }
    return text;
}

}  // namespace

Result<ChangePlan> plan_change(const ChangeInput& input, const FileSource& read) {
    const std::string learnings_path = input.project_prefix + std::string(kLearningsPath);
    auto learnings = read_bounded(read, learnings_path);
    if (!learnings) {
        return tl::unexpected(learnings.error());
    }

    ChangePlan plan;
    std::set<std::string> known;
    if (*learnings) {
        for (const std::string& item : all_items(**learnings)) {
            known.insert(normalize_learning(item));
        }
    }
    for (const std::string& item : input.items) {
        if (known.insert(normalize_learning(item)).second) {
            plan.added.push_back(item);
        } else {
            plan.duplicates.push_back(item);
        }
    }
    if (plan.added.empty()) {
        return plan;
    }
    plan.files.push_back(
        {learnings_path, *learnings,
         add_learnings(learnings->value_or(std::string()), input.date, input.machine, plan.added)});

    const std::string root_md = input.project_prefix + std::string(kRootClaudeMd);
    const std::string dot_md = input.project_prefix + std::string(kDotClaudeMd);
    auto root = read_bounded(read, root_md);
    if (!root) {
        return tl::unexpected(root.error());
    }
    auto dot = read_bounded(read, dot_md);
    if (!dot) {
        return tl::unexpected(dot.error());
    }
    const bool carried =
        (*root && has_learnings_directive(**root)) || (*dot && has_learnings_directive(**dot));
    if (!carried) {
        // CLAUDE.md when it exists; .claude/CLAUDE.md when only it exists or neither does.
        if (*root) {
            plan.files.push_back({root_md, *root, with_learnings_directive(**root, kRootClaudeMd)});
        } else {
            plan.files.push_back(
                {dot_md, *dot, with_learnings_directive(dot->value_or(std::string()), kDotClaudeMd)});
        }
    }

    const std::string attributes_path = input.project_prefix + ".gitattributes";
    auto attributes = read_bounded(read, attributes_path);
    if (!attributes) {
        return tl::unexpected(attributes.error());
    }
    if (!*attributes || !has_union_merge(**attributes)) {
        plan.files.push_back(
            {attributes_path, *attributes, with_union_merge(attributes->value_or(std::string()))});
    }
    return plan;
}

std::string commit_message(std::size_t learnings, std::string_view machine,
                           const std::vector<std::string>& session_ids) {
    std::string message =
        "context-sync: " + std::to_string(learnings) + " learnings from " + std::string(machine) + "\n";
    if (!session_ids.empty()) {
        message += "\n";
        for (const std::string& id : session_ids) {
            message += "Session-Id: " + id + "\n";
        }
    }
    return message;
}

}  // namespace tools::learnings
