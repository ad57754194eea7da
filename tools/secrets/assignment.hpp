// A hand-written matcher for the generic assignment rules (`NAME<sep>value`, rules_generic.cpp), which
// fire on every line of an env file or a config dump: there, one RE2 search with captures per line cost
// more than everything else in a scan together.
//
// It finds exactly what RE2 finds for the pattern
//
//   (?i)(?:^|[^:A-Za-z0-9_.-])([A-Za-z0-9_.-]*(?:WORD|WORD…)[A-Za-z0-9_.-]*)["'\]]{0,2}[ \t]*
//       (?:=|:=|=>|:|[ \t]--?body[ \t])[ \t]*["'`]?([^\s"'`<>(){}\[\],;\\]+)
//
// searched with RE2::Match(text, pos, to, UNANCHORED) in Latin-1 mode: the leftmost match, and at that
// start the one Perl's (RE2's leftmost-first) order prefers. The rule keeps the pattern as the
// specification; tests/unit/secrets/assignment_test.cpp checks the two agree on generated and real
// text. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace tools::secrets {

struct AssignmentMatch {
    std::size_t begin = 0;  // of the whole match (the byte before the name, or the name at offset 0)
    std::size_t name_begin = 0, name_end = 0;
    std::size_t value_begin = 0, value_end = 0;  // value_end is also the match's end
};

// The leftmost match inside text[pos, to); text as a whole is the context (`^` is text's start only).
// words are lowercase ASCII; the name must hold one of them, in any case.
std::optional<AssignmentMatch> find_assignment(std::string_view text, std::size_t pos, std::size_t to,
                                               std::span<const std::string_view> words);

}  // namespace tools::secrets
