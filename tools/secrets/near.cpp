#include "tools/secrets/near.hpp"

#include <algorithm>
#include <array>

namespace tools::secrets {
namespace {

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

// Where the first byte of rest that is in set is (rest.size() for none). Not find_first_of, which
// calls memchr on the set for every byte.
std::size_t first_of(std::string_view rest, std::string_view set) {
    std::array<bool, 256> in{};
    for (const char c : set) {
        in[static_cast<unsigned char>(c)] = true;
    }
    std::size_t i = 0;
    while (i < rest.size() && !in[static_cast<unsigned char>(rest[i])]) {
        ++i;
    }
    return i;
}

// The same line after `from`, at most `limit` bytes, cut at the first `stop` byte.
std::string_view line_after(std::string_view text, std::size_t from, std::size_t limit,
                            std::string_view stops) {
    const std::string_view rest = text.substr(std::min(from, text.size()), limit);
    return rest.substr(0, first_of(rest, stops));
}

}  // namespace

bool near_assignment(std::string_view text, std::size_t, std::size_t end) {
    std::size_t i = end;
    const std::size_t limit = std::min(text.size(), end + 96);
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
    const std::string_view authority = line_after(text, begin + scheme_end + 3, 400, " \t\r\n\"'`<>");
    const std::size_t at = authority.rfind('@');
    return at != std::string_view::npos && authority.substr(0, at).find(':') != std::string_view::npos;
}

bool near_url_token(std::string_view text, std::size_t begin, std::size_t) {
    const std::size_t scheme_end = text.substr(begin, 48).find("://");
    if (scheme_end == std::string_view::npos) {
        return false;
    }
    const std::string_view user = line_after(text, begin + scheme_end + 3, 400, ":@/?# \t\r\n\"'`<>");
    const std::size_t at = begin + scheme_end + 3 + user.size();
    return user.size() >= 20 && at < text.size() && text[at] == '@';
}

bool near_prose_connector(std::string_view text, std::size_t, std::size_t end) {
    const std::string_view gap = line_after(text, end, 110, "\n\"{}");
    if (first_of(gap, ":=") < gap.size() || gap.find("->") != std::string_view::npos) {
        return true;
    }
    for (const std::string_view word :
         {"is", "was", "are", "set", "IS", "Is", "WAS", "Was", "ARE", "Are", "Set"}) {
        for (std::size_t at = gap.find(word); at != std::string_view::npos; at = gap.find(word, at + 1)) {
            const bool starts = at == 0 || !is_name_char(gap[at - 1]);
            const bool ends = at + word.size() >= gap.size() || !is_name_char(gap[at + word.size()]);
            if (starts && ends) {
                return true;
            }
        }
    }
    return false;
}

bool near_prose_quote(std::string_view text, std::size_t, std::size_t end) {
    const std::string_view gap = line_after(text, end, 110, "\n\"{}");
    return first_of(gap, "`(") < gap.size();
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
    const std::string_view gap = line_after(text, end, 110, "\n");
    return gap.find(" / ") != std::string_view::npos || gap.find("\t/ ") != std::string_view::npos ||
           gap.find(" /\t") != std::string_view::npos;
}

}  // namespace tools::secrets
