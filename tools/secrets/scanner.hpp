// Secret detection over arbitrary text (RE2; invalid UTF-8 scanned as Latin-1, never skipped).
//
// A Finding never holds the secret: only where it is, which rule matched, a preview of at most its
// first 4 characters (none at all for a value a person may have chosen, such as a password), and a
// keyed fingerprint (fingerprint.hpp). Scanner is immutable after construction and safe to share
// between threads; construct it once (compiling the rules is the expensive part) through
// Scanner::instance().
//
// How a scan works: long texts are cut into segments of about 1 MiB (at a line end when there is one),
// each searched with a tail of the next so that a match across a cut is found once. In a segment, JSON
// string escapes are undone first (json_unescape.hpp), so a transcript line is scanned as the text the
// user saw; one keyword pass (keyword_index.hpp) finds where each rule could match; only those rules
// run, only near their keyword; each candidate value is then judged (checksums, entropy, placeholders,
// references) before it becomes a finding; an assignment's verdict and a value's fingerprint are
// worked out once per distinct value in a scan (value_memo.hpp). Offsets, lines, columns and lengths
// refer to the text as given (escaped), so redaction replaces the escaped form. Cost is linear in the
// input size; findings go to a sink as each segment is done, so memory does not grow with their
// number. The sink gets the same Finding object each time, refilled: one that keeps a finding moves
// or copies it.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tools/core/progress.hpp"
#include "tools/core/result.hpp"

namespace tools::secrets {

class Allowlist;
class FingerprintKey;

struct Finding {
    std::string rule_id;
    std::string description;
    std::size_t line = 0;        // 1-based
    std::size_t column = 0;      // 1-based, in bytes
    std::size_t offset = 0;      // byte offset in the scanned text
    std::size_t length = 0;      // bytes
    std::string preview;         // at most the first 4 characters, then "…"; empty for password-type rules
    std::string fingerprint;     // ScanOptions::key's fingerprint of (rule_id, value); empty without a key
    std::string allowlist_hash;  // ScanOptions::hash_for->hash(rule_id, value); empty without it
    bool verified = false;       // the value carries a checksum that matched (GitHub, npm): surely real
};

struct ScanOptions {
    const Allowlist* allowlist = nullptr;  // findings it accepts are dropped
    const FingerprintKey* key = nullptr;   // fills Finding::fingerprint (nothing else needs it)
    const Allowlist* hash_for = nullptr;   // fills Finding::allowlist_hash, for `scan --allow`
    const Progress* progress = nullptr;    // checked between segments; reports bytes done
};

// Receives each finding once, in offset order, as soon as its segment is scanned. Returning false
// stops the scan (it then ends successfully, with what was sent).
using FindingSink = std::function<bool(Finding&&)>;

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

    // Streams the findings of text to sink. Fails only with ErrorCode::cancelled (options.progress);
    // what was sent before stays sent.
    Result<void> scan(std::string_view text, const ScanOptions& options, const FindingSink& sink) const;

    // A text that arrives in pieces (a file read in chunks): feed() them in order, then finish(). Only
    // about three segments are held at a time, whatever the total size. Not thread-safe itself.
    class Stream {
      public:
        Stream(const Scanner& scanner, ScanOptions options, FindingSink sink);
        ~Stream();
        Result<void> feed(std::string_view piece);
        Result<void> finish();

      private:
        struct State;
        std::unique_ptr<State> m_state;
    };

    // Every finding, without fingerprints; those the allowlist accepts are dropped.
    std::vector<Finding> scan(std::string_view text) const;
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
