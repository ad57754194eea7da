// Credential files and shell idioms the other tables do not cover: .pgpass lines, the npm `_password`
// field, and a secret hidden in base64 on a command line (`echo <base64> | base64 -d`), found by
// decoding it and scanning what it says.
#include "tools/secrets/decoders.hpp"
#include "tools/secrets/rule.hpp"
#include "tools/secrets/scanner.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {
namespace {

// The decoded text holds a secret by any rule (or is user:password). Each level of nesting decodes a
// shorter text, so the recursion ends.
bool decodes_to_secret(std::string_view secret, Groups) {
    const auto decoded = base64_decode(secret);
    if (!decoded || decoded->empty()) {
        return false;
    }
    return decodes_to_credentials(secret) || !Scanner::instance().scan(*decoded).empty();
}

bool base64_password_ok(std::string_view secret, Groups) {
    const auto decoded = base64_decode(secret);
    return decoded && plausible_password(*decoded);
}

}  // namespace

void add_file_rules(std::vector<Rule>& rules) {
    rules.push_back({.id = "base64-encoded-secret",
                     .description = "Secret encoded in base64 on a command line (echo … | base64 -d)",
                     .keywords = {kw("base64")},
                     .pattern =
                         R"((?:echo|printf)[ \t]+(?:-[neE]+[ \t]+)?["']?([A-Za-z0-9+/]{12,}={0,2})["']?)"
                         R"([ \t]*\|[ \t]*(?:base64|openssl[ \t]+(?:base64|enc[ \t]+-base64)))"
                         R"([ \t]+(?:-[a-zA-Z]*[dD]\b|--decode))",
                     .check = decodes_to_secret,
                     .priority = Priority::contextual,
                     .before = 4096,
                     .after = 64,
                     .password = true});
    rules.push_back({.id = "base64-encoded-secret",
                     .description = "Secret encoded in base64 on a command line (base64 -d <<< …)",
                     .keywords = {kw("base64")},
                     .pattern = R"(\bbase64[ \t]+(?:-[a-zA-Z]*[dD]\b|--decode)[ \t]*<<<[ \t]*["']?)"
                                R"(([A-Za-z0-9+/]{12,}={0,2}))",
                     .check = decodes_to_secret,
                     .priority = Priority::contextual,
                     .after = 4096,
                     .password = true});
    rules.push_back(
        {.id = "pgpass-password",
         .description = "Password in a .pgpass line (host:port:database:user:password)",
         .keywords = {kw(":5432:"), kw(":*:")},
         .pattern = R"((?m)^[ \t]*[A-Za-z0-9._*\[\]-]+:(?:[0-9]{2,5}|\*):[^:\s]+:[^:\s]+:(\S+)[ \t]*\r?$)",
         .check = check_password,
         .before = 300,
         .after = 400,
         .password = true});
    rules.push_back({.id = "npmrc-password",
                     .description = "Base64 password in an .npmrc _password line",
                     .keywords = {kw(":_password")},
                     .pattern = R"((?i):_password[ \t]*=[ \t]*["']?([A-Za-z0-9+/]{4,}={0,2}))",
                     .check = base64_password_ok,
                     .after = 300,
                     .password = true});
}

}  // namespace tools::secrets
