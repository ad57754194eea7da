// Cheap looks at the bytes around a keyword hit, run before a rule's regex (see Rule::near). Each
// mirrors the start of its rule's pattern, so it never rejects a hit the pattern could match; it only
// saves the regex call for the many hits that cannot ("tokens" in prose, URLs without an `@`).
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace tools::secrets {

// NAME<sep>: after the keyword, the rest of a name, up to two closing quotes/brackets, blanks, then
// `=` or `:` (or ` --body` / ` -b`).
bool near_assignment(std::string_view text, std::size_t begin, std::size_t end);

// The end of the rest of a field's name that starts at from (name bytes, then at most two closing
// quotes or brackets, then spaces and tabs), not past limit: where its separator would be.
std::size_t after_name_rest(std::string_view text, std::size_t from, std::size_t limit);
// scheme://user:password@: a `://` within 40 bytes whose authority holds `:` before `@`.
bool near_url_credentials(std::string_view text, std::size_t begin, std::size_t end);
// scheme://token@: a `://` within 40 bytes followed by 20+ bytes of user name, then `@`.
bool near_url_token(std::string_view text, std::size_t begin, std::size_t end);
// noun … is/was/are/:/=/-> on the same line within 100 bytes, before any `"`; and, after the noun on
// that line, a word the rule's check could take as a value (8 bytes or more, of two classes of
// characters or more). Unlike the others this one reads the check too, not only the pattern.
bool near_prose_connector(std::string_view text, std::size_t begin, std::size_t end);
// noun … `value` or (value) on the same line within 100 bytes.
bool near_prose_quote(std::string_view text, std::size_t begin, std::size_t end);
// use `value` as the … noun: " as " within the 80 bytes before the noun.
bool near_use_as(std::string_view text, std::size_t begin, std::size_t end);
// login … user / password: " / " on the same line within 100 bytes.
bool near_slash_pair(std::string_view text, std::size_t begin, std::size_t end);

}  // namespace tools::secrets
