// Fingerprints of findings a user accepted as not secret (`.claude/context-sync-allow` in a project).
//
// File format: one fingerprint (32 hex digits) per line; `#` starts a comment; blank lines are ignored.
// The file holds fingerprints only, never values, so it can be committed. A malformed line is skipped
// with a warning, never fatal. Allowlist values are immutable once built and safe to share for reading.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "tools/core/result.hpp"

namespace tools::secrets {

class Allowlist {
  public:
    Allowlist() = default;

    // <project_dir>/.claude/context-sync-allow
    static std::filesystem::path project_file(const std::filesystem::path& project_dir);

    // Reads file; a file that does not exist is an empty allowlist, not an error. A file that is not a
    // small regular file (a symlink to a device, a FIFO, over 1 MiB) is an error the caller warns about
    // and scans without: it comes from a repo and may be hostile.
    static Result<Allowlist> load(const std::filesystem::path& file);
    static Allowlist parse(std::string_view content);

    // Appends the fingerprints that the file does not hold yet, each with a comment (which must not
    // contain the secret), creating the file and its directory if needed. Returns how many were added.
    // The file is replaced atomically (0644: it is meant to be committed); load's refusals apply.
    struct Entry {
        std::string fingerprint;
        std::string comment;
    };
    static Result<std::size_t> append(const std::filesystem::path& file, const std::vector<Entry>& entries);

    static bool is_fingerprint(std::string_view text);

    void add(std::string fingerprint) { m_fingerprints.insert(std::move(fingerprint)); }
    bool contains(std::string_view fingerprint) const {
        return m_fingerprints.count(std::string(fingerprint)) != 0;
    }
    bool empty() const { return m_fingerprints.empty(); }
    std::size_t size() const { return m_fingerprints.size(); }

  private:
    std::unordered_set<std::string> m_fingerprints;
};

}  // namespace tools::secrets
