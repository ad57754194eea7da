#include "tools/git/commit.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "tools/core/atomic_file.hpp"
#include "tools/git/index_update.hpp"
#include "tools/git/repo.hpp"

namespace tools::git {
namespace {

constexpr const char* kIdentityHelp =
    "git has no author identity for this repository. Set one with\n"
    "  git config --global user.name \"Your Name\"\n"
    "  git config --global user.email \"you@example.com\"\n"
    "(or without --global in this repository only), then try again";

std::optional<std::string> env(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::string(value);
}

// One signature from the environment pair, falling back to the configured default.
Result<SignaturePtr> signature_for(git_repository* repo, const char* name_var, const char* email_var) {
    const auto name = env(name_var);
    const auto email = env(email_var);
    git_signature* sig = nullptr;
    if (git_signature_default(&sig, repo) != 0) {
        if (!name || !email) {
            return make_error(ErrorCode::refused, kIdentityHelp);
        }
        sig = nullptr;
    }
    SignaturePtr fallback(sig);
    if (!name && !email) {
        return fallback;
    }
    git_signature* made = nullptr;
    const std::string n = name ? *name : fallback->name;
    const std::string e = email ? *email : fallback->email;
    if (git_signature_now(&made, n.c_str(), e.c_str()) != 0) {
        return make_error(ErrorCode::refused,
                          git_failure("the git identity is not usable") + "\n" + kIdentityHelp);
    }
    return SignaturePtr(made);
}

}  // namespace

Result<std::vector<FileUpdate>> changed_updates(git_repository* repo, const git_tree* base,
                                                std::vector<FileUpdate> updates) {
    const GitTreeReader reader(repo, base);
    std::set<std::string> seen;
    std::vector<FileUpdate> changed;
    for (FileUpdate& update : updates) {
        if (auto valid = validate_repo_path(update.path); !valid) {
            return tl::unexpected(valid.error());
        }
        if (!seen.insert(update.path).second) {
            return make_error(ErrorCode::internal, "the change names " + update.path + " twice");
        }
        auto before = reader.read(update.path);
        if (!before) {
            return tl::unexpected(before.error());
        }
        if (!*before || **before != update.contents) {
            changed.push_back(std::move(update));
        }
    }
    return changed;
}

Result<void> check_new_contents(const std::vector<FileUpdate>& updates) {
    for (const FileUpdate& update : updates) {
        if (has_conflict_marker(update.contents)) {
            return make_error(ErrorCode::refused,
                              "the new contents of " + update.path +
                                  " would hold a conflict marker line (<<<<<<< or >>>>>>>); "
                                  "nothing was written");
        }
    }
    return {};
}

Result<Identity> identity(git_repository* repo) {
    auto author = signature_for(repo, "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL");
    if (!author) {
        return tl::unexpected(author.error());
    }
    auto committer = signature_for(repo, "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL");
    if (!committer) {
        return tl::unexpected(committer.error());
    }
    return Identity{std::move(*author), std::move(*committer)};
}

Result<git_oid> write_commit(git_repository* repo, const std::optional<git_oid>& parent, const git_tree* base,
                             const std::vector<FileUpdate>& updates, const std::string& message,
                             const git_signature* author) {
    auto who = identity(repo);
    if (!who) {
        return tl::unexpected(who.error());
    }
    std::vector<git_oid> blobs(updates.size());
    std::vector<git_tree_update> edits(updates.size());
    for (std::size_t i = 0; i < updates.size(); ++i) {
        if (git_blob_create_from_buffer(&blobs[i], repo, updates[i].contents.data(),
                                        updates[i].contents.size()) != 0) {
            return libgit2_error(ErrorCode::io_error, "cannot write the blob of " + updates[i].path);
        }
        edits[i].action = GIT_TREE_UPDATE_UPSERT;
        edits[i].id = blobs[i];
        edits[i].filemode = GIT_FILEMODE_BLOB;
        edits[i].path = updates[i].path.c_str();
    }
    git_oid tree_id;
    if (base != nullptr) {
        if (git_tree_create_updated(&tree_id, repo, const_cast<git_tree*>(base), edits.size(),
                                    edits.data()) != 0) {
            return libgit2_error(ErrorCode::io_error, "cannot write the commit's tree");
        }
    } else {
        // An unborn branch: start from the empty tree.
        git_treebuilder* builder = nullptr;
        git_oid empty;
        if (git_treebuilder_new(&builder, repo, nullptr) != 0 ||
            git_treebuilder_write(&empty, builder) != 0) {
            git_treebuilder_free(builder);
            return libgit2_error(ErrorCode::io_error, "cannot write the empty tree");
        }
        git_treebuilder_free(builder);
        git_tree* empty_tree = nullptr;
        if (git_tree_lookup(&empty_tree, repo, &empty) != 0) {
            return libgit2_error(ErrorCode::io_error, "cannot read the empty tree");
        }
        TreePtr owned(empty_tree);
        if (git_tree_create_updated(&tree_id, repo, empty_tree, edits.size(), edits.data()) != 0) {
            return libgit2_error(ErrorCode::io_error, "cannot write the commit's tree");
        }
    }
    git_tree* tree = nullptr;
    if (git_tree_lookup(&tree, repo, &tree_id) != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot read the new tree");
    }
    TreePtr tree_owned(tree);
    CommitPtr parent_commit;
    if (parent) {
        git_commit* raw = nullptr;
        if (git_commit_lookup(&raw, repo, &*parent) != 0) {
            return libgit2_error(ErrorCode::io_error, "cannot read commit " + oid_hex(*parent));
        }
        parent_commit.reset(raw);
    }
    const git_commit* parents[1] = {parent_commit.get()};
    git_oid id;
    if (git_commit_create(&id, repo, nullptr, author != nullptr ? author : who->author.get(),
                          who->committer.get(), nullptr, message.c_str(), tree, parent ? 1 : 0,
                          parents) != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot write the commit");
    }
    return id;
}

Result<void> move_branch(git_repository* repo, const std::string& branch_ref,
                         const std::optional<git_oid>& expected, const git_oid& target,
                         const std::string& reflog) {
    git_reference* out = nullptr;
    const int rc = expected
                       ? git_reference_create_matching(&out, repo, branch_ref.c_str(), &target, 1, &*expected,
                                                       reflog.c_str())
                       : git_reference_create(&out, repo, branch_ref.c_str(), &target, 0, reflog.c_str());
    git_reference_free(out);
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ELOCKED) {
        return make_error(ErrorCode::refused,
                          git_failure(branch_ref + " moved or is locked while context-sync was "
                                                   "committing; try again"));
    }
    if (rc != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot update " + branch_ref);
    }
    return {};
}

