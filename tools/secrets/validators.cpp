#include "tools/secrets/validators.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <vector>

#include "tools/secrets/decoders.hpp"
#include "tools/secrets/entropy.hpp"
#include "tools/secrets/needle_set.hpp"

namespace tools::secrets {
namespace {

bool is_lower(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
    return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return is_lower(c) || is_upper(c);
}
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
        const char l = is_upper(c) ? static_cast<char>(c + 32) : c;
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

char fold(char c) {
    return is_upper(c) ? static_cast<char>(c + 32) : c;
}

// word == lower, ignoring the case of word (lower is lowercase).
bool iequals(std::string_view word, std::string_view lower) {
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

bool iends_with(std::string_view word, std::string_view lower) {
    return word.size() >= lower.size() && iequals(word.substr(word.size() - lower.size()), lower);
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

SecretName classify_name(std::string_view name) {
    // string_views, not C strings: the lookup runs for every candidate and must not strlen each entry.
    static constexpr std::string_view kNotASecret[] = {
        "count",       "type",     "ttl",        "length",   "len",        "size",         "max",
        "min",         "limit",    "url",        "uri",      "endpoint",   "path",         "file",
        "filename",    "name",     "id",         "ids",      "hash",       "hashed",       "reset",
        "expires",     "expiry",   "expiration", "field",    "header",     "param",        "env",
        "var",         "ref",      "kind",       "format",   "policy",     "mode",         "enabled",
        "required",    "prompt",   "stdin",      "usage",    "version",    "label",        "description",
        "placeholder", "hint",     "regex",      "pattern",  "prefix",     "source",       "public",
        "publishable", "cache",    "primary",    "foreign",  "sort",       "partition",    "idempotency",
        "fingerprint", "location", "dir",        "rotation", "manager",    "bucket",       "index",
        "lookup",      "schema",   "provider",   "method",   "scope",      "algorithm",    "digest",
        "tokens",      "keys",     "secrets",    "page",     "pagination", "continuation", "cursor"};
    // One pass over the words, noting what each may say; the verdict then follows the order of
    // precedence (any "not a secret" word, then password, secret, token, key, credential, auth).
    std::size_t words = 0;
    std::size_t digit_groups = 0;  // "AROA6PWNY2PW3IMFX": a random ID, not a name (its "PW" means nothing)
    bool not_secret = false, password = false, secret = false, token = false, key = false, key_suffix = false,
         credential = false, auth = false;
    for_each_word(name, [&](std::string_view w) {
        ++words;
        digit_groups += is_digit(w.front()) ? 1 : 0;
        not_secret = not_secret || std::any_of(std::begin(kNotASecret), std::end(kNotASecret),
                                               [&](std::string_view n) { return iequals(w, n); });
        password = password || iequals(w, "pass") || iequals(w, "pwd") || iequals(w, "pw") ||
                   iequals(w, "pword") || iequals(w, "passphrase") || iends_with(w, "password") ||
                   iends_with(w, "passwd");
        secret = secret || iends_with(w, "secret");
        token = token || iends_with(w, "token");
        key = key || iequals(w, "key");
        key_suffix = key_suffix || iends_with(w, "apikey") || iends_with(w, "secretkey") ||
                     iends_with(w, "accesskey") || iends_with(w, "privatekey") ||
                     iends_with(w, "masterkey") || iends_with(w, "authkey") || iends_with(w, "signingkey") ||
                     iends_with(w, "encryptionkey");
        credential = credential || iequals(w, "credential") || iequals(w, "credentials") ||
                     iequals(w, "creds") || iequals(w, "cred");
        auth = auth || iequals(w, "auth") || iequals(w, "authorization");
    });
    if (words == 0 || digit_groups >= 2 || not_secret) {
        return SecretName::none;
    }
    if (password) {
        return SecretName::password;
    }
    if (secret) {
        return SecretName::secret;
    }
    if (token) {
        return SecretName::token;
    }
    if ((words >= 2 && key) || key_suffix) {
        return SecretName::key;
    }
    if (credential) {
        return SecretName::credential;
    }
    if (auth) {
        return SecretName::auth;
    }
    return SecretName::none;
}

bool names_secret_key(std::string_view name) {
    static constexpr std::string_view kQualifiers[] = {
        "api",   "apikey", "secret", "access",  "private", "auth",     "signing",      "encryption", "master",
        "admin", "app",    "client", "service", "account", "license",  "subscription", "webhook",    "hmac",
        "jwt",   "deploy", "write",  "ingest",  "server",  "consumer", "shared",       "root"};
    bool found = false;
    for_each_word(name, [&](std::string_view w) {
        found = found ||
                std::any_of(std::begin(kQualifiers), std::end(kQualifiers),
                            [&](std::string_view q) { return iequals(w, q); }) ||
                iends_with(w, "apikey") || iends_with(w, "secretkey") || iends_with(w, "accesskey") ||
                iends_with(w, "privatekey");
    });
    return found;
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
