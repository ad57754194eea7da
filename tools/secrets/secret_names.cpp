// Which secret, if any, a field's name announces (classify_name, names_secret_key in validators.hpp).
#include <algorithm>
#include <iterator>

#include "tools/secrets/validators.hpp"
#include "tools/secrets/words.hpp"

namespace tools::secrets {

using words::for_each_word;
using words::iends_with;
using words::iequals;
using words::is_digit;

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

}  // namespace tools::secrets
