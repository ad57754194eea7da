#include "tools/git/sync.hpp"

#include <map>
#include <memory>
#include <mutex>

#include "tools/git/commit.hpp"
#include "tools/git/delivery.hpp"
#include "tools/git/index_file.hpp"
#include "tools/git/pending.hpp"
#include "tools/git/repo.hpp"

namespace tools::git {
namespace {

// Calls on one work tree run one at a time within the process.
std::mutex& repo_mutex(const std::filesystem::path& work_tree) {
    static std::mutex guard;
    static std::map<std::string, std::unique_ptr<std::mutex>> mutexes;
    const std::lock_guard<std::mutex> lock(guard);
    auto& slot = mutexes[work_tree.string()];
    if (!slot) {
        slot = std::make_unique<std::mutex>();
    }
    return *slot;
}

}  // namespace

const char* to_string(PushProblem problem) {
    switch (problem) {
        case PushProblem::none:
            return "none";
        case PushProblem::not_requested:
            return "not_requested";
        case PushProblem::no_upstream:
            return "no_upstream";
        case PushProblem::authentication:
            return "authentication";
        case PushProblem::host_unknown:
            return "host_unknown";
        case PushProblem::network:
            return "network";
        case PushProblem::rejected:
            return "rejected";
        case PushProblem::local_changes:
            return "local_changes";
        case PushProblem::own_commits:
            return "own_commits";
        case PushProblem::other:
            return "other";
    }
    return "other";
}

Result<std::filesystem::path> find_work_tree(const std::filesystem::path& dir) {
    ensure_libgit2();
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, dir.c_str(), 0, nullptr) != 0) {
        return make_error(ErrorCode::refused, dir.string() + " is not inside a git repository");
    }
    RepoPtr repo(raw);
    const char* work_dir = git_repository_workdir(raw);
    if (work_dir == nullptr) {
        return make_error(ErrorCode::refused, dir.string() +
                                                  " is a bare git repository; context-sync needs a work "
                                                  "tree");
    }
    std::string path = work_dir;
    while (path.size() > 1 && path.back() == '/') {
        path.pop_back();
    }
    return std::filesystem::path(path);
}

Result<void> check_repo(const std::filesystem::path& dir, const std::vector<std::string>& paths) {
    auto open = open_repo(dir);
    if (!open) {
        return tl::unexpected(open.error());
    }
    auto tree = tree_of(open->repo.get(), open->head);
    if (!tree) {
        return tl::unexpected(tree.error());
    }
    return check_paths(*open, tree->get(), paths);
}

Result<SyncPlan> plan_sync(const SyncRequest& request) {
    auto open = open_repo(request.repo_dir);
    if (!open) {
        return tl::unexpected(open.error());
    }
    auto tree = tree_of(open->repo.get(), open->head);
    if (!tree) {
        return tl::unexpected(tree.error());
    }
    const GitTreeReader reader(open->repo.get(), tree->get());
    auto built = request.build(reader);
    if (!built) {
        return tl::unexpected(built.error());
    }
    auto updates = changed_updates(open->repo.get(), tree->get(), std::move(*built));
    if (!updates) {
        return tl::unexpected(updates.error());
    }
    std::vector<std::string> paths;
    for (const FileUpdate& u : *updates) {
        paths.push_back(u.path);
    }
    if (auto checked = check_paths(*open, tree->get(), paths); !checked) {
        return tl::unexpected(checked.error());
    }
    if (auto checked = check_new_contents(*updates); !checked) {
        return tl::unexpected(checked.error());
    }
    SyncPlan plan;
    plan.branch = short_branch(open->branch_ref);
    for (const FileUpdate& u : *updates) {
        auto before = reader.read(u.path);
        if (!before) {
            return tl::unexpected(before.error());
        }
        plan.files.push_back({u.path, *before, u.contents});
    }
    if (!updates->empty() && request.message) {
        plan.message = request.message(*updates);
    }
    return plan;
}