Result<void> follow_tree(git_repository* repo, const std::filesystem::path& work_tree, const git_tree* to,
                         const std::vector<std::string>& paths) {
    const GitTreeReader reader(repo, to);
    std::vector<IndexChange> changes;
    for (const std::string& path : paths) {
        auto contents = reader.read(path);
        if (!contents) {
            return tl::unexpected(contents.error());
        }
        const std::filesystem::path file = work_tree / path;
        IndexChange& change = changes.emplace_back(IndexChange{path, std::nullopt, {}});
        if (!*contents) {
            ::unlink(file.c_str());
            continue;
        }
        // 0644: a file of the repo, meant to be shared.
        if (auto written = write_file_atomically(file, **contents, 0644); !written) {
            return tl::unexpected(written.error());
        }
        // The file holds exactly the committed blob, so its entry records that blob with the file's
        // stat data, as `git checkout` does; asking libgit2 to hash it again through the attributes
        // would load the whole index.
        git_oid blob;
        if (::lstat(file.c_str(), &change.st) != 0 ||
            git_odb_hash(&blob, (*contents)->data(), (*contents)->size(), GIT_OBJECT_BLOB) != 0) {
            return libgit2_error(ErrorCode::io_error, "cannot read back " + file.string());
        }
        change.id = blob;
    }
    return update_index(repo, changes);
}

Result<std::vector<std::string>> changed_paths(git_repository* repo, const git_tree* from,
                                               const git_tree* to) {
    git_diff* diff = nullptr;
    if (git_diff_tree_to_tree(&diff, repo, const_cast<git_tree*>(from), const_cast<git_tree*>(to), nullptr) !=
        0) {
        return libgit2_error(ErrorCode::io_error, "cannot compare trees");
    }
    std::vector<std::string> paths;
    const std::size_t n = git_diff_num_deltas(diff);
    for (std::size_t i = 0; i < n; ++i) {
        const git_diff_delta* delta = git_diff_get_delta(diff, i);
        paths.emplace_back(delta->new_file.path != nullptr ? delta->new_file.path : delta->old_file.path);
    }
    git_diff_free(diff);
    return paths;
}

}  // namespace tools::git
