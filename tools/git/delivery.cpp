#include "tools/git/delivery.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "tools/git/commit.hpp"
#include "tools/git/index_file.hpp"
#include "tools/git/remote.hpp"
#include "tools/git/replay.hpp"

namespace tools::git {
namespace {

constexpr int kPushAttempts = 3;
constexpr std::chrono::milliseconds kFirstBackoff{250};

std::string short_id(const git_oid& id) {
    return oid_hex(id).substr(0, 10);
}

void backoff(int attempt) {
    thread_local std::mt19937 rng(std::random_device{}());
    const auto base = kFirstBackoff * (1 << (attempt - 1));
    std::uniform_int_distribution<long> jitter(0, base.count());
    std::this_thread::sleep_for(base + std::chrono::milliseconds(jitter(rng)));
}

struct CommitInfo {
    std::string message;
    SignaturePtr author;
    std::optional<git_oid> parent;
};

Result<CommitInfo> commit_info(git_repository* repo, const git_oid& id) {
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &id) != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot read commit " + oid_hex(id));
    }
    CommitPtr commit(raw);
    CommitInfo info;
    info.message = git_commit_message_raw(raw);
    git_signature* author = nullptr;
    if (git_signature_dup(&author, git_commit_author(raw)) != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot read the author of " + oid_hex(id));
    }
    info.author.reset(author);
    if (git_commit_parentcount(raw) > 0) {
        info.parent = *git_commit_parent_id(raw, 0);
    }
    return info;
}

bool same_author(const git_signature* a, const git_signature* b) {
    return std::string_view(a->name) == b->name && std::string_view(a->email) == b->email &&
           a->when.time == b->when.time && a->when.offset == b->when.offset;
}

// A commit is ours when we recorded it, or when it is one we recorded rebased by the user's own
// `git pull --rebase` (same message and author, down to the second).
bool is_ours(git_repository* repo, const PendingRecord& record, const git_oid& id) {
    const std::string hex = oid_hex(id);
    if (std::find(record.commits.begin(), record.commits.end(), hex) != record.commits.end()) {
        return true;
    }
    git_commit* raw = nullptr;
    if (git_commit_lookup(&raw, repo, &id) != 0) {
        return false;
    }
    CommitPtr commit(raw);
    for (const std::string& recorded : record.commits) {
        git_oid other_id;
        git_commit* other = nullptr;
        if (git_oid_fromstr(&other_id, recorded.c_str()) != 0 ||
            git_commit_lookup(&other, repo, &other_id) != 0) {
            continue;
        }
        CommitPtr owned(other);
        if (std::string_view(git_commit_message_raw(raw)) == git_commit_message_raw(other) &&
            same_author(git_commit_author(raw), git_commit_author(other))) {
            return true;
        }
    }
    return false;
}

void mark_delivered(Delivery& d, std::string status) {
    d.record.commits.clear();
    d.record.reason.clear();
    d.result.pushed = true;
    d.result.pending = false;
    d.result.problem = PushProblem::none;
    d.result.push_status = std::move(status);
    save(d);
}

// The files to write for local commit `id` on top of `tip_tree`.
Result<std::vector<FileUpdate>> rebuild(Delivery& d, const git_oid& id, const CommitInfo& info,
                                        const git_tree* tip_tree) {
    git_repository* repo = d.open.repo.get();
    const GitTreeReader at_tip(repo, tip_tree);
    if (d.current && git_oid_equal(&*d.current, &id) && d.build != nullptr && *d.build) {
        return (*d.build)(at_tip);
    }
    auto before = tree_of(repo, info.parent);
    auto after = tree_of(repo, id);
    if (!before || !after) {
        return tl::unexpected(!before ? before.error() : after.error());
    }
    if (d.replay != nullptr && *d.replay) {
        return (*d.replay)(at_tip, GitTreeReader(repo, before->get()), GitTreeReader(repo, after->get()));
    }
    return union_replay(repo, tip_tree, before->get(), after->get());
}

