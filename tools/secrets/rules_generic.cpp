// Secrets recognised by context rather than by shape: `NAME=value` assignments in env files, shell,
// YAML, JSON and code; values named in prose ("the staging password is …"); passwords on command
// lines. The keyword alone never decides: the name must say it holds a secret (classify_name) and the
// value must look like one (plausible_password / plausible_token: length, character classes, entropy,
// not a placeholder, reference, path, identifier or number).
#include <string>

#include "tools/secrets/near.hpp"
#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {
namespace {

template <SecretName kName>
bool named_as(std::string_view secret, Groups groups) {
    if (groups.size() < 2) {
        return false;
    }
    const SecretName name = classify_name(groups[1]);
    const bool same_family = name == kName || (kName == SecretName::credential && name == SecretName::auth);
    return same_family && plausible_named(name, groups[1], secret);
}

// groups[1] is a noun phrase ("API key", "password", "refresh token"), or groups[2] for use-as.
bool noun_value_ok(std::string_view secret, Groups groups) {
    std::string_view noun;
    for (std::size_t g = 1; g < groups.size(); ++g) {
        if (!groups[g].empty() && groups[g].data() != secret.data()) {
            noun = groups[g];
        }
    }
    if (noun.empty()) {
        return false;
    }
    // Noun and value belong together only when close: the regex gaps are unbounded (bounded gaps make
    // RE2's DFA large and slow), so the distance is bounded here.
    const char* near =
        noun.data() < secret.data() ? noun.data() + noun.size() : secret.data() + secret.size();
    const char* far = noun.data() < secret.data() ? secret.data() : noun.data();
    if (far - near > 100) {
        return false;
    }
    const SecretName name = classify_name(noun);
    // "secret" is also an adjective ("nothing secret here: <request id>"); a UUID after it is an ID.
    if (name == SecretName::secret && looks_like_uuid(secret)) {
        return false;
    }
    return name != SecretName::none && plausible_for(name, secret);
}

// NAME<sep>value where NAME contains one of the words. Separators: = := => : and `--body` (gh secret
// set). The value may be quoted; it stops at whitespace, quotes, brackets, commas and semicolons.
#define CS_ASSIGNMENT(words)                                               \
    R"((?i)(?:^|[^:A-Za-z0-9_.-])([A-Za-z0-9_.-]*(?:)" words               \
    R"()[A-Za-z0-9_.-]*)["'\]]{0,2}[ \t]*(?:=|:=|=>|:|[ \t]--?body[ \t]))" \
    R"([ \t]*["'`]?([^\s"'`<>(){}\[\],;\\]+))"

#define CS_NOUNS                                                                                       \
    R"((?:passwords?|passphrase|passwd|pw|pwd|secrets?|tokens?|credentials?|creds|)"                   \
    R"((?:api|access|secret|signing|encryption|admin|master|app|auth|private|client|service|account|)" \
    R"(license|deploy|webhook|integration)[ _-]?keys?))"

Rule assignment(std::string_view id, std::string_view description, std::vector<Keyword> keywords,
                std::string_view pattern, std::vector<std::string_view> words, Check check) {
    return Rule{.id = id,
                .description = description,
                .keywords = std::move(keywords),
                .pattern = pattern,
                .group = 2,
                .check = check,
                .priority = Priority::contextual,  // a named field is better evidence than a sentence
                .before = 64,
                .after = 360,
                .near = near_assignment,
                .assignment_words = std::move(words)};
}

}  // namespace

