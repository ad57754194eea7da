// One learning as the caller hands it over: checked to be a single markdown list item, and reduced to
// a key that decides whether two learnings say the same thing. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "tools/core/result.hpp"

namespace tools::learnings {

inline constexpr std::size_t kMaxLearningChars = 500;

// The text of the item as it goes after "- " in the file: surrounding whitespace and one leading list
// marker ("- ", "* ", "+ ") removed. invalid_argument, with the reason, when the learning is empty, is
// not valid UTF-8, spans more than one line, holds control characters, is longer than
// kMaxLearningChars code points, or is a heading ('#'), a rule ("---") or a fence ("```").
Result<std::string> validate_learning(std::string_view learning);

// The comparison key: markdown emphasis, code marks and link targets dropped, ASCII letters lowered,
// punctuation treated as spaces, whitespace collapsed. Non-ASCII text is kept as it is (a case-fold of
// all of Unicode is not worth a dependency for a dedup key).
std::string normalize_learning(std::string_view item);

}  // namespace tools::learnings
