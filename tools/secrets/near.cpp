#include "tools/secrets/near.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "tools/secrets/entropy.hpp"

namespace tools::secrets {
namespace {

constexpr bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

// A set of bytes as a table, built at compile time: a lookup per byte, where find_first_of calls
// memchr on the set for every byte.
struct ByteSet {
    std::array<bool, 256> in{};
    constexpr explicit ByteSet(std::string_view set) {
        for (const char c : set) {
            in[static_cast<unsigned char>(c)] = true;
        }
    }
    bool has(char c) const { return in[static_cast<unsigned char>(c)]; }
};

constexpr ByteSet kUrlStops(" \t\r\n\"'`<>");
constexpr ByteSet kUserStops(":@/?# \t\r\n\"'`<>");
constexpr ByteSet kLineStop("\n");
// What ends a value in secret-in-prose's pattern: `[^\s`'"()<>,;]+`.
constexpr ByteSet kValueStops(" \t\r\n\f\v`'\"()<>,;");

// Where the first byte of rest that is in set is (rest.size() for none).
std::size_t first_of(std::string_view rest, const ByteSet& set) {
    std::size_t i = 0;
    while (i < rest.size() && !set.has(rest[i])) {
        ++i;
    }
    return i;
}

// The same line after `from`, at most `limit` bytes, cut at the first `stop` byte.
std::string_view line_after(std::string_view text, std::size_t from, std::size_t limit,
                            const ByteSet& stops) {
    const std::string_view rest = text.substr(std::min(from, text.size()), limit);
    return rest.substr(0, first_of(rest, stops));
}

// Whether a word (a maximal run of name bytes) is a verb that joins a noun to its value.
bool is_connector(std::string_view word) {
    if (word.size() == 2) {
        return word == "is" || word == "IS" || word == "Is";
    }
    if (word.size() == 3) {
        static constexpr std::string_view kVerbs[] = {"was", "WAS", "Was", "are", "ARE", "Are", "set", "Set"};
        return std::find(std::begin(kVerbs), std::end(kVerbs), word) != std::end(kVerbs);
    }
    return false;
}

// What a byte is to has_connector and near_prose_quote, looked up once per byte: prose keywords are
// dense in ordinary text, and each hit looked at the 110 bytes after it in two passes.
enum ByteKind : std::uint8_t { kOther, kName, kDash, kSign, kQuote, kStop };

struct ByteKinds {
    std::array<ByteKind, 256> of{};
    constexpr ByteKinds() {
        for (int c = 0; c < 256; ++c) {
            of[static_cast<std::size_t>(c)] = is_name_char(static_cast<char>(c)) ? kName : kOther;
        }
        of['-'] = kDash;  // a name byte, unless it starts an arrow
        of[':'] = of['='] = kSign;
        of['`'] = of['('] = kQuote;
        for (const char c : std::string_view("\n\"{}")) {  // where a prose rule's line ends
            of[static_cast<unsigned char>(c)] = kStop;
        }
    }
    ByteKind operator[](char c) const { return of[static_cast<unsigned char>(c)]; }
};

constexpr ByteKinds kKinds;

// An assignment sign, an arrow, or a connecting verb standing as a word of its own, in the same line
// within 110 bytes after end (before a `"`, `{` or `}`). One pass.
bool has_connector(std::string_view text, std::size_t end) {
    if (end >= text.size()) {
        return false;
    }
    const std::size_t limit = std::min(text.size(), end + 110);
    std::size_t word = end;  // where the current run of name bytes began
    const auto word_is_connector = [&](std::size_t word_end) {
        return word_end - word >= 2 && is_connector(text.substr(word, word_end - word));
    };
    for (std::size_t i = end; i < limit; ++i) {
        switch (kKinds[text[i]]) {
            case kName:
                break;
            case kDash:
                if (i + 1 < limit && text[i + 1] == '>') {
                    return true;
                }
                break;
            case kSign:
                return true;
            case kStop:  // the line's window ends here: its last word is the last chance
                return word_is_connector(i);
            case kOther:
            case kQuote:
                if (word_is_connector(i)) {
                    return true;
                }
                word = i + 1;
                break;
        }
    }
    return word_is_connector(limit);
}

// Whether a value that secret-in-prose's check could accept may start within 101 bytes after end, on
// its line: the value is a run of bytes outside kValueStops, and the check (noun_value_ok) accepts
// none shorter than 8 bytes, nor one of a single class of characters ("reported", "2024"), and none
// further than 100 bytes from its noun, which ends at end or one byte after ("credentials"; a
// compound such as "secret key" ends at its last keyword, whose own hit is tested the same way). The
// run from the first byte after end holds any such value whole, so testing it, and every later run
// that starts in reach, drops no match the check would accept. Prose names keys and tokens in passing
// on many lines; the regex then ran on each of them to find plain words.
bool value_in_reach(std::string_view text, std::size_t end) {
    const std::size_t reach = std::min(text.size(), end + 102);
    std::size_t i = end;
    while (i < reach) {
        if (kValueStops.has(text[i])) {
            if (text[i] == '\n') {
                return false;
            }
            ++i;
            continue;
        }
        const std::size_t start = i;
        CharClasses classes;
        for (; i < text.size() && !kValueStops.has(text[i]); ++i) {
            add_class(classes, text[i]);
            if (i + 1 - start >= 8 && classes.count() >= 2) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace

std::size_t after_name_rest(std::string_view text, std::size_t from, std::size_t limit) {
    std::size_t i = from;
    while (i < limit && is_name_char(text[i])) {
        ++i;
    }
    for (int quotes = 0; quotes < 2 && i < limit && (text[i] == '"' || text[i] == '\'' || text[i] == ']');
         ++quotes) {
        ++i;
    }
    while (i < limit && (text[i] == ' ' || text[i] == '\t')) {
        ++i;
    }
    return i;
}

bool near_assignment(std::string_view text, std::size_t, std::size_t end) {
    const std::size_t limit = std::min(text.size(), end + 96);
    const std::size_t i = after_name_rest(text, end, limit);
    if (i >= limit) {
        return false;
    }
    if (text[i] == '=' || text[i] == ':') {
        return true;
    }
    const std::string_view rest = text.substr(i, 7);
    return rest.starts_with("--body") || rest.starts_with("-body");
}

bool near_url_credentials(std::string_view text, std::size_t begin, std::size_t) {
    const std::size_t scheme_end = text.substr(begin, 48).find("://");
    if (scheme_end == std::string_view::npos) {
        return false;
    }
    // A password may hold raw `/`, `?` and `#` (people paste them unencoded), so the authority is
    // not cut at those.
    const std::string_view authority = line_after(text, begin + scheme_end + 3, 400, kUrlStops);
    const std::size_t at = authority.rfind('@');
    return at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos;
}

bool near_url_token(std::string_view text, std::size_t begin, std::size_t) {
    const std::size_t scheme_end = text.substr(begin, 48).find("://");
    if (scheme_end == std::string_view::npos) {
        return false;
    }
    const std::string_view user = line_after(text, begin + scheme_end + 3, 400, kUserStops);
    const std::size_t at = begin + scheme_end + 3 + user.size();
    return user.size() >= 20 && at < text.size() && text[at] == '@';
}

bool near_prose_connector(std::string_view text, std::size_t, std::size_t end) {
    return has_connector(text, end) && value_in_reach(text, end);
}

bool near_prose_quote(std::string_view text, std::size_t, std::size_t end) {
    const std::size_t limit = std::min(text.size(), end + 110);
    for (std::size_t i = end; i < limit; ++i) {
        const ByteKind kind = kKinds[text[i]];
        if (kind == kQuote) {
            return true;
        }
        if (kind == kStop) {
            return false;
        }
    }
    return false;
}

bool near_use_as(std::string_view text, std::size_t begin, std::size_t) {
    const std::size_t from = begin > 96 ? begin - 96 : 0;
    const std::string_view before = text.substr(from, begin - from);
    for (std::size_t at = before.find("as"); at != std::string_view::npos; at = before.find("as", at + 1)) {
        const bool starts = at == 0 || before[at - 1] == ' ' || before[at - 1] == '\t';
        const bool ends = at + 2 < before.size() && (before[at + 2] == ' ' || before[at + 2] == '\t');
        if (starts && ends) {
            return true;
        }
    }
    return before.find("AS ") != std::string_view::npos || before.find("As ") != std::string_view::npos;
}

bool near_slash_pair(std::string_view text, std::size_t, std::size_t end) {
    const std::string_view gap = line_after(text, end, 110, kLineStop);
    return gap.find(" / ") != std::string_view::npos || gap.find("\t/ ") != std::string_view::npos ||
           gap.find(" /\t") != std::string_view::npos;
}

}  // namespace tools::secrets