void add_generic_rules(std::vector<Rule>& rules) {
    // Nouns in sentences, singular or plural ("tokens" stays a word end through the "s").
    // Nouns in sentences, singular or plural, and never inside names ("input_tokens"): the rules that
    // judge names take those.
    const std::vector<Keyword> kProseKeywords = {
        kw_prose("password"), kw_prose("passwd"), kw_prose("passphrase"), kw_prose("pw"),
        kw_prose("pwd"),      kw_prose("secret"), kw_prose("token"),      kw_prose("credential"),
        kw_prose("creds"),    kw_end("key"),      kw_end("keys")};
    rules.push_back(assignment("password-assignment", "Password assigned to a password-named field",
                               {kw("password"), kw("passwd"), kw("passphrase"), kw_end("pass"),
                                kw_end("pwd", true), kw_end("pw", true)},
                               CS_ASSIGNMENT("pass|pwd|pw"), {"pass", "pwd", "pw"},
                               named_as<SecretName::password>));
    rules.push_back(assignment("secret-assignment", "Secret assigned to a secret-named field",
                               {kw_end("secret")}, CS_ASSIGNMENT("secret"), {"secret"},
                               named_as<SecretName::secret>));
    rules.push_back(assignment("token-assignment", "Token assigned to a token-named field", {kw_end("token")},
                               CS_ASSIGNMENT("token"), {"token"}, named_as<SecretName::token>));
    rules.push_back(assignment("api-key-assignment", "Key assigned to an API-key-named field",
                               {kw_end("key")}, CS_ASSIGNMENT("key"), {"key"}, named_as<SecretName::key>));
    rules.push_back(assignment("credential-assignment", "Credential assigned to an auth-named field",
                               {kw("cred"), kw_end("auth")}, CS_ASSIGNMENT("cred|auth"), {"cred", "auth"},
                               named_as<SecretName::credential>));
    rules.push_back(
        {.id = "env-var-secret",
         .description = "Secret in a Kubernetes/compose env entry (name: X_TOKEN / value: …)",
         .keywords = {kw("value:")},
         .pattern =
             R"((?i)\bname:[ \t]*["']?([A-Za-z0-9_.-]+)["']?[ \t]*\r?\n[ \t]*value:[ \t]*["']?([^\s"'<>]+))",
         .group = 2,
         .check = check_named,
         .priority = Priority::generic,
         .before = 200,
         .after = 300});
    rules.push_back({.id = "secret-in-prose",
                     .description = "Secret given in a sentence (\"the API key for staging is …\")",
                     .keywords = kProseKeywords,
                     .pattern = R"((?i)(?:^|[^/.~A-Za-z0-9_-])()" CS_NOUNS
                                R"()\b[^\n"{}]*?(?:\bis\b|\bwas\b|\bare\b|:|=|->|\bset to\b))"
                                R"([ \t]*[`'"(]?([^\s`'"()<>,;]+))",
                     .group = 2,
                     .check = noun_value_ok,
                     .priority = Priority::generic,
                     .before = 24,
                     .after = 400,
                     .near = near_prose_connector,
                     .single_line = true});
    rules.push_back({.id = "secret-in-prose",
                     .description = "Secret quoted near its name (\"the refresh token `…` expired\")",
                     .keywords = kProseKeywords,
                     .pattern = R"((?i)(?:^|[^/.~A-Za-z0-9_-])()" CS_NOUNS
                                R"()\b(?:[^\n"{}]*?[ \t])?[`(]([^\s`()]+)[`)])",
                     .group = 2,
                     .check = noun_value_ok,
                     .priority = Priority::generic,
                     .before = 24,
                     .after = 300,
                     .near = near_prose_quote,
                     .single_line = true});
    rules.push_back({.id = "secret-in-prose",
                     .description = "Secret offered for use (\"use `…` as the root password\")",
                     .keywords = kProseKeywords,
                     .pattern = R"((?i)\buse[ \t]+[`'"]([^\s`'"]+)[`'"][ \t]+as[ \t]+)"
                                R"((?:(?:the|a|an|my|our|your|new)[ \t]+)?(?:[A-Za-z0-9_-]+[ \t]+){0,4}?)"
                                R"(()" CS_NOUNS R"()\b)",
                     .group = 1,
                     .check = noun_value_ok,
                     .priority = Priority::generic,
                     .before = 320,
                     .after = 24,
                     .near = near_use_as});
    rules.push_back({.id = "login-password-pair",
                     .description = "Password in a user / password pair (\"login is admin / …\")",
                     .keywords = {kw("login"), kw("log in"), kw("account"), kw("cred")},
                     .pattern = R"((?i)\b(?:login|log in|account|user(?:name)?|credentials?|creds)\b[^\n]*?)"
                                R"([^\s/][ \t]+/[ \t]+[`'"]?([^\s`'"]+))",
                     .check = check_password,
                     .priority = Priority::generic,
                     .after = 220,
                     .near = near_slash_pair});
    rules.push_back(
        {.id = "password-cli-argument",
         .description = "Password given on a command line (mysql -p…, sshpass -p, docker login -p, …)",
         .keywords = {kw("mysql"), kw("sshpass"), kw_word("docker"), kw_word("podman"), kw_word("helm"),
                      kw("redis-cli"), kw("htpasswd"), kw("--password"), kw_word("curl")},
         .pattern =
             R"((?:\bmysql(?:dump|admin)?\b[^\n|;&]*?[ \t]-p([^\s'"-][^\s'"]*))"
             R"(|\b(?:sshpass|docker[ \t]+login|podman[ \t]+login|helm[ \t]+registry[ \t]+login)\b)"
             R"([^\n|;&]*?[ \t](?:-p|--password)[ \t]+['"]?([^\s'"]+))"
             R"(|\bredis-cli\b[^\n|;&]*?[ \t]-a[ \t]+['"]?([^\s'"]+))"
             R"(|\bhtpasswd[ \t]+-[a-zA-Z]*b[a-zA-Z]*[ \t]+(?:-[a-zA-Z]+[ \t]+)*[^\s-]\S*[ \t]+\S+[ \t]+['"]?([^\s'"]+))"
             R"(|\bcurl\b[^\n|;&]*?[ \t](?:-u|--user)[ \t]+['"]?[^\s:'"]+:([^\s'"]+))"
             R"(|[ \t]--password[ \t]+['"]?([^\s'"-][^\s'"]*)))",
         .group = -1,
         .check = check_password,
         .priority = Priority::generic,
         .before = 1,
         .after = 320});
    rules.push_back(
        {.id = "netrc-password",
         .description = "Password in a .netrc machine entry",
         .keywords = {kw_word("machine")},
         // One line or one token per line, as .netrc allows; login may come after the password.
         .pattern = R"((?i)\bmachine\s+\S+\s+(?:(?:login|account)\s+\S+\s+)*password\s+([^\s`'"]+))",
         .check = check_password,
         .after = 400,
         .password = true});
}

#undef CS_NOUNS
#undef CS_ASSIGNMENT

std::vector<Rule> all_rules() {
    std::vector<Rule> rules;
    add_cloud_rules(rules);
    add_vcs_rules(rules);
    add_chat_rules(rules);
    add_payment_rules(rules);
    add_ai_rules(rules);
    add_devtools_rules(rules);
    add_key_rules(rules);
    add_provider_rules(rules);
    add_file_rules(rules);
    add_url_rules(rules);
    add_generic_rules(rules);
    return rules;
}

}  // namespace tools::secrets
