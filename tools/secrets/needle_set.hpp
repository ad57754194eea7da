// A fixed set of short literal strings looked for in short values (a candidate secret, a field name):
// which of them occurs, or starts the value. The validators ask dozens of these questions of every
// candidate, and a text with a finding on every line has a candidate on every line; one pass that only
// compares the needles starting with the byte at hand replaces a search per needle.
// Immutable after construction, safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace tools::secrets {

class NeedleSet {
  public:
    // With fold, ASCII case is ignored (needles must then be lowercase). Needles are never empty and
    // must outlive the set (string literals).
    NeedleSet(std::initializer_list<std::string_view> needles, bool fold);

    // Whether some needle occurs in value.
    bool found_in(std::string_view value) const;
    // Whether value starts with some needle.
    bool starts(std::string_view value) const;

  private:
    bool matches_at(std::string_view value, std::size_t at) const;

    bool m_fold;
    std::vector<std::string_view> m_needles;      // sorted by (folded) first byte
    std::array<std::uint16_t, 257> m_first_at{};  // byte -> first index in m_needles; [b + 1] ends it
};

}  // namespace tools::secrets
