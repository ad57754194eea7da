// Credentials inside URLs and HTTP headers: database connection strings (PostgreSQL, MySQL, MongoDB,
// Redis, AMQP), any scheme://user:password@host, Basic and Bearer authorization headers.
#include <algorithm>
#include <array>
#include <string>

#include "tools/secrets/entropy.hpp"
#include "tools/secrets/near.hpp"
#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {
namespace {

// groups[2] is the user, groups[3] the password. Dev defaults ("postgres:postgres", "user:password")
// and templates ("USER:PASSWORD", "app:${DB_PASSWORD}", "app:****") are not secrets.
bool url_password_ok(std::string_view secret, Groups groups) {
    static constexpr std::array<std::string_view, 16> kDefaults = {
        "password", "pass", "passwd", "pwd",   "secret",   "postgres", "root",     "admin",
        "guest",    "user", "test",   "mysql", "changeme", "redis",    "rabbitmq", "default"};
    std::string lower(secret);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (std::find(kDefaults.begin(), kDefaults.end(), lower) != kDefaults.end()) {
        return false;
    }
    if (groups.size() > 2 && secret == groups[2]) {
        return false;
    }
    if (secret.size() > 256 || (groups.size() > 2 && groups[2].size() > 128)) {
        return false;  // lengths are bounded here, not in the regex (bounded repeats slow RE2's DFA)
    }
    if (has_placeholder_marks(secret) || is_reference(secret)) {
        return false;
    }
    // The pattern lets raw `/`, `?` and `#` into a password; "host:8080/path/x@y" is a port and a path.
    const std::size_t digits = std::min(secret.find_first_not_of("0123456789"), secret.size());
    if (digits > 0 && digits < secret.size() &&
        (secret[digits] == '/' || secret[digits] == '?' || secret[digits] == '#')) {
        return false;
    }
    const CharClasses classes = char_classes(secret);
    return secret.size() >= 8 || (secret.size() >= 6 && classes.count() >= 2);
}

bool bearer_ok(std::string_view secret, Groups) {
    return plausible_token(secret, 20);
}
bool header_token_ok(std::string_view secret, Groups) {
    return plausible_token(secret, 16);
}
// A user name of 20+ random-looking characters and no password: a token used as the user
// (https://<token>@github.com/org/repo.git, x-oauth-basic style).
bool url_token_ok(std::string_view secret, Groups) {
    return plausible_token(secret, 20) && !looks_like_uuid(secret);
}
// ?key=… in a URL: the parameter name must say it holds a secret, the value must look like one.
bool query_ok(std::string_view secret, Groups groups) {
    if (groups.size() < 2) {
        return false;
    }
    // A bare `key` or `auth` parameter is an API key (Google APIs' ?key=…), unlike a bare `key` field.
    const std::string_view name = groups[1];
    if (name == "key" || name == "KEY" || name == "auth") {
        return plausible_token(secret, 16);
    }
    return plausible_named(name, secret);
}
bool basic_ok(std::string_view secret, Groups) {
    return decodes_to_credentials(secret);
}

// scheme://user:password@host, for one family of schemes (a regex alternation).
// The user stops at `/?#` (they start the path), the password does not: a raw `#` or `/` in a pasted
// password still ends at the last `@` before the host.
#define CS_URL_CREDENTIALS(schemes) \
    R"((?i)\b()" schemes R"()://([^\s:@/?#'"`<>]*):([^\s@'"`<>]+)@[A-Za-z0-9._\[\]-])"

Rule url_rule(std::string_view id, std::string_view description, std::vector<Keyword> keywords,
              std::string_view pattern, Priority priority) {
    return Rule{.id = id,
                .description = description,
                .keywords = std::move(keywords),
                .pattern = pattern,
                .group = 3,
                .check = url_password_ok,
                .priority = priority,
                .before = 32,
                .after = 420,
                .near = near_url_credentials,
                .password = true};
}

}  // namespace

