#include "tools/secrets/validators.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <vector>

#include "tools/secrets/decoders.hpp"
#include "tools/secrets/entropy.hpp"
#include "tools/secrets/needle_set.hpp"
#include "tools/secrets/words.hpp"

namespace tools::secrets {

using words::for_each_word;
using words::is_alpha;
using words::is_digit;
using words::is_lower;

namespace {

bool is_hex(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

bool starts_with_any(std::string_view value, std::initializer_list<std::string_view> prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](std::string_view p) { return value.starts_with(p); });
}

bool has_vowel(std::string_view word) {
    return std::any_of(word.begin(), word.end(), [](char c) {
        const char l = words::fold(c);
        return l == 'a' || l == 'e' || l == 'i' || l == 'o' || l == 'u' || l == 'y';
    });
}

}  // namespace

bool looks_like_uuid(std::string_view v) {
    if (v.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? v[i] != '-' : !is_hex(v[i])) {
            return false;
        }
    }
    return true;
}

namespace {

bool looks_like_email(std::string_view v) {
    const std::size_t at = v.find('@');
    return at != std::string_view::npos && at > 0 && v.find('.', at) != std::string_view::npos &&
           v.find('@', at + 1) == std::string_view::npos;
}

}  // namespace

bool has_placeholder_marks(std::string_view value) {
    static const NeedleSet kMarks(
        {"xxxx",  "****",        "...",        "\xE2\x80\xA6", "<",       ">",           "example",
         "your",  "changeme",    "change_me",  "change-me",    "replace", "placeholder", "redacted",
         "dummy", "insert",      "fixme",      "todo",         "sample",  "123456",      "abcdef",
         "lorem", "secret_here", "token_here", "key_here",     "here_"},
        true);
    if (kMarks.found_in(value)) {
        return true;
    }
    return longest_run(value) >= 6;
}

bool is_reference(std::string_view value) {
    if (value.empty()) {
        return true;
    }
    // "$NAME", "%NAME%", "*alias", "&anchor", "!tag": a sigil and an identifier, nothing else. A
    // password may well start with "$" or "!", but then random characters follow.
    const auto identifier = [](std::string_view rest) {
        return !rest.empty() && std::all_of(rest.begin(), rest.end(), [](char c) {
            return is_alpha(c) || is_digit(c) || c == '_' || c == '.';
        });
    };
    const char sigil = value.front();
    if (sigil == '$' || sigil == '*' || sigil == '&' || sigil == '!' || sigil == '@') {
        if (identifier(value.substr(1))) {
            return true;
        }
    }
    if (sigil == '%' && value.size() > 2 && value.back() == '%' &&
        identifier(value.substr(1, value.size() - 2))) {
        return true;
    }
    static const NeedleSet kPrefixes(
        {"{{",      "{%",        "#{",    "env:",    "env.",     "ENV[",      "file:",    "vault:", "op://",
         "sm://",   "ref+",      "arn:",  "secret:", "secrets.", "projects/", "process.", "os.",    "import.",
         "config.", "settings.", "self.", "this.",   "props.",   "std::",     "getenv"},
        false);
    static const NeedleSet kInside({"${", "$(", "{{", "}}", "%}", "process.env", "os.environ", "getenv",
                                    "secretsmanager", "secretKeyRef", "secretkeyref"},
                                   false);
    return kPrefixes.starts(value) || kInside.found_in(value);
}

bool looks_like_path(std::string_view value) {
    if (starts_with_any(value, {"file://", "\\\\"}) || contains(value, "://")) {
        return true;  // file URLs, UNC paths; other URLs are judged by the URL rules
    }
    if (value.size() > 2 && is_alpha(value[0]) && value[1] == ':' && (value[2] == '\\' || value[2] == '/')) {
        return true;
    }
    // Rooted ("/etc/x", "~/.ssh/id", "./bin/x") or relative ("prod/db/password-Ab12Cd"): slash-separated
    // lowercase words, except the last part (a file name, a generated suffix). One leading "/" followed
    // by random characters is base64, not a path.
    const bool rooted = starts_with_any(value, {"/", "~/", "./", "../"});
    std::size_t start = value.find_first_not_of("~./");
    if (start == std::string_view::npos) {
        return rooted;
    }
    std::size_t words = 0;
    while (true) {
        const std::size_t slash = value.find('/', start);
        if (slash == std::string_view::npos) {
            break;
        }
        std::string_view part = value.substr(start, slash - start);
        while (!part.empty() && part.front() == '.') {
            part.remove_prefix(1);  // dot directories: .config, .ssh
        }
        const bool wordish = part.size() >= 2 && (has_vowel(part) || part.size() <= 4) &&
                             std::all_of(part.begin(), part.end(), [](char c) {
                                 return is_lower(c) || is_digit(c) || c == '-' || c == '_' || c == '.';
                             });
        if (!wordish) {
            return false;
        }
        ++words;
        start = slash + 1;
    }
    return words >= (rooted ? 1 : 2);
}

