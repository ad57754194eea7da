// Findings a user accepted as not secret (`.claude/context-sync-allow` in a project, meant to be
// committed, so it must match on every machine and must not let a weak password be guessed).
//
// File format, version 2 (one item per line; `#` starts a comment; blank lines are ignored):
//   context-sync-allow v2 salt=<32 hex digits>     the file's random salt (the first such line wins)
//   <rule_id> <32 hex digits>                      allowlist_hash(salt, rule_id, secret), see fingerprint.hpp
//   <32 hex digits>                                a v1 entry (unsalted 256 x SHA-256 of rule and secret)
// v1 entries are still honoured so old files keep working, with a warning when loaded: unsalted and
// fast, they can reveal a weak password, and should be re-accepted (`context-sync scan --allow`) and
// deleted. Malformed lines are skipped with a warning, never fatal.
//
// Matching costs one scrypt per distinct (rule, secret) whose rule has a v2 entry (memoised per
// allowlist); findings of other rules cost nothing. An Allowlist is safe to share between threads
// (the memo is locked); copies share their memo.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "tools/core/result.hpp"

namespace tools::secrets {

class Allowlist {
  public:
    static constexpr std::size_t kSaltSize = 16;
    using Salt = std::array<std::uint8_t, kSaltSize>;

    // Empty, allowing nothing (cheap: no salt is made). parse() and load() give a list whose salt is
    // the file's, or a fresh random one that append() will write when the file has none.
    Allowlist() = default;

    // <project_dir>/.claude/context-sync-allow
    static std::filesystem::path project_file(const std::filesystem::path& project_dir);

    // Reads file; a file that does not exist is an empty allowlist, not an error.
    static Result<Allowlist> load(const std::filesystem::path& file);
    static Allowlist parse(std::string_view content);

    // What `scan --allow` writes: hash() of a finding's secret, and a comment that must not contain it.
    struct Entry {
        std::string rule_id;
        std::string hash;
        std::string comment;
    };
    // Appends the entries that the file does not hold yet, creating the file and its directory if
    // needed and writing the salt line when the file has none. salt must be the one the hashes were
    // made with: the file's own (load() it first); if the file meanwhile got a different salt, nothing
    // is written and an error says so. Returns how many were added.
    static Result<std::size_t> append(const std::filesystem::path& file, const Salt& salt,
                                      const std::vector<Entry>& entries);

    // allowlist_hash(salt(), rule_id, secret), memoised.
    std::string hash(std::string_view rule_id, std::string_view secret) const;
    // Whether a finding of rule_id whose value is secret was accepted (v2 or v1 entry).
    bool contains(std::string_view rule_id, std::string_view secret) const;

    void add(std::string rule_id, std::string hash);
    void add_legacy(std::string fingerprint);

    const Salt& salt() const { return m_salt; }
    bool has_salt_line() const { return m_salt_from_file; }
    bool empty() const { return m_entries.empty() && m_legacy.empty(); }
    std::size_t size() const { return m_entries.size() + m_legacy.size(); }
    std::size_t legacy_size() const { return m_legacy.size(); }

    static bool is_hex32(std::string_view text);

  private:
    struct Memo;

    Salt m_salt{};
    bool m_salt_from_file = false;
    std::unordered_set<std::string> m_entries;  // "<rule_id> <hash>"
    std::unordered_set<std::string> m_rules;    // rules that have at least one v2 entry
    std::unordered_set<std::string> m_legacy;   // v1 fingerprints
    std::shared_ptr<Memo> m_memo;
};

}  // namespace tools::secrets
