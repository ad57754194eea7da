#include "tools/git/index_update.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <set>

#include "tools/core/safe_read.hpp"
#include "tools/git/index_file.hpp"

namespace tools::git {
namespace {

using namespace index_format;

constexpr std::uint32_t kRegularFileMode = 0100644;
constexpr std::uint32_t kGitlinkMode = 0160000;
constexpr int kMaxTreeDepth = 4096;
constexpr std::size_t kMaxHashedBytes = std::size_t{64} << 20;

const char* const kLockHelp = "(if no git command is running, remove .git/index.lock)";

// index.lock, created exclusively as git does; removed unless committed by the rename.
class IndexLock {
  public:
    explicit IndexLock(std::filesystem::path index) : m_index(std::move(index)), m_lock(m_index) {
        m_lock += ".lock";
        m_fd = ::open(m_lock.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    }
    IndexLock(const IndexLock&) = delete;
    IndexLock& operator=(const IndexLock&) = delete;
    ~IndexLock() {
        if (m_fd >= 0) {
            ::close(m_fd);
            ::unlink(m_lock.c_str());
        }
    }
    bool held() const { return m_fd >= 0; }

    Result<void> commit(std::initializer_list<std::string_view> parts) {
        for (std::string_view part : parts) {
            while (!part.empty()) {
                const ssize_t n = ::write(m_fd, part.data(), part.size());
                if (n < 0 && errno == EINTR) {
                    continue;
                }
                if (n <= 0) {
                    return make_error(ErrorCode::io_error, "cannot write " + m_lock.string() + ": " +
                                                               std::strerror(errno) + " " + kLockHelp);
                }
                part.remove_prefix(static_cast<std::size_t>(n));
            }
        }
        const int fd = m_fd;
        m_fd = -1;
        if (::close(fd) != 0 || ::rename(m_lock.c_str(), m_index.c_str()) != 0) {
            const int error = errno;
            ::unlink(m_lock.c_str());
            return make_error(ErrorCode::io_error,
                              "cannot replace " + m_index.string() + ": " + std::strerror(error));
        }
        return {};
    }

  private:
    std::filesystem::path m_index;
    std::filesystem::path m_lock;
    int m_fd = -1;
};

// Copies one cache-tree node and its subtrees from `in` to `out`, marking invalid (entry count -1, no
// id) the nodes whose directory is in `dirs`, as git's cache_tree_invalidate_path does.
bool copy_tree_node(std::string_view in, std::size_t& at, const std::string& parent, int depth,
                    const std::set<std::string, std::less<>>& dirs, std::string& out) {
    const std::size_t start = at;
    const std::size_t nul = in.find('\0', at);
    const std::size_t newline = nul == std::string_view::npos ? nul : in.find('\n', nul);
    if (newline == std::string_view::npos || depth > kMaxTreeDepth) {
        return false;
    }
    const std::string_view name = in.substr(at, nul - at);
    const std::string dir =
        depth == 0 ? std::string() : (parent.empty() ? std::string(name) : parent + "/" + std::string(name));
    const std::string_view counts = in.substr(nul + 1, newline - nul - 1);
    const std::size_t space = counts.find(' ');
    if (space == std::string_view::npos || space == 0) {
        return false;
    }
    const bool valid = counts[0] != '-';
    const std::string_view subtrees_text = counts.substr(space + 1);
    std::size_t subtrees = 0;
    for (char c : subtrees_text) {
        if (c < '0' || c > '9' || subtrees > 1000000) {
            return false;
        }
        subtrees = subtrees * 10 + static_cast<std::size_t>(c - '0');
    }
    at = newline + 1;
    if (valid && in.size() - at < kHashBytes) {
        return false;
    }
    if (dirs.count(dir) != 0) {
        out.append(name);
        out.append(1, '\0');
        out.append("-1 ");
        out.append(subtrees_text);
        out.append(1, '\n');
    } else {
        out.append(in.substr(start, at - start + (valid ? kHashBytes : 0)));
    }
    if (valid) {
        at += kHashBytes;
    }
    for (std::size_t i = 0; i < subtrees; ++i) {
        if (at >= in.size() || !copy_tree_node(in, at, dir, depth + 1, dirs, out)) {
            return false;
        }
    }
    return true;
}

void append_extension(std::string& out, std::string_view signature, std::string_view payload) {
    out.append(signature);
    const std::size_t at = out.size();
    out.append(4, '\0');
    put_be32(out, at, static_cast<std::uint32_t>(payload.size()));
    out.append(payload);
}

// git writes an index over a racily clean entry (its file modified in the second the old index was
// written, so stat data cannot tell) after checking its contents, smudging its size when they differ.
void smudge_if_racy_and_changed(git_repository* repo, std::string& bytes, std::size_t offset,
                                const std::string& path) {
    const std::uint32_t mode = be32(bytes, offset + kMode);
    if ((mode & 0170000) == kGitlinkMode) {
        return;
    }
    const std::filesystem::path file = std::filesystem::path(git_repository_workdir(repo)) / path;
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0 ||
        be32(bytes, offset + kMtime) != static_cast<std::uint32_t>(st.st_mtime) ||
        be32(bytes, offset + kSize) != static_cast<std::uint32_t>(st.st_size)) {
        return;  // stat data already differ, so git will look at the contents anyway
    }
    // The raw bytes, not libgit2's filtered hash (which loads the whole index for the attributes): a
    // smudge the filters would have spared only makes git look at the file once more.
    git_oid on_disk;
    git_oid staged;
    git_oid_fromraw(&staged, reinterpret_cast<const unsigned char*>(bytes.data() + offset + kId));
    auto contents = S_ISREG(st.st_mode) ? read_regular_file(file, kMaxHashedBytes) : Result<std::string>();
    if (!S_ISREG(st.st_mode) || !contents ||
        git_odb_hash(&on_disk, contents->data(), contents->size(), GIT_OBJECT_BLOB) != 0 ||
        !git_oid_equal(&on_disk, &staged)) {
        put_be32(bytes, offset + kSize, 0);
    }
}

void write_stat(std::string& bytes, std::size_t offset, const git_oid& id, const struct stat& st) {
    const std::uint32_t fields[] = {static_cast<std::uint32_t>(st.st_ctim.tv_sec),
                                    static_cast<std::uint32_t>(st.st_ctim.tv_nsec),
                                    static_cast<std::uint32_t>(st.st_mtim.tv_sec),
                                    static_cast<std::uint32_t>(st.st_mtim.tv_nsec),
                                    static_cast<std::uint32_t>(st.st_dev),
                                    static_cast<std::uint32_t>(st.st_ino),
                                    kRegularFileMode,
                                    static_cast<std::uint32_t>(st.st_uid),
                                    static_cast<std::uint32_t>(st.st_gid),
                                    static_cast<std::uint32_t>(st.st_size)};
    for (std::size_t i = 0; i < std::size(fields); ++i) {
        put_be32(bytes, offset + 4 * i, fields[i]);
    }
    std::memcpy(bytes.data() + offset + kId, id.id, kHashBytes);
}

Result<void> update_with_libgit2(git_repository* repo, const std::vector<IndexChange>& changes) {
    git_index* raw = nullptr;
    if (git_repository_index(&raw, repo) != 0 || git_index_read(raw, 0) != 0) {
        git_index_free(raw);
        return libgit2_error(ErrorCode::io_error, "cannot read the index");
    }
    const IndexPtr index(raw);
    for (const IndexChange& change : changes) {
        const int rc = change.id ? git_index_add_bypath(raw, change.path.c_str())
                                 : git_index_remove_bypath(raw, change.path.c_str());
        if (rc != 0) {
            return libgit2_error(ErrorCode::io_error, "cannot update " + change.path + " in the index");
        }
    }
    if (git_index_write(raw) != 0) {
        return libgit2_error(ErrorCode::io_error, std::string("cannot write the index ") + kLockHelp);
    }
    return {};
}

}  // namespace

Result<bool> patch_index_in_place(git_repository* repo, const std::vector<IndexChange>& changes) {
    std::map<std::string_view, const IndexChange*> wanted;
    std::set<std::string, std::less<>> dirs;
    for (const IndexChange& change : changes) {
        if (!change.id || !S_ISREG(change.st.st_mode)) {
            return false;
        }
        wanted.emplace(change.path, &change);
        for (std::size_t slash = 0; slash != std::string::npos; slash = change.path.find('/', slash + 1)) {
            dirs.insert(change.path.substr(0, slash));
        }
    }
    IndexLock lock(index_path(repo));
    if (!lock.held()) {
        return make_error(ErrorCode::io_error,
                          std::string("cannot lock the index: ") + std::strerror(errno) + " " + kLockHelp);
    }
    auto read = read_index_file(index_path(repo));
    if (!read) {
        return tl::unexpected(read.error());
    }
    if (!*read) {
        return false;
    }
    std::string& bytes = (*read)->bytes;
    const auto index_second = static_cast<std::uint32_t>((*read)->mtime.tv_sec);
    std::map<const IndexChange*, std::size_t> found;
    std::vector<std::pair<std::size_t, std::string>> racy;
    bool plain = true;
    const auto layout = parse_index(bytes, [&](const IndexEntryView& entry) {
        if ((entry.flags & kStageMask) != 0) {
            plain = false;
        } else if (const auto it = wanted.find(entry.path); it != wanted.end()) {
            // Only a plain regular-file entry is overwritten as is: other flags and modes are libgit2's.
            plain = plain && (entry.flags & (kAssumeValid | kExtended)) == 0 &&
                    be32(bytes, entry.offset + kMode) == kRegularFileMode;
            found.emplace(it->second, entry.offset);
        } else if (be32(bytes, entry.offset + kMtime) >= index_second) {
            racy.emplace_back(entry.offset, std::string(entry.path));
        }
    });
    if (!layout || !plain || found.size() != wanted.size()) {
        return false;
    }
    std::string tail;
    std::size_t eoie = 0;
    for (const IndexExtension& ext : layout->extensions) {
        const std::string_view payload = std::string_view(bytes).substr(ext.offset + 8, ext.size);
        if (ext.signature == "TREE") {
            std::string tree;
            std::size_t at = 0;
            if (!payload.empty() &&
                (!copy_tree_node(payload, at, "", 0, dirs, tree) || at != payload.size())) {
                return false;
            }
            append_extension(tail, ext.signature, tree);
        } else if (ext.signature == "EOIE" && &ext == &layout->extensions.back()) {
            eoie = ext.size;
        } else if (ext.signature == "REUC" || ext.signature == "UNTR" || ext.signature == "FSMN" ||
                   ext.signature == "IEOT") {
            // Resolve-undo, untracked cache, fsmonitor and entry offsets stay true: the changed entries
            // keep their place and size, and the directory's mtime tells the untracked cache it moved.
            append_extension(tail, ext.signature, payload);
        } else {
            return false;  // an extension whose data this patch cannot keep in step
        }
    }
    if (eoie != 0) {
        // End of index entries: where the entries end, and a hash of every extension header before it.
        std::string payload(4, '\0');
        put_be32(payload, 0, static_cast<std::uint32_t>(layout->entries_end));
        unsigned char digest[EVP_MAX_MD_SIZE];
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr) == 1;
        for (std::size_t at = 0; ok && at < tail.size(); at += 8 + be32(tail, at + 4)) {
            ok = EVP_DigestUpdate(ctx, tail.data() + at, 8) == 1;
        }
        ok = ok && EVP_DigestFinal_ex(ctx, digest, nullptr) == 1;
        EVP_MD_CTX_free(ctx);
        if (!ok) {
            return false;
        }
        payload.append(reinterpret_cast<const char*>(digest), kHashBytes);
        append_extension(tail, "EOIE", payload);
    }
    for (const auto& [change, offset] : found) {
        write_stat(bytes, offset, *change->id, change->st);
    }
    for (const auto& [offset, path] : racy) {
        smudge_if_racy_and_changed(repo, bytes, offset, path);
    }
    const std::string_view entries = std::string_view(bytes).substr(0, layout->entries_end);
    unsigned char checksum[EVP_MAX_MD_SIZE] = {};
    if (layout->hashed) {
        EVP_MD_CTX* ctx = EVP_MD_CTX_new();
        const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha1(), nullptr) == 1 &&
                        EVP_DigestUpdate(ctx, entries.data(), entries.size()) == 1 &&
                        EVP_DigestUpdate(ctx, tail.data(), tail.size()) == 1 &&
                        EVP_DigestFinal_ex(ctx, checksum, nullptr) == 1;
        EVP_MD_CTX_free(ctx);
        if (!ok) {
            return false;
        }
    }
    if (auto committed = lock.commit({entries, tail, {reinterpret_cast<const char*>(checksum), kHashBytes}});
        !committed) {
        return tl::unexpected(committed.error());
    }
    return true;
}

Result<void> update_index(git_repository* repo, const std::vector<IndexChange>& changes) {
    auto patched = patch_index_in_place(repo, changes);
    if (!patched) {
        return tl::unexpected(patched.error());
    }
    if (*patched) {
        return {};
    }
    return update_with_libgit2(repo, changes);
}

}  // namespace tools::git
