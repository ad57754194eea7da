// Characters and the words of identifiers as the scanner sees them: ASCII only, no locale. Inline: they
// run for every byte the keyword index folds and every candidate the validators look at.
#pragma once

#include <cstddef>
#include <string_view>

namespace tools::secrets::words {

inline bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
inline bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
inline bool is_alpha(char c) {
    return is_lower(c) || is_upper(c);
}

// Words of an identifier: split at separators, lower->upper and letter<->digit changes. Calls
// on_word(word) for each, in order, without allocating.
template <typename OnWord>
void for_each_word(std::string_view v, OnWord&& on_word) {
    std::size_t start = 0;
    auto flush = [&](std::size_t end) {
        if (end > start) {
            on_word(v.substr(start, end - start));
        }
    };
    for (std::size_t i = 0; i < v.size(); ++i) {
        const char c = v[i];
        if (!is_alpha(c) && !is_digit(c)) {
            flush(i);
            start = i + 1;
            continue;
        }
        if (i > start) {
            const char p = v[i - 1];
            const bool case_up = is_lower(p) && is_upper(c);
            // "HTTPServer": the last capital of a run starts the next word.
            const bool acronym_end = is_upper(p) && is_upper(c) && i + 1 < v.size() && is_lower(v[i + 1]);
            const bool digit_change = is_digit(p) != is_digit(c);
            if (case_up || acronym_end || digit_change) {
                flush(i);
                start = i;
            }
        }
    }
    flush(v.size());
}

inline char fold(char c) {
    return is_upper(c) ? static_cast<char>(c + 32) : c;
}

// word == lower, ignoring the case of word (lower is lowercase).
inline bool iequals(std::string_view word, std::string_view lower) {
    if (word.size() != lower.size()) {
        return false;
    }
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (fold(word[i]) != lower[i]) {
            return false;
        }
    }
    return true;
}

inline bool iends_with(std::string_view word, std::string_view lower) {
    return word.size() >= lower.size() && iequals(word.substr(word.size() - lower.size()), lower);
}

}  // namespace tools::secrets::words
