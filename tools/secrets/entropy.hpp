// Measures of how random a candidate secret value looks. Pure functions, thread-safe.
#pragma once

#include <string_view>

namespace tools::secrets {

// Shannon entropy in bits per byte of value (0 for an empty value).
double shannon_entropy(std::string_view value);

struct CharClasses {
    bool lower = false;
    bool upper = false;
    bool digit = false;
    bool symbol = false;  // printable ASCII that is not alphanumeric
    bool other = false;   // whitespace, control bytes, non-ASCII
    int count() const { return int(lower) + int(upper) + int(digit) + int(symbol); }
};

CharClasses char_classes(std::string_view value);

// Length of the longest run of one repeated byte ("XXXXXXXX" placeholders have long runs).
std::size_t longest_run(std::string_view value);

}  // namespace tools::secrets
