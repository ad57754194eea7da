#include "tools/git/index_file.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace tools::git {

namespace index_format {

std::uint32_t be32(std::string_view bytes, std::size_t at) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

void put_be32(std::string& bytes, std::size_t at, std::uint32_t value) {
    for (int i = 0; i < 4; ++i) {
        bytes[at + i] = static_cast<char>((value >> (24 - 8 * i)) & 0xff);
    }
}

}  // namespace index_format

namespace {

using namespace index_format;

constexpr std::size_t kHeaderBytes = 12;
constexpr std::size_t kEntryFixedBytes = 62;  // up to and including the flags

std::uint16_t be16(std::string_view bytes, std::size_t at) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

// git's offset varint (varint.c): 7 bits a byte, most significant first, each continuation adding one.
bool decode_varint(std::string_view bytes, std::size_t& at, std::size_t end, std::uint64_t& value) {
    if (at >= end) {
        return false;
    }
    auto c = static_cast<unsigned char>(bytes[at++]);
    value = c & 127u;
    while ((c & 128u) != 0) {
        if (at >= end || value >= (std::uint64_t{1} << 56)) {
            return false;
        }
        c = static_cast<unsigned char>(bytes[at++]);
        value = ((value + 1) << 7) | (c & 127u);
    }
    return true;
}

bool checksum_matches(std::string_view bytes) {
    const std::string_view stored = bytes.substr(bytes.size() - kHashBytes);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size() - kHashBytes, digest, &length, EVP_sha1(), nullptr) != 1 ||
        length != kHashBytes) {
        return false;
    }
    return std::memcmp(digest, stored.data(), kHashBytes) == 0;
}

}  // namespace

std::optional<IndexLayout> parse_index(std::string_view bytes,
                                       const std::function<void(const IndexEntryView&)>& visit) {
    if (bytes.size() < kHeaderBytes + kHashBytes || bytes.substr(0, 4) != "DIRC") {
        return std::nullopt;
    }
    IndexLayout layout;
    layout.version = be32(bytes, 4);
    if (layout.version < 2 || layout.version > 4) {
        return std::nullopt;
    }
    const std::uint32_t count = be32(bytes, 8);
    const std::size_t end = bytes.size() - kHashBytes;
    std::size_t at = kHeaderBytes;
    std::string last;  // version 4 stores each path as a suffix of the one before
    for (std::uint32_t i = 0; i < count; ++i) {
        if (end - at < kEntryFixedBytes) {
            return std::nullopt;
        }
        IndexEntryView entry;
        entry.offset = at;
        entry.flags = be16(bytes, at + kFlags);
        std::size_t path_at = at + kEntryFixedBytes;
        if ((entry.flags & kExtended) != 0) {
            if (layout.version < 3 || end - path_at < 2) {
                return std::nullopt;
            }
            entry.extended_flags = be16(bytes, path_at);
            path_at += 2;
        }
        std::size_t next = 0;
        if (layout.version < 4) {
            const std::size_t nul = bytes.find('\0', path_at);
            if (nul == std::string_view::npos || nul >= end) {
                return std::nullopt;
            }
            entry.path = bytes.substr(path_at, nul - path_at);
            if ((entry.flags & kNameMask) != std::min<std::size_t>(entry.path.size(), kNameMask)) {
                return std::nullopt;
            }
            // One to eight NULs pad the entry to a multiple of eight bytes.
            next = at + ((path_at - at + entry.path.size() + 8) & ~std::size_t{7});
        } else {
            std::uint64_t strip = 0;
            if (!decode_varint(bytes, path_at, end, strip) || strip > last.size()) {
                return std::nullopt;
            }
            const std::size_t nul = bytes.find('\0', path_at);
            if (nul == std::string_view::npos || nul >= end) {
                return std::nullopt;
            }
            last.resize(last.size() - strip);
            last.append(bytes.substr(path_at, nul - path_at));
            entry.path = last;
            next = nul + 1;
        }
        if (next > end) {
            return std::nullopt;
        }
        visit(entry);
        at = next;
    }
    layout.entries_end = at;
    while (at < end) {
        if (end - at < 8) {
            return std::nullopt;
        }
        const std::string_view signature = bytes.substr(at, 4);
        // A lowercase first letter marks an extension a reader must understand (split index, sparse
        // index): libgit2 refuses those, and so does this reader.
        if (signature[0] < 'A' || signature[0] > 'Z') {
            return std::nullopt;
        }
        const std::size_t size = be32(bytes, at + 4);
        if (size > end - at - 8) {
            return std::nullopt;
        }
        layout.extensions.push_back({signature, at, size});
        at += 8 + size;
    }
    const std::string_view stored = bytes.substr(end);
    layout.hashed = std::any_of(stored.begin(), stored.end(), [](char c) { return c != '\0'; });
    if (layout.hashed && !checksum_matches(bytes)) {
        return std::nullopt;
    }
    return layout;
}