Result<SyncResult> commit_and_push(const SyncRequest& request) {
    auto work_tree = find_work_tree(request.repo_dir);
    if (!work_tree) {
        return tl::unexpected(work_tree.error());
    }
    const std::lock_guard<std::mutex> lock(repo_mutex(*work_tree));
    auto open = open_repo(request.repo_dir);
    if (!open) {
        return tl::unexpected(open.error());
    }
    git_repository* repo = open->repo.get();
    auto tree = tree_of(repo, open->head);
    if (!tree) {
        return tl::unexpected(tree.error());
    }
    auto built = request.build(GitTreeReader(repo, tree->get()));
    if (!built) {
        return tl::unexpected(built.error());
    }
    auto updates = changed_updates(repo, tree->get(), std::move(*built));
    if (!updates) {
        return tl::unexpected(updates.error());
    }
    SyncResult result;
    result.branch = short_branch(open->branch_ref);
    std::string warning;
    PendingRecord record = read_pending(request.state_dir, open->work_tree, &warning);
    Delivery delivery{*open,
                      request.state_dir,
                      record,
                      std::nullopt,
                      &request.build,
                      &request.message,
                      &request.replay_pending,
                      result};
    if (!updates->empty()) {
        std::vector<std::string> paths;
        for (const FileUpdate& u : *updates) {
            paths.push_back(u.path);
        }
        if (auto checked = check_paths(*open, tree->get(), paths); !checked) {
            return tl::unexpected(checked.error());
        }
        if (auto checked = check_new_contents(*updates); !checked) {
            return tl::unexpected(checked.error());
        }
        const std::string message = request.message ? request.message(*updates) : "context-sync";
        auto commit = write_commit(repo, open->head, tree->get(), *updates, message);
        if (!commit) {
            return tl::unexpected(commit.error());
        }
        if (auto moved = move_branch(repo, open->branch_ref, open->head, *commit,
                                     "commit: " + message.substr(0, message.find('\n')));
            !moved) {
            return tl::unexpected(moved.error());
        }
        auto new_tree = tree_of(repo, *commit);
        if (!new_tree) {
            return tl::unexpected(new_tree.error());
        }
        if (auto followed = follow_tree(repo, open->work_tree, new_tree->get(), paths); !followed) {
            return tl::unexpected(followed.error());
        }
        result.commit = oid_hex(*commit);
        result.written = std::move(*updates);
        delivery.current = *commit;
        record.branch = open->branch_ref;
        record.commits.push_back(oid_hex(*commit));
        save(delivery);
    }
    if (!request.push) {
        mark_pending(delivery, PushProblem::not_requested,
                     record.commits.empty()
                         ? "nothing to push"
                         : "committed locally; `context-sync push` delivers it to the remote");
    } else if (record.commits.empty()) {
        result.push_status = "nothing to commit or push";
    } else if (auto delivered = deliver(delivery); !delivered) {
        mark_pending(delivery, PushProblem::other, delivered.error().message);
    }
    if (!warning.empty()) {
        result.push_status = warning + "; " + result.push_status;
    }
    return result;
}

Result<SyncResult> push_pending(const std::filesystem::path& repo_dir, const std::filesystem::path& state_dir,
                                const Replayer& replay) {
    auto work_tree = find_work_tree(repo_dir);
    if (!work_tree) {
        return tl::unexpected(work_tree.error());
    }
    const std::lock_guard<std::mutex> lock(repo_mutex(*work_tree));
    auto open = open_repo(repo_dir);
    if (!open) {
        return tl::unexpected(open.error());
    }
    SyncResult result;
    result.branch = short_branch(open->branch_ref);
    std::string warning;
    PendingRecord record = read_pending(state_dir, open->work_tree, &warning);
    Delivery delivery{*open, state_dir, record, std::nullopt, nullptr, nullptr, &replay, result};
    if (record.commits.empty()) {
        result.pushed = true;
        result.push_status = "nothing pending to push";
    } else if (auto delivered = deliver(delivery); !delivered) {
        return tl::unexpected(delivered.error());
    }
    if (!warning.empty()) {
        result.push_status = warning + "; " + result.push_status;
    }
    return result;
}

}  // namespace tools::git
