#include "tools/secrets/assignment.hpp"

#include <algorithm>
#include <array>

#include "tools/secrets/words.hpp"

namespace tools::secrets {
namespace {

// [A-Za-z0-9_.-] and the value class [^\s"'`<>(){}\[\],;\\] (RE2's \s is [\t\n\f\r ]; \v is a value
// byte), over all 256 bytes since the pattern runs in Latin-1 mode.
struct Classes {
    std::array<bool, 256> name{};
    std::array<bool, 256> value{};
};

constexpr Classes make_classes() {
    Classes c;
    for (int b = 0; b < 256; ++b) {
        const bool alnum = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
        c.name[b] = alnum || b == '_' || b == '.' || b == '-';
        c.value[b] = true;
    }
    for (const char stop : std::string_view("\t\n\f\r \"'`<>(){}[],;\\")) {
        c.value[static_cast<unsigned char>(stop)] = false;
    }
    return c;
}

constexpr Classes kClasses = make_classes();

bool is_name(char c) {
    return kClasses.name[static_cast<unsigned char>(c)];
}
bool is_value(char c) {
    return kClasses.value[static_cast<unsigned char>(c)];
}
bool is_blank(char c) {
    return c == ' ' || c == '\t';
}
using words::fold;

bool holds_word(std::string_view name, std::span<const std::string_view> words) {
    for (const std::string_view word : words) {
        for (std::size_t i = 0; i + word.size() <= name.size(); ++i) {
            std::size_t k = 0;
            while (k < word.size() && fold(name[i + k]) == word[k]) {
                ++k;
            }
            if (k == word.size()) {
                return true;
            }
        }
    }
    return false;
}

// [ \t]*["'`]?([^\s"'`<>(){}\[\],;\\]+) at q: blanks and the quote are taken greedily, which is the only
// way the value can then match (it starts with neither); the value runs as far as it can.
bool match_value(std::string_view text, std::size_t q, std::size_t to, AssignmentMatch& m) {
    while (q < to && is_blank(text[q])) {
        ++q;
    }
    if (q < to && (text[q] == '"' || text[q] == '\'' || text[q] == '`')) {
        ++q;
    }
    std::size_t end = q;
    while (end < to && is_value(text[end])) {
        ++end;
    }
    if (end == q) {
        return false;
    }
    m.value_begin = q;
    m.value_end = end;
    return true;
}

// Everything after the name, which starts at b. Alternatives are tried in the pattern's order.
bool match_after_name(std::string_view text, std::size_t b, std::size_t to, AssignmentMatch& m) {
    std::size_t q = b;
    // ["'\]]{0,2}: taking fewer would leave a quote where a blank or separator must come.
    for (int k = 0; k < 2 && q < to && (text[q] == '"' || text[q] == '\'' || text[q] == ']'); ++k) {
        ++q;
    }
    const std::size_t blanks = q;
    while (q < to && is_blank(text[q])) {
        ++q;
    }
    if (q < to) {
        const char c = text[q];
        const char next = q + 1 < to ? text[q + 1] : '\0';
        if (c == '=' && match_value(text, q + 1, to, m)) {
            return true;
        }
        if (c == ':' && next == '=' && match_value(text, q + 2, to, m)) {
            return true;
        }
        if (c == '=' && next == '>' && match_value(text, q + 2, to, m)) {
            return true;
        }
        if (c == ':' && match_value(text, q + 1, to, m)) {
            return true;
        }
    }
    // [ \t]--?body[ \t]: [ \t]* gives back its last blank (giving back more leaves a blank where `-`
    // must be).
    if (q > blanks && q < to && text[q] == '-') {
        std::size_t r = q + 1;
        if (r < to && text[r] == '-') {
            ++r;
        }
        static constexpr std::string_view kBody = "body";
        std::size_t k = 0;
        while (k < kBody.size() && r + k < to && fold(text[r + k]) == kBody[k]) {
            ++k;
        }
        r += k;
        if (k == kBody.size() && r < to && is_blank(text[r]) && match_value(text, r + 1, to, m)) {
            return true;
        }
    }
    return false;
}

// The name starting at a, a name byte: the name group must take every name byte up to to, since
// nothing that may follow it is one. Sets m.name_begin and m.name_end whether it matches or not.
bool match_at(std::string_view text, std::size_t a, std::size_t to, std::span<const std::string_view> words,
              AssignmentMatch& m) {
    std::size_t b = a;
    while (b < to && is_name(text[b])) {
        ++b;
    }
    m.name_begin = a;
    m.name_end = b;
    return holds_word(text.substr(a, b - a), words) && match_after_name(text, b, to, m);
}

}  // namespace

std::optional<AssignmentMatch> find_assignment(std::string_view text, std::size_t pos, std::size_t to,
                                               std::span<const std::string_view> words) {
    to = std::min(to, text.size());
    AssignmentMatch m;
    // `^` then the name: only at the start of the text itself.
    if (pos == 0 && to > 0 && is_name(text[0])) {
        if (match_at(text, 0, to, words, m)) {
            m.begin = 0;
            return m;
        }
    }
    // [^:A-Za-z0-9_.-] then the name: d is the byte before a name.
    for (std::size_t d = pos; d + 1 < to; ++d) {
        if (is_name(text[d]) || text[d] == ':' || !is_name(text[d + 1])) {
            continue;
        }
        if (match_at(text, d + 1, to, words, m)) {
            m.begin = d;
            return m;
        }
        // No match starts inside this name: resume at its end (which may be the next delimiter).
        d = m.name_end - 1;
    }
    return std::nullopt;
}

}  // namespace tools::secrets