Result<std::optional<IndexBytes>> read_index_file(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            return std::optional<IndexBytes>();
        }
        return make_error(ErrorCode::io_error, "cannot open " + file.string() + ": " + std::strerror(errno));
    }
    const std::unique_ptr<int, void (*)(int*)> closer(new int(fd), [](int* p) {
        ::close(*p);
        delete p;
    });
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return make_error(ErrorCode::io_error, file.string() + " is not a readable regular file");
    }
    IndexBytes index;
    index.mtime = st.st_mtim;
    index.bytes.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < index.bytes.size()) {
        const ssize_t n = ::read(fd, index.bytes.data() + done, index.bytes.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return make_error(ErrorCode::io_error, "cannot read " + file.string());
        }
        done += static_cast<std::size_t>(n);
    }
    return std::optional<IndexBytes>(std::move(index));
}

std::filesystem::path index_path(git_repository* repo) {
    return std::filesystem::path(git_repository_path(repo)) / "index";
}

Result<StagedPaths> read_staged(git_repository* repo, const std::vector<std::string>& paths) {
    const std::filesystem::path file = index_path(repo);
    auto raw = read_index_file(file);
    if (raw && *raw) {
        StagedPaths result;
        std::map<std::string_view, bool> wanted;
        for (const std::string& path : paths) {
            wanted.emplace(path, true);
        }
        const std::string_view bytes = (*raw)->bytes;
        const auto layout = parse_index(bytes, [&](const IndexEntryView& entry) {
            if ((entry.flags & kStageMask) != 0) {
                result.has_conflicts = true;
            } else if (wanted.count(entry.path) != 0) {
                git_oid id;
                git_oid_fromraw(&id,
                                reinterpret_cast<const unsigned char*>(bytes.data() + entry.offset + kId));
                result.staged.emplace(std::string(entry.path), id);
            }
        });
        if (layout) {
            return result;
        }
    }
    // No index file, or one this reader leaves to libgit2.
    git_index* index = nullptr;
    if (git_repository_index(&index, repo) != 0 || git_index_read(index, 0) != 0) {
        git_index_free(index);
        return libgit2_error(ErrorCode::io_error, "cannot read the index " + file.string());
    }
    const IndexPtr owned(index);
    StagedPaths result;
    result.has_conflicts = git_index_has_conflicts(index) != 0;
    for (const std::string& path : paths) {
        if (const git_index_entry* entry = git_index_get_bypath(index, path.c_str(), 0); entry != nullptr) {
            result.staged.emplace(path, entry->id);
        }
    }
    return result;
}

std::optional<git_oid> staged_blob(const StagedPaths& index, std::string_view path) {
    const auto it = index.staged.find(path);
    return it == index.staged.end() ? std::nullopt : std::optional<git_oid>(it->second);
}

}  // namespace tools::git
