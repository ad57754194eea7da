// The one path by which text read from transcripts is redacted before anyone sees or stores it: the
// shared Scanner plus the allowlist of one project, built for the project a call asks about.
//
// Redact first, then cut. A secret cut in half no longer matches its rule and its first part would go
// out, so every shortened string comes from line() or head(), which redact before they cut. They look
// at a window of a long text only (the shown part plus kMarginBytes), so a 60 MB prompt costs what a
// short one does. A secret straddling the end of that window must not show in part: the window ends on
// whitespace, extended to the end of the token it would split (a token is never split below
// kMaxTokenBytes; a longer one is left out of the window whole). Secrets hold no whitespace, except PEM
// blocks, which the scanner recognises from their header and first body line.
//
// Findings are replaced by [REDACTED:<rule_id>] (Scanner::redact), except those the allowlist accepts.
// Immutable after construction and safe to share between threads.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/scanner.hpp"

namespace tools::secrets {

class Redactor {
  public:
    // Text after a cut point that is redacted along with what is shown.
    static constexpr std::size_t kMarginBytes = 8192;
    // Longest token a window is extended to hold whole.
    static constexpr std::size_t kMaxTokenBytes = 64u << 10;

    // No allowlist: every finding is redacted.
    Redactor() = default;
    explicit Redactor(Allowlist allowlist) : m_allowlist(std::move(allowlist)) {}

    // The allowlist of project_dir (.claude/context-sync-allow). A file that cannot be read is logged
    // and left out, so every finding is redacted: refusing to redact is never the fallback.
    static Redactor for_project(const std::filesystem::path& project_dir);

    // The whole text, redacted.
    Redaction redact(std::string_view text) const;

    // text shown as one line: whitespace collapsed, invalid UTF-8 replaced, redacted, then cut to
    // max_chars code points followed by "…" when anything was left out (as truncate_chars).
    Redaction line(std::string_view text, std::size_t max_chars) const;

    // The redacted window of text for a cut at shown_bytes (see above): `scanned` bytes of text are
    // covered, the rest was not looked at and must not be shown.
    struct Head {
        std::string text;
        std::size_t count = 0;    // findings replaced
        std::size_t scanned = 0;  // == text.size() of the input when the whole input was redacted
    };
    Head head(std::string_view text, std::size_t shown_bytes) const;

    // The prefix of text that head() redacts for a cut at shown_bytes. Pure; exposed for tests.
    static std::string_view window(std::string_view text, std::size_t shown_bytes);

    const Allowlist& allowlist() const { return m_allowlist; }

    // Identifies the allowlist file this redactor was built from (its size and mtime), so that text
    // cached after redaction is redone when the allowlist changes. Empty for no file; a Redactor built
    // from an Allowlist in memory also has an empty stamp.
    const std::string& stamp() const { return m_stamp; }
    // Whether the allowlist file this redactor was read from (by for_project) still has the stamp it had
    // then, so the redactor still holds the project's allowlist: one stat, no reading. A redactor that
    // found no file, or an unreadable one, is current while that stays so.
    bool current() const;

  private:
    static std::string stamp_of(const std::filesystem::path& file);

    Allowlist m_allowlist;
    std::filesystem::path m_file;  // set by for_project; empty for no project
    std::string m_stamp;
};

}  // namespace tools::secrets
