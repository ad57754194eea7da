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

// Adds c's class to classes.
inline void add_class(CharClasses& classes, char c) {
    if (c >= 'a' && c <= 'z') {
        classes.lower = true;
    } else if (c >= 'A' && c <= 'Z') {
        classes.upper = true;
    } else if (c >= '0' && c <= '9') {
        classes.digit = true;
    } else if (c > ' ' && c < 0x7f) {
        classes.symbol = true;
    } else {
        classes.other = true;
    }
}

CharClasses char_classes(std::string_view value);

// Length of the longest run of one repeated byte ("XXXXXXXX" placeholders have long runs).
std::size_t longest_run(std::string_view value);

}  // namespace tools::secrets
