#include "tools/git/replay.hpp"

#include "tools/git/commit.hpp"
#include "tools/git/repo.hpp"

namespace tools::git {

Result<std::vector<FileUpdate>> union_replay(git_repository* repo, const git_tree* tip,
                                             const git_tree* before, const git_tree* after) {
    auto paths = changed_paths(repo, before, after);
    if (!paths) {
        return tl::unexpected(paths.error());
    }
    const GitTreeReader at_tip(repo, tip);
    const GitTreeReader at_before(repo, before);
    const GitTreeReader at_after(repo, after);
    std::vector<FileUpdate> updates;
    for (const std::string& path : *paths) {
        auto ours = at_after.read(path);
        auto base = at_before.read(path);
        auto theirs = at_tip.read(path);
        if (!ours || !base || !theirs) {
            return tl::unexpected(!ours ? ours.error() : !base ? base.error() : theirs.error());
        }
        if (!*ours) {
            continue;
        }
        if (*theirs == *base || !*theirs) {
            updates.push_back({path, **ours});
            continue;
        }
        if (*theirs == *ours) {
            continue;
        }
        const std::string ancestor_text = base->value_or(std::string());
        git_merge_file_input ancestor = GIT_MERGE_FILE_INPUT_INIT;
        ancestor.ptr = ancestor_text.data();
        ancestor.size = ancestor_text.size();
        ancestor.path = path.c_str();
        git_merge_file_input mine = GIT_MERGE_FILE_INPUT_INIT;
        mine.ptr = (*ours)->data();
        mine.size = (*ours)->size();
        mine.path = path.c_str();
        git_merge_file_input other = GIT_MERGE_FILE_INPUT_INIT;
        other.ptr = (*theirs)->data();
        other.size = (*theirs)->size();
        other.path = path.c_str();
        git_merge_file_options options = GIT_MERGE_FILE_OPTIONS_INIT;
        options.favor = GIT_MERGE_FILE_FAVOR_UNION;
        git_merge_file_result merged{};
        if (git_merge_file(&merged, &ancestor, &other, &mine, &options) != 0) {
            return libgit2_error(ErrorCode::io_error, "cannot merge " + path);
        }
        std::string text = merged.ptr != nullptr ? std::string(merged.ptr, merged.len) : std::string();
        git_merge_file_result_free(&merged);
        if (has_conflict_marker(text)) {
            return make_error(ErrorCode::internal, "merging " + path + " produced conflict markers");
        }
        updates.push_back({path, std::move(text)});
    }
    return updates;
}

Result<std::vector<git_oid>> commits_between(git_repository* repo, const git_oid& tip,
                                             const std::optional<git_oid>& base) {
    git_revwalk* walk = nullptr;
    if (git_revwalk_new(&walk, repo) != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot walk history");
    }
    std::unique_ptr<git_revwalk, void (*)(git_revwalk*)> owned(walk, git_revwalk_free);
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
    if (git_revwalk_push(walk, &tip) != 0 || (base && git_revwalk_hide(walk, &*base) != 0)) {
        return libgit2_error(ErrorCode::io_error, "cannot walk history");
    }
    std::vector<git_oid> ids;
    git_oid id;
    while (git_revwalk_next(&id, walk) == 0) {
        ids.push_back(id);
    }
    return ids;
}

}  // namespace tools::git
