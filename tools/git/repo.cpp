#include "tools/git/repo.hpp"

#include <sys/stat.h>

#include <cstring>

#include "tools/core/safe_read.hpp"
#include "tools/git/index_file.hpp"

namespace tools::git {
namespace {

constexpr std::size_t kMaxBlobBytes = 16u << 20;

tl::unexpected<Error> refuse(std::string message) {
    return make_error(ErrorCode::refused, std::move(message));
}

const char* operation_in_progress(int state) {
    switch (state) {
        case GIT_REPOSITORY_STATE_MERGE:
            return "a merge";
        case GIT_REPOSITORY_STATE_REVERT:
        case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
            return "a revert";
        case GIT_REPOSITORY_STATE_CHERRYPICK:
        case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
            return "a cherry-pick";
        case GIT_REPOSITORY_STATE_BISECT:
            return "a bisect";
        case GIT_REPOSITORY_STATE_REBASE:
        case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
        case GIT_REPOSITORY_STATE_REBASE_MERGE:
        case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
        case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
            return "a rebase";
        default:
            return "a git operation";
    }
}

bool is_regular_blob(git_filemode_t mode) {
    return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

}  // namespace

Result<OpenRepo> open_repo(const std::filesystem::path& dir) {
    ensure_libgit2();
    git_repository* raw = nullptr;
    if (git_repository_open_ext(&raw, dir.c_str(), 0, nullptr) != 0) {
        return refuse(dir.string() +
                      " is not inside a git repository: run `git init` there (or pick the project's "
                      "repository) first");
    }
    OpenRepo open;
    open.repo.reset(raw);
    if (git_repository_is_bare(raw) != 0 || git_repository_workdir(raw) == nullptr) {
        return refuse(dir.string() + " is a bare git repository; context-sync needs a work tree");
    }
    std::string work_tree = git_repository_workdir(raw);
    while (work_tree.size() > 1 && work_tree.back() == '/') {
        work_tree.pop_back();
    }
    open.work_tree = work_tree;
    const int state = git_repository_state(raw);
    if (state != GIT_REPOSITORY_STATE_NONE) {
        return refuse(std::string(operation_in_progress(state)) + " is in progress in " + work_tree +
                      ": finish or abort it (see `git status`), then try again");
    }
    const int detached = git_repository_head_detached(raw);
    if (detached == 1) {
        return refuse("HEAD is detached in " + work_tree +
                      ": check out a branch (`git switch <branch>`) first");
    }
    if (detached < 0 && git_repository_head_unborn(raw) != 1) {
        return libgit2_error(ErrorCode::io_error, "cannot read HEAD of " + work_tree);
    }
    git_reference* head_raw = nullptr;
    const int head_rc = git_reference_lookup(&head_raw, raw, "HEAD");
    if (head_rc != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot read HEAD of " + work_tree);
    }
    RefPtr head(head_raw);
    if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC) {
        return refuse("HEAD is detached in " + work_tree + ": check out a branch first");
    }
    open.branch_ref = git_reference_symbolic_target(head.get());
    if (git_repository_head_unborn(raw) != 1) {
        git_oid id;
        if (git_reference_name_to_id(&id, raw, open.branch_ref.c_str()) != 0) {
            return libgit2_error(ErrorCode::io_error, "cannot resolve " + open.branch_ref);
        }
        open.head = id;
    }
    return open;
}

Result<TreePtr> tree_of(git_repository* repo, const std::optional<git_oid>& commit) {
    if (!commit) {
        return TreePtr();
    }
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo, &*commit) != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot read commit " + oid_hex(*commit));
    }
    CommitPtr owned(c);
    git_tree* tree = nullptr;
    if (git_commit_tree(&tree, c) != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot read the tree of " + oid_hex(*commit));
    }
    return TreePtr(tree);
}

Result<void> validate_repo_path(std::string_view path) {
    if (path.empty() || path.front() == '/' || path.back() == '/' ||
        path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
        return make_error(ErrorCode::invalid_argument,
                          "not a work-tree relative file path: " + std::string(path));
    }
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        const std::string_view part = path.substr(start, end - start);
        std::string lower(part);
        for (char& c : lower) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (part.empty() || part == "." || part == ".." || lower == ".git") {
            return make_error(ErrorCode::invalid_argument, "path part not allowed in " + std::string(path));
        }
        start = end + 1;
    }
    return {};
}