enum class Step { delivered, push_now, stop };

// Rebuilds `local` (oldest first) on `tip`, then moves the branch, index and work tree there when none
// of the files that change is modified locally.
Result<Step> replay_onto(Delivery& d, const git_oid& head, const git_oid& tip,
                         const std::vector<git_oid>& local) {
    git_repository* repo = d.open.repo.get();
    git_oid new_tip = tip;
    std::vector<std::string> new_commits;
    std::optional<git_oid> rebuilt_current;
    std::vector<FileUpdate> rebuilt_files;
    for (const git_oid& id : local) {
        auto info = commit_info(repo, id);
        if (!info) {
            return tl::unexpected(info.error());
        }
        auto tip_tree = tree_of(repo, new_tip);
        if (!tip_tree) {
            return tl::unexpected(tip_tree.error());
        }
        auto built = rebuild(d, id, *info, tip_tree->get());
        if (!built) {
            return tl::unexpected(built.error());
        }
        auto updates = changed_updates(repo, tip_tree->get(), std::move(*built));
        if (!updates) {
            return tl::unexpected(updates.error());
        }
        if (updates->empty()) {
            continue;  // the remote already holds this change
        }
        if (auto checked = check_new_contents(*updates); !checked) {
            return tl::unexpected(checked.error());
        }
        const bool is_current = d.current && git_oid_equal(&*d.current, &id);
        const std::string message =
            is_current && d.message != nullptr && *d.message ? (*d.message)(*updates) : info->message;
        auto made = write_commit(repo, new_tip, tip_tree->get(), *updates, message, info->author.get());
        if (!made) {
            return tl::unexpected(made.error());
        }
        new_tip = *made;
        new_commits.push_back(oid_hex(new_tip));
        if (is_current) {
            rebuilt_current = new_tip;
            rebuilt_files = std::move(*updates);
        }
    }
    auto head_tree = tree_of(repo, head);
    auto target_tree = tree_of(repo, new_tip);
    if (!head_tree || !target_tree) {
        return tl::unexpected(!head_tree ? head_tree.error() : target_tree.error());
    }
    auto paths = changed_paths(repo, head_tree->get(), target_tree->get());
    if (!paths) {
        return tl::unexpected(paths.error());
    }
    auto index = read_staged(repo, *paths);
    if (!index) {
        return tl::unexpected(index.error());
    }
    for (const std::string& path : *paths) {
        auto clean = path_is_clean(repo, staged_blob(*index, path), d.open.work_tree, head_tree->get(), path);
        if (!clean || !*clean) {
            mark_pending(
                d, PushProblem::local_changes,
                d.result.upstream + " changed " + path +
                    ", which you have modified locally, so nothing in your work tree was touched and the "
                    "commit stays local. Commit or stash your change, run `git pull --rebase`, then "
                    "`context-sync push`");
            return Step::stop;
        }
    }
    if (auto moved =
            move_branch(repo, d.open.branch_ref, head, new_tip, "context-sync: replay onto " + short_id(tip));
        !moved) {
        return tl::unexpected(moved.error());
    }
    if (auto followed = follow_tree(repo, d.open.work_tree, target_tree->get(), *paths); !followed) {
        return tl::unexpected(followed.error());
    }
    if (d.current) {
        d.result.replayed = true;
        d.result.commit =
            rebuilt_current ? std::optional<std::string>(oid_hex(*rebuilt_current)) : std::nullopt;
        d.result.written = std::move(rebuilt_files);
        d.current = rebuilt_current;
    }
    d.record.commits = std::move(new_commits);
    if (d.record.commits.empty()) {
        mark_delivered(d, d.result.upstream + " already holds these changes; your branch now follows it");
        return Step::delivered;
    }
    save(d);
    return Step::push_now;
}

}  // namespace

std::string short_branch(const std::string& ref) {
    return ref.rfind("refs/heads/", 0) == 0 ? ref.substr(11) : ref;
}

