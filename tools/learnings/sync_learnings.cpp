#include "tools/learnings/sync_learnings.hpp"

#include <memory>
#include <mutex>

#include "tools/learnings/change_plan.hpp"
#include "tools/learnings/learning_item.hpp"
#include "tools/learnings/learnings_file.hpp"
#include "tools/learnings/machine_name.hpp"
#include "tools/learnings/project_lock.hpp"
#include "tools/learnings/secret_gate.hpp"
#include "tools/learnings/unified_diff.hpp"
#include "tools/sessions/path_guard.hpp"
#include "tools/sessions/sync_state.hpp"

namespace tools::learnings {
namespace {

// What the ChangeBuilder saw last: the git layer calls it once per base (HEAD, then each remote tip),
// and the commit holds what the last call returned.
struct BuildLog {
    std::mutex mutex;
    ChangePlan plan;
};

struct Prepared {
    ChangeInput input;
    std::vector<std::string> session_ids;
};

std::string preview(const std::string& text) {
    return text.size() <= 60 ? text : text.substr(0, 57) + "...";
}

Result<Prepared> prepare(const CommitRequest& request, const std::string& machine) {
    // The gate comes first, so no later message can quote a secret back.
    std::vector<std::string> texts = request.learnings;
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < request.learnings.size(); ++i) {
        labels.push_back("learning " + std::to_string(i + 1));
    }
    texts.push_back(machine);
    labels.emplace_back("the machine name");
    if (auto clean = check_for_secrets(texts, labels, request.allowlist); !clean) {
        return tl::unexpected(clean.error());
    }

    Prepared prepared;
    for (std::size_t i = 0; i < request.learnings.size(); ++i) {
        auto item = validate_learning(request.learnings[i]);
        if (!item) {
            return make_error(ErrorCode::invalid_argument, "learning " + std::to_string(i + 1) + " (\"" +
                                                               preview(request.learnings[i]) + "\") " +
                                                               item.error().message);
        }
        prepared.input.items.push_back(std::move(*item));
    }
    auto valid_machine = validate_machine(machine);
    if (!valid_machine) {
        return tl::unexpected(valid_machine.error());
    }
    prepared.input.machine = std::move(*valid_machine);
    for (const std::string& id : request.session_ids) {
        if (!sessions::is_valid_session_id(id)) {
            return make_error(ErrorCode::invalid_argument,
                              "session_ids: '" + preview(id) + "' is not a session id");
        }
        prepared.session_ids.push_back(id);
    }
    prepared.input.date = request.date.empty() ? local_date_today() : request.date;
    return prepared;
}

// The project directory relative to the work tree, '/'-separated with a trailing '/', or "".
Result<std::string> project_prefix(const std::filesystem::path& project_dir) {
    auto top = git::find_work_tree(project_dir);
    if (!top) {
        return tl::unexpected(top.error());
    }
    std::error_code ec;
    const std::filesystem::path project = std::filesystem::weakly_canonical(project_dir, ec);
    const std::filesystem::path root = std::filesystem::weakly_canonical(*top, ec);
    const std::filesystem::path relative = project.lexically_relative(root);
    if (relative.empty() || relative == ".") {
        return std::string();
    }
    if (*relative.begin() == "..") {
        return make_error(ErrorCode::invalid_argument,
                          project_dir.string() + " is not inside the work tree " + root.string());
    }
    return relative.generic_string() + "/";
}

git::SyncRequest sync_request(const CommitRequest& request, const Prepared& prepared,
                              const std::filesystem::path& repo_dir, const std::shared_ptr<BuildLog>& log) {
    git::SyncRequest sync;
    sync.repo_dir = repo_dir;
    sync.push = request.push;
    sync.state_dir = request.state_dir;
    sync.build = [input = prepared.input,
                  log](const git::TreeReader& base) -> Result<std::vector<git::FileUpdate>> {
        auto plan = plan_change(input, [&base](std::string_view path) { return base.read(path); });
        if (!plan) {
            return tl::unexpected(plan.error());
        }
        std::vector<git::FileUpdate> updates;
        for (const ChangedFile& file : plan->files) {
            updates.push_back({file.path, file.after});
        }
        const std::lock_guard<std::mutex> hold(log->mutex);
        log->plan = std::move(*plan);
        return updates;
    };
    sync.message = [machine = prepared.input.machine, ids = prepared.session_ids,
                    log](const std::vector<git::FileUpdate>&) {
        const std::lock_guard<std::mutex> hold(log->mutex);
        return commit_message(log->plan.added.size(), machine, ids);
    };
    return sync;
}

}  // namespace

Result<CommitOutcome> commit_learnings(const CommitRequest& request) {
    CommitOutcome outcome;
    outcome.machine = request.machine.empty() ? default_machine_name() : request.machine;
    auto prepared = prepare(request, outcome.machine);
    if (!prepared) {
        return tl::unexpected(prepared.error());
    }
    outcome.machine = prepared->input.machine;
    if (prepared->input.items.empty()) {
        return outcome;
    }
    auto prefix = project_prefix(request.project_dir);
    if (!prefix) {
        return tl::unexpected(prefix.error());
    }
    prepared->input.project_prefix = *prefix;

    auto log = std::make_shared<BuildLog>();
    const git::SyncRequest sync = sync_request(request, *prepared, request.project_dir, log);

    if (request.dry_run) {
        auto plan = git::plan_sync(sync);
        if (!plan) {
            return tl::unexpected(plan.error());
        }
        const std::lock_guard<std::mutex> hold(log->mutex);
        outcome.added = log->plan.added;
        outcome.duplicates = log->plan.duplicates;
        if (plan->files.empty()) {
            return outcome;
        }
        outcome.status = CommitStatus::planned;
        outcome.message = plan->message;
        for (const git::PlannedFile& file : plan->files) {
            outcome.files.push_back({file.path, unified_diff(file.path, file.before, file.after)});
        }
        return outcome;
    }

    auto lock = ProjectLock::acquire(request.state_dir, request.project_dir);
    if (!lock) {
        return tl::unexpected(lock.error());
    }
    auto result = git::commit_and_push(sync);
    if (!result) {
        return tl::unexpected(result.error());
    }
    {
        const std::lock_guard<std::mutex> hold(log->mutex);
        outcome.added = log->plan.added;
        outcome.duplicates = log->plan.duplicates;
        if (result->commit) {
            outcome.message = commit_message(log->plan.added.size(), outcome.machine, prepared->session_ids);
        }
    }
    if (!result->commit) {
        // Everything was a duplicate of what the file (or the remote tip) already holds.
        outcome.added.clear();
        outcome.sync = std::move(*result);
        return outcome;
    }
    outcome.status = CommitStatus::committed;
    const TimeMs now = request.now != 0 ? request.now : now_ms();
    if (auto saved = sessions::record_sync(request.state_dir, request.project_dir, now, prepared->session_ids,
                                           request.sync_session_id);
        !saved) {
        outcome.state_warning = saved.error().message;
    }
    outcome.sync = std::move(*result);
    return outcome;
}

Result<git::SyncResult> push_learnings(const std::filesystem::path& project_dir,
                                       const std::filesystem::path& state_dir) {
    auto lock = ProjectLock::acquire(state_dir, project_dir);
    if (!lock) {
        return tl::unexpected(lock.error());
    }
    return git::push_pending(project_dir, state_dir);
}

}  // namespace tools::learnings