Result<bool> path_is_clean(git_repository* repo, const std::optional<git_oid>& staged,
                           const std::filesystem::path& work_tree, const git_tree* tree,
                           const std::string& path) {
    std::optional<git_oid> committed;
    if (tree != nullptr) {
        git_tree_entry* raw = nullptr;
        if (git_tree_entry_bypath(&raw, tree, path.c_str()) == 0) {
            TreeEntryPtr entry(raw);
            if (!is_regular_blob(git_tree_entry_filemode(raw))) {
                return refuse(path +
                              " is not a regular file in the repository (a directory, symlink or "
                              "submodule); context-sync will not replace it");
            }
            committed = *git_tree_entry_id(raw);
        }
    }
    if (staged.has_value() != committed.has_value() || (staged && !git_oid_equal(&*staged, &*committed))) {
        return false;
    }
    // Every directory on the way must be a real directory inside the work tree, never a symlink.
    std::filesystem::path at = work_tree;
    std::size_t start = 0;
    for (std::size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', start)) {
        at /= path.substr(start, slash - start);
        start = slash + 1;
        struct stat st {};
        if (::lstat(at.c_str(), &st) != 0) {
            return !committed;  // the directory is missing, so is the file
        }
        if (!S_ISDIR(st.st_mode)) {
            return refuse(at.string() +
                          " is not a directory (a symlink or file); context-sync will not write "
                          "through it");
        }
    }
    const std::filesystem::path file = work_tree / path;
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0) {
        return !committed;
    }
    if (!S_ISREG(st.st_mode)) {
        return refuse(file.string() +
                      " is not a regular file (a symlink, FIFO or directory); context-sync will "
                      "not replace it");
    }
    if (!committed) {
        return false;  // untracked file where we would create one
    }
    // The file holding exactly the committed bytes is clean. Only otherwise ask libgit2, whose filters
    // (line endings, LFS) may still find the two equal, but which loads the whole index to read the
    // attributes: a tenth of a second on a big repository.
    git_oid on_disk;
    if (static_cast<std::size_t>(st.st_size) <= kMaxBlobBytes) {
        auto bytes = read_regular_file(file, kMaxBlobBytes);
        if (bytes && git_odb_hash(&on_disk, bytes->data(), bytes->size(), GIT_OBJECT_BLOB) == 0 &&
            git_oid_equal(&on_disk, &*committed)) {
            return true;
        }
    }
    if (git_repository_hashfile(&on_disk, repo, path.c_str(), GIT_OBJECT_BLOB, nullptr) != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot read " + file.string());
    }
    return git_oid_cmp(&on_disk, &*committed) == 0;
}

bool has_conflict_marker(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
        const std::string_view line = text.substr(start, 7);
        if (line == "<<<<<<<" || line == ">>>>>>>") {
            return true;
        }
        const std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            break;
        }
        start = nl + 1;
    }
    return false;
}

Result<void> check_paths(const OpenRepo& open, const git_tree* tree, const std::vector<std::string>& paths) {
    auto index = read_staged(open.repo.get(), paths);
    if (!index) {
        return tl::unexpected(index.error());
    }
    if (index->has_conflicts) {
        return refuse("the index of " + open.work_tree.string() +
                      " has unmerged entries: resolve them (see `git status`) and commit first");
    }
    const GitTreeReader reader(open.repo.get(), tree);
    for (const std::string& path : paths) {
        if (auto valid = validate_repo_path(path); !valid) {
            return tl::unexpected(valid.error());
        }
        auto clean = path_is_clean(open.repo.get(), staged_blob(*index, path), open.work_tree, tree, path);
        if (!clean) {
            return tl::unexpected(clean.error());
        }
        if (!*clean) {
            return refuse(path +
                          " has uncommitted changes (staged, unstaged or untracked): commit or stash them "
                          "(`git stash`), then try again");
        }
        auto contents = reader.read(path);
        if (!contents) {
            return tl::unexpected(contents.error());
        }
        if (*contents && has_conflict_marker(**contents)) {
            return refuse(path +
                          " holds conflict markers (<<<<<<< or >>>>>>>): resolve them and commit first");
        }
    }
    return {};
}

Result<std::optional<std::string>> GitTreeReader::read(std::string_view repo_path) const {
    if (auto valid = validate_repo_path(repo_path); !valid) {
        return tl::unexpected(valid.error());
    }
    if (m_tree == nullptr) {
        return std::optional<std::string>();
    }
    const std::string path(repo_path);
    git_tree_entry* raw = nullptr;
    const int rc = git_tree_entry_bypath(&raw, m_tree, path.c_str());
    if (rc == GIT_ENOTFOUND) {
        return std::optional<std::string>();
    }
    if (rc != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot read " + path);
    }
    TreeEntryPtr entry(raw);
    if (!is_regular_blob(git_tree_entry_filemode(raw))) {
        return refuse(path +
                      " is not a regular file in the repository (a directory, symlink or submodule); "
                      "context-sync will not replace it");
    }
    git_blob* blob_raw = nullptr;
    if (git_blob_lookup(&blob_raw, m_repo, git_tree_entry_id(raw)) != 0) {
        return libgit2_error(ErrorCode::io_error, "cannot read " + path);
    }
    BlobPtr blob(blob_raw);
    const auto size = static_cast<std::size_t>(git_blob_rawsize(blob_raw));
    if (size > kMaxBlobBytes) {
        return make_error(ErrorCode::io_error, path + " is larger than 16 MiB in the repository");
    }
    return std::optional<std::string>(
        std::string(static_cast<const char*>(git_blob_rawcontent(blob_raw)), size));
}

}  // namespace tools::git
