// Secret detection over arbitrary text (RE2; invalid UTF-8 scanned as Latin-1, never skipped).
//
// A Finding never holds the secret: only where it is, which rule matched, and a preview of at most its
// first 4 characters. Scanner is immutable after construction and safe to share between threads;
// construct it once (compiling the rules is the expensive part) through Scanner::instance().
//
// How a scan works: JSON string escapes are undone first (json_unescape.hpp), so a transcript line is
// scanned as the text the user saw; one keyword pass (keyword_index.hpp) finds where each rule could
// match; only those rules run, only near their keyword; each candidate value is then judged (checksums,
// entropy, placeholders, references) before it becomes a finding. Offsets, lines, columns and lengths
// refer to the text as given (escaped), so redaction replaces the escaped form. Cost is linear in the
// input size.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tools::secrets {

class Allowlist;

struct Finding {
    std::string rule_id;
    std::string description;
    std::size_t line = 0;     // 1-based
    std::size_t column = 0;   // 1-based, in bytes
    std::size_t offset = 0;   // byte offset in the scanned text
    std::size_t length = 0;   // bytes
    std::string preview;      // at most the first 4 characters, then "…"
    std::string fingerprint;  // stable hash of (rule_id, secret value); identifies without revealing
    bool verified = false;    // the value carries a checksum that matched (GitHub, npm): surely real
};

struct Redaction {
    std::string text;       // input with every finding replaced by [REDACTED:<rule_id>]
    std::size_t count = 0;  // how many were replaced
};

struct RuleInfo {
    std::string id;
    std::string description;
    bool compiles = false;  // rules are compiled on first use; rules() compiles every one to tell
};

class Scanner {
  public:
    static const Scanner& instance();

    std::vector<Finding> scan(std::string_view text) const;
    // Findings whose fingerprint the allowlist holds are dropped.
    std::vector<Finding> scan(std::string_view text, const Allowlist& allowlist) const;

    Redaction redact(std::string_view text) const;
    Redaction redact(std::string_view text, const Allowlist& allowlist) const;

    // Every rule, in table order, compiled now if it was not yet (a pattern that fails to compile is
    // logged and reported with compiles=false).
    std::vector<RuleInfo> rules() const;

    ~Scanner();
    Scanner(const Scanner&) = delete;
    Scanner& operator=(const Scanner&) = delete;

  private:
    Scanner();
    struct Impl;
    std::unique_ptr<const Impl> m_impl;
};

}  // namespace tools::secrets
