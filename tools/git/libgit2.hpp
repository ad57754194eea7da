// Small RAII and error helpers around libgit2's C API, shared by the files of tools/git.
// Every function here may be called from any thread (libgit2 objects themselves are not shared).
#pragma once

#include <git2.h>

#include <memory>
#include <string>
#include <string_view>

#include "tools/core/result.hpp"

namespace tools::git {

// Initialises libgit2 once per process (thread-safe); call before any other libgit2 function.
void ensure_libgit2();

template <typename T, void (*Free)(T*)>
struct GitDeleter {
    void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;

using RepoPtr = GitPtr<git_repository, git_repository_free>;
using IndexPtr = GitPtr<git_index, git_index_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;
using TreeEntryPtr = GitPtr<git_tree_entry, git_tree_entry_free>;
using CommitPtr = GitPtr<git_commit, git_commit_free>;
using BlobPtr = GitPtr<git_blob, git_blob_free>;
using RefPtr = GitPtr<git_reference, git_reference_free>;
using RemotePtr = GitPtr<git_remote, git_remote_free>;
using SignaturePtr = GitPtr<git_signature, git_signature_free>;
using ConfigPtr = GitPtr<git_config, git_config_free>;

// libgit2's last error message for the failing call `what`, e.g. "cannot read HEAD: ...".
std::string git_failure(std::string_view what);

// A Result error carrying git_failure(what).
tl::unexpected<Error> libgit2_error(ErrorCode code, std::string_view what);

std::string oid_hex(const git_oid& oid);

// A git_buf's text, freeing the buffer.
std::string take_buf(git_buf& buf);

}  // namespace tools::git