void add_url_rules(std::vector<Rule>& rules) {
    rules.push_back(
        url_rule("postgres-uri-password", "Password in a PostgreSQL connection URI", {kw("postgres")},
                 CS_URL_CREDENTIALS(R"((?:jdbc:)?postgres(?:ql)?(?:\+[a-z0-9]+)?)"), Priority::specific));
    rules.push_back(url_rule(
        "mysql-uri-password", "Password in a MySQL / MariaDB connection URI", {kw("mysql"), kw("mariadb")},
        CS_URL_CREDENTIALS(R"((?:jdbc:)?(?:mysql[0-9x]?|mariadb)(?:\+[a-z0-9]+)?)"), Priority::specific));
    rules.push_back(url_rule("mongodb-uri-password", "Password in a MongoDB connection URI", {kw("mongodb")},
                             CS_URL_CREDENTIALS(R"(mongodb(?:\+srv)?)"), Priority::specific));
    rules.push_back(url_rule("redis-uri-password", "Password in a Redis connection URI", {kw("redis")},
                             CS_URL_CREDENTIALS(R"(rediss?)"), Priority::specific));
    rules.push_back(url_rule("amqp-uri-password", "Password in an AMQP (RabbitMQ) connection URI",
                             {kw("amqp")}, CS_URL_CREDENTIALS(R"(amqps?)"), Priority::specific));
    rules.push_back(url_rule("url-credentials", "Password embedded in a URL (scheme://user:password@host)",
                             {kw("://")}, CS_URL_CREDENTIALS(R"([a-z][a-z0-9+.-]{1,30})"),
                             Priority::contextual));
    rules.push_back(
        {.id = "basic-auth-header",
         .description = "HTTP Basic authorization credentials",
         .keywords = {kw("authorization")},
         .pattern = R"((?i)authorization["']?[ \t]*[:=][ \t]*["']?basic[ \t]+([A-Za-z0-9+/]{8,}={0,2}))",
         .check = basic_ok,
         .after = 300,
         .password = true});
    rules.push_back({.id = "authorization-token",
                     .description = "Token in an authorization header (Token, ApiKey, sso-key schemes)",
                     .keywords = {kw("authorization")},
                     .pattern = R"((?i)authorization["']?[ \t]*[:=][ \t]*["']?)"
                                R"((?:token|api-?key|sso-key|key)[ \t]+["']?([A-Za-z0-9._~+/=-]{16,}))",
                     .check = header_token_ok,
                     .priority = Priority::contextual,
                     .after = 2048});
    rules.push_back({.id = "url-token-user",
                     .description = "Token used as the user name of a URL (https://<token>@host/…)",
                     .keywords = {kw("://")},
                     .pattern = R"((?i)\b[a-z][a-z0-9+.-]{1,30}://([A-Za-z0-9_.~-]{20,})@[A-Za-z0-9._\[\]-])",
                     .check = url_token_ok,
                     .priority = Priority::contextual,
                     .before = 32,
                     .after = 420,
                     .near = near_url_token});
    rules.push_back({.id = "url-query-secret",
                     .description = "Secret in a URL query parameter (?key=…, &access_token=…)",
                     .keywords = {kw("key="), kw("token="), kw("secret="), kw("password="), kw("passwd="),
                                  kw("pwd="), kw("auth=")},
                     .pattern = R"([?&]([A-Za-z0-9_.-]{0,40}(?i:key|token|secret|password|passwd|pwd|auth))=)"
                                R"(([^&\s#'"`<>]+))",
                     .group = 2,
                     .check = query_ok,
                     .priority = Priority::contextual,
                     .before = 48,
                     .after = 420,
                     .password = true});
    rules.push_back({.id = "bearer-token",
                     .description = "Bearer token in an authorization header",
                     .keywords = {kw_word("bearer")},
                     .pattern = R"((?i)\bbearer[ \t]+([A-Za-z0-9._~+/-]{20,}=*))",
                     .check = bearer_ok,
                     .priority = Priority::contextual,
                     .after = 2048});
}

#undef CS_URL_CREDENTIALS

}  // namespace tools::secrets
