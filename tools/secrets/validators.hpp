// Judges candidate values: is this a real secret, or a placeholder, a reference to one, a path, an
// identifier, a hash? Shared by the rule tables. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tools/secrets/decoders.hpp"
#include "tools/secrets/rule.hpp"

namespace tools::secrets {

// "xxxx", "****", "...", "<token>", "EXAMPLE", "your-…", "changeme", long runs of one character.
bool has_placeholder_marks(std::string_view value);
// "$VAR", "${VAR}", "$(cmd)", "%VAR%", "{{ template }}", "op://…", "process.env.X", "secrets.X".
bool is_reference(std::string_view value);
// "/etc/x", "~/.ssh/id", "prod/db/password": slash-separated lowercase words.
bool looks_like_path(std::string_view value);
// 8-4-4-4-12 hex digits.
bool looks_like_uuid(std::string_view value);
// ENV_VAR_NAME, snake_case or camelCase words, dotted.module.names (no random-looking parts).
bool looks_like_identifier(std::string_view value);

// A value given to a password-named field: 8+ characters of at least two classes, not a word,
// identifier, placeholder, reference, number or expression.
bool plausible_password(std::string_view value);
// A value given to a token/secret/key-named field: min_length+ random-looking characters (hex, base64,
// UUID and alphanumeric tokens qualify; words, numbers, identifiers and paths do not).
bool plausible_token(std::string_view value, std::size_t min_length = 16);

enum class SecretName { none, password, secret, token, key, credential, auth };
// What a field, variable or flag name says it holds ("DB_PASSWORD" -> password, "apiKey" -> key,
// "token_count" and "cache_key" -> none).
SecretName classify_name(std::string_view name);
// plausible_password or plausible_token, by what the name says.
bool plausible_for(SecretName name, std::string_view value);
// Whether a key-named field names a credential ("API_KEY", "accessKey", "ALGOLIA_ADMIN_KEY"), not
// just a lookup key ("itemKey").
bool names_secret_key(std::string_view name);
// plausible_for(classify_name(name), value), and a UUID only under a credential-named key.
bool plausible_named(std::string_view name, std::string_view value);
// The same for a name already classified as kind.
bool plausible_named(SecretName kind, std::string_view name, std::string_view value);

// base64 of "user:password" with a plausible password (HTTP Basic, docker config, npm _auth).
bool decodes_to_credentials(std::string_view value);

// Shared checks for the tables.
bool check_not_placeholder(std::string_view secret, Groups groups);
bool check_token(std::string_view secret, Groups groups);     // plausible_token(secret)
bool check_password(std::string_view secret, Groups groups);  // plausible_password(secret)
bool check_named(std::string_view secret, Groups groups);     // groups[1] names what secret is

}  // namespace tools::secrets