void save(Delivery& d) {
    if (auto saved = write_pending(d.state_dir, d.open.work_tree, d.record); !saved) {
        spdlog::warn("cannot record the pending push: {}", saved.error().message);
    }
}

void mark_pending(Delivery& d, PushProblem problem, std::string status) {
    d.result.pushed = false;
    d.result.pending = !d.record.commits.empty();
    d.result.problem = problem;
    d.result.push_status = std::move(status);
    d.record.reason = d.result.push_status;
    save(d);
}

Result<void> deliver(Delivery& d) {
    git_repository* repo = d.open.repo.get();
    auto upstream = find_upstream(repo, d.open.branch_ref);
    if (!upstream) {
        return tl::unexpected(upstream.error());
    }
    const std::string branch = short_branch(d.open.branch_ref);
    if (!*upstream) {
        mark_pending(d, PushProblem::no_upstream,
                     "the branch " + branch +
                         " has no upstream, so the commit stays local: push it once with "
                         "`git push -u origin " +
                         branch + "` (or set one with `git branch --set-upstream-to`)");
        return {};
    }
    const Upstream& up = **upstream;
    d.result.upstream = up.display;
    RemoteOutcome last;
    for (int attempt = 1; attempt <= kPushAttempts; ++attempt) {
        if (attempt > 1) {
            backoff(attempt - 1);
        }
        std::optional<git_oid> tip;
        last = fetch_upstream(repo, d.open.work_tree, up, tip);
        if (!last.ok) {
            if (!last.retry) {
                break;
            }
            continue;
        }
        git_oid head;
        if (git_reference_name_to_id(&head, repo, d.open.branch_ref.c_str()) != 0) {
            return libgit2_error(ErrorCode::io_error, "cannot resolve " + d.open.branch_ref);
        }
        if (tip && (git_oid_equal(&*tip, &head) || git_graph_descendant_of(repo, &*tip, &head) == 1)) {
            mark_delivered(d, up.display + " already has every commit of this branch");
            return {};
        }
        std::optional<git_oid> base;
        if (tip) {
            git_oid merge_base;
            if (git_merge_base(&merge_base, repo, &head, &*tip) != 0) {
                mark_pending(d, PushProblem::other,
                             branch + " and " + up.display + " share no history; check the upstream setting");
                return {};
            }
            base = merge_base;
        }
        auto local = commits_between(repo, head, base);
        if (!local) {
            return tl::unexpected(local.error());
        }
        std::size_t own = 0;
        std::string example;
        for (const git_oid& id : *local) {
            if (!is_ours(repo, d.record, id)) {
                ++own;
                example = short_id(id);
            }
        }
        if (own > 0) {
            mark_pending(
                d, PushProblem::own_commits,
                branch + " holds " + std::to_string(own) + " commit(s) of yours not on " + up.display +
                    " (e.g. " + example +
                    "); context-sync never publishes your own work. Push them with "
                    "`git push` (after `git pull --rebase` if needed), then run `context-sync push`");
            return {};
        }
        d.record.commits.clear();
        for (const git_oid& id : *local) {
            d.record.commits.push_back(oid_hex(id));
        }
        if (tip && !git_oid_equal(&*base, &*tip)) {
            auto step = replay_onto(d, head, *tip, *local);
            if (!step) {
                return tl::unexpected(step.error());
            }
            if (*step != Step::push_now) {
                return {};
            }
        }
        last = push_upstream(repo, d.open.work_tree, up, d.open.branch_ref);
        if (last.ok) {
            mark_delivered(d, "pushed to " + up.display);
            return {};
        }
        if (!last.retry) {
            break;
        }
        spdlog::info("push attempt {} to {} failed: {}", attempt, up.display, last.status);
    }
    mark_pending(d, last.problem,
                 last.status + " (after " + std::to_string(kPushAttempts) +
                     " attempts at most; the commit is kept and recorded as a pending push)");
    return {};
}

}  // namespace tools::git