bool looks_like_identifier(std::string_view value) {
    if (value.empty()) {
        return false;
    }
    std::size_t words = 0;
    std::size_t letters = 0;
    std::size_t word_letters = 0;
    std::size_t digits = 0;
    std::size_t short_words = 0;
    for_each_word(value, [&](std::string_view word) {
        ++words;
        if (is_digit(word[0])) {
            digits += word.size();
            return;
        }
        letters += word.size();
        if (word.size() >= 3 && has_vowel(word)) {
            word_letters += word.size();
        } else {
            ++short_words;
        }
    });
    if (words == 0) {
        return false;
    }
    // Random tokens split into many one- and two-letter fragments and carry many digits.
    return letters > 0 && digits <= 2 && short_words <= 1 && word_letters * 10 >= letters * 8;
}

bool plausible_password(std::string_view value) {
    if (value.size() < 8 || value.size() > 128) {
        return false;
    }
    if (has_placeholder_marks(value) || is_reference(value) || looks_like_path(value) ||
        looks_like_email(value)) {
        return false;
    }
    const CharClasses classes = char_classes(value);
    if (classes.other || classes.count() <= 1) {
        return false;  // whitespace or non-ASCII; a plain word or a number
    }
    static const NeedleSet kExpression({"(", ")", "::", "->", "[", "]"}, false);
    if (kExpression.found_in(value)) {
        return false;  // an expression, not a literal
    }
    if (!classes.digit && looks_like_identifier(value)) {
        return false;
    }
    if (!classes.digit && !classes.symbol) {
        return value.size() >= 12 && shannon_entropy(value) >= 3.0;  // mixed-case letters only
    }
    return true;
}

bool plausible_token(std::string_view value, std::size_t min_length) {
    if (value.starts_with("base64:")) {
        value.remove_prefix(7);
    }
    if (value.size() < min_length || value.size() > 2048) {
        return false;
    }
    if (has_placeholder_marks(value) || is_reference(value) || looks_like_path(value) ||
        looks_like_email(value)) {
        return false;
    }
    const CharClasses classes = char_classes(value);
    if (classes.other) {
        return false;
    }
    if (looks_like_uuid(value)) {
        return true;
    }
    const bool hex = std::all_of(value.begin(), value.end(), is_hex);
    if (hex) {
        return value.size() >= 20 && classes.digit && (classes.lower || classes.upper) &&
               shannon_entropy(value) >= 3.0;
    }
    if (!classes.digit && !(classes.lower && classes.upper)) {
        return false;  // one-case words
    }
    if (classes.count() <= 1 || looks_like_identifier(value)) {
        return false;
    }
    return shannon_entropy(value) >= 3.2;
}

bool plausible_for(SecretName name, std::string_view value) {
    switch (name) {
        case SecretName::none:
            return false;
        case SecretName::password:
            return plausible_password(value);
        default:
            return plausible_token(value);
    }
}

bool decodes_to_credentials(std::string_view value) {
    const auto decoded = base64_decode(value);
    if (!decoded) {
        return false;
    }
    const std::size_t colon = decoded->find(':');
    if (colon == std::string::npos || colon == 0) {
        return false;
    }
    const bool printable =
        std::all_of(decoded->begin(), decoded->end(), [](char c) { return c >= ' ' && c < 0x7f; });
    const std::string_view password = std::string_view(*decoded).substr(colon + 1);
    return printable && password.size() >= 6 && !has_placeholder_marks(password) && !is_reference(password);
}

bool check_not_placeholder(std::string_view secret, Groups) {
    return !has_placeholder_marks(secret);
}
bool check_token(std::string_view secret, Groups) {
    return plausible_token(secret);
}
bool check_password(std::string_view secret, Groups) {
    return plausible_password(secret);
}
bool check_named(std::string_view secret, Groups groups) {
    return groups.size() > 1 && plausible_named(groups[1], secret);
}

bool plausible_named(std::string_view name, std::string_view value) {
    return plausible_named(classify_name(name), name, value);
}

bool plausible_named(SecretName kind, std::string_view name, std::string_view value) {
    // Anything can be keyed by a UUID ("itemKey", "rowKey"); only a key named as a credential holds one.
    if (kind == SecretName::key && looks_like_uuid(value) && !names_secret_key(name)) {
        return false;
    }
    return plausible_for(kind, value);
}

}  // namespace tools::secrets
