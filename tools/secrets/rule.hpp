// One detection rule and the tables that define them (one file per provider family: rules_*.cpp).
//
// A rule runs only near an occurrence of one of its keywords (see KeywordIndex): its RE2 pattern is
// searched in [hit - before, hit + after], with the whole decoded text as context for \b and ^. The
// capture `group` is the secret; `check` then judges it (placeholders, entropy, checksums, decoded
// structure) so that a keyword or a shape alone never makes a finding.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "tools/secrets/keyword_index.hpp"

namespace tools::secrets {

// When two findings overlap, the higher priority wins (a GitHub token inside `GITHUB_TOKEN=...` is
// reported as a GitHub token, not as a generic assignment).
enum class Priority : std::uint8_t { generic = 0, contextual = 1, specific = 2 };

// The captures of one match: groups[0] is the whole match; a capture that did not take part is empty.
using Groups = std::span<const std::string_view>;

using Check = bool (*)(std::string_view secret, Groups groups);

// A cheap look at the text around a keyword hit [begin, end) before any regex runs: false means the
// rule cannot match there (e.g. no `=` or `:` after "token", no `@` in the URL after "://").
using Near = bool (*)(std::string_view text, std::size_t begin, std::size_t end);

struct Rule {
    std::string_view id;
    std::string_view description;
    std::vector<Keyword> keywords;
    std::string_view pattern;  // RE2 syntax, compiled in Latin-1 mode
    int group = 1;             // capture holding the secret; -1: the first capture that matched
    Check check = nullptr;     // nullptr: reject placeholders only
    Priority priority = Priority::specific;
    std::uint32_t before = 0;   // the match may start this many bytes before the keyword hit
    std::uint32_t after = 256;  // and must end within this many bytes after it
    bool (*verified)(std::string_view secret) = nullptr;  // an embedded checksum matches (never rejects)
    Near near = nullptr;                                  // nullptr: every keyword hit is searched
    // No part of the pattern after the keyword matches '\n', so a match ends on its keyword's line: the
    // window stops there. Prose keywords come a few to a paragraph, and a window of `after` bytes
    // would take in the next lines for nothing.
    bool single_line = false;
    // The value may be one a person chose (a password, or a credential that embeds one): a finding
    // then shows no preview at all, since even 3 characters narrow a guess. Rules of generic and
    // contextual priority judge named values and are treated so whatever this says.
    bool password = false;
    // Not empty for the generic assignment rules: the pattern is then the one find_assignment
    // (assignment.hpp) implements for these words, and it runs instead of RE2 (the pattern stays the
    // specification the tests hold it to). Their check must read only the name (groups[1]) and the
    // value: the scanner judges each (name, value) once per scan (value_memo.hpp).
    std::vector<std::string_view> assignment_words = {};
};

// Keyword constructors for the tables.
inline Keyword kw(std::string_view text) {
    return Keyword{std::string(text), false, false, false};
}
inline Keyword kw_word(std::string_view text) {
    return Keyword{std::string(text), false, true, false};
}
// Ends a word: not followed by a lowercase letter ("token" but not "tokens").
inline Keyword kw_end(std::string_view text, bool word_start = false) {
    return Keyword{std::string(text), false, word_start, true};
}
// A word of a sentence: starts a word that is not part of a name or path.
inline Keyword kw_prose(std::string_view text) {
    return Keyword{std::string(text), false, true, false, true};
}
inline Keyword kw_exact(std::string_view text, bool word_start = false) {
    return Keyword{std::string(text), true, word_start, false};
}

void add_cloud_rules(std::vector<Rule>& rules);
void add_vcs_rules(std::vector<Rule>& rules);
void add_chat_rules(std::vector<Rule>& rules);
void add_payment_rules(std::vector<Rule>& rules);
void add_ai_rules(std::vector<Rule>& rules);
void add_devtools_rules(std::vector<Rule>& rules);
void add_key_rules(std::vector<Rule>& rules);
void add_url_rules(std::vector<Rule>& rules);
void add_generic_rules(std::vector<Rule>& rules);
void add_provider_rules(std::vector<Rule>& rules);
void add_file_rules(std::vector<Rule>& rules);

// Every rule, in table order.
std::vector<Rule> all_rules();

}  // namespace tools::secrets
