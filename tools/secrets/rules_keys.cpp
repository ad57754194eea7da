// Key material: PEM private key blocks (RSA, EC, DSA, OpenSSH, PKCS#8, encrypted PKCS#8, PGP), PuTTY
// key files, age identities and JWTs. Public keys and certificates are not secrets and have no rule.
#include <algorithm>

#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {
namespace {

// The body must hold real key material: enough base64 and no "XXXX" / "..." placeholder. Runs of "A"
// are normal in key encodings, so the generic long-run test does not apply.
bool pem_body_ok(std::string_view secret, Groups) {
    const std::size_t header_end = secret.find("-----", 10);
    const std::string_view body =
        header_end == std::string_view::npos ? secret : secret.substr(header_end + 5);
    const auto base64 = std::count_if(body.begin(), body.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
               c == '/';
    });
    return base64 >= 40 && body.find("...") == std::string_view::npos &&
           body.find("XXXXXXXX") == std::string_view::npos && body.find("xxxxxxxx") == std::string_view::npos;
}

// A JWT's header is base64url JSON naming its algorithm.
bool jwt_ok(std::string_view secret, Groups) {
    const auto header = base64_decode(secret.substr(0, secret.find('.')));
    return header && !header->empty() && header->front() == '{' &&
           header->find("\"alg\"") != std::string::npos;
}

// One rule per PEM label; the body tolerates JSON-escaped newlines (`\n` left from a key inside a JSON
// string inside a transcript line) and `cat -n` line-number prefixes ("   12→"). A block cut short
// (`head -5 id_rsa`) still counts: the header and one full body line are enough.
#define CS_PEM_SEP R"((?:\s|\\[nr])+(?:[ \t]*\d+(?:\xe2\x86\x92|\t))?)"
#define CS_PEM_BODY(label)                                                                        \
    R"((-----BEGIN )" label R"(-----)" CS_PEM_SEP R"((?:[A-Za-z-]+: [^\n\\]*)" CS_PEM_SEP R"()*)" \
    R"([A-Za-z0-9+/=]{16,}(?:)" CS_PEM_SEP R"([A-Za-z0-9+/=]{16,})*)"                             \
    R"((?:(?:)" CS_PEM_SEP R"([A-Za-z0-9+/=]{1,15})?(?:)" CS_PEM_SEP R"()?-----END )" label R"(-----)?))"

Rule pem_rule(std::string_view id, std::string_view description, std::string_view label_keyword,
              std::string_view pattern) {
    return Rule{.id = id,
                .description = description,
                .keywords = {kw_exact(label_keyword)},
                .pattern = pattern,
                .check = pem_body_ok,
                .after = 16384};
}

}  // namespace

void add_key_rules(std::vector<Rule>& rules) {
    rules.push_back(pem_rule("private-key-rsa", "RSA private key (PEM)", "-----BEGIN RSA PRIVATE KEY-----",
                             CS_PEM_BODY("RSA PRIVATE KEY")));
    rules.push_back(pem_rule("private-key-ec", "EC private key (PEM)", "-----BEGIN EC PRIVATE KEY-----",
                             CS_PEM_BODY("EC PRIVATE KEY")));
    rules.push_back(pem_rule("private-key-dsa", "DSA private key (PEM)", "-----BEGIN DSA PRIVATE KEY-----",
                             CS_PEM_BODY("DSA PRIVATE KEY")));
    rules.push_back(pem_rule("private-key-openssh", "OpenSSH private key",
                             "-----BEGIN OPENSSH PRIVATE KEY-----", CS_PEM_BODY("OPENSSH PRIVATE KEY")));
    rules.push_back(pem_rule("private-key-pkcs8", "PKCS#8 private key (PEM)", "-----BEGIN PRIVATE KEY-----",
                             CS_PEM_BODY("PRIVATE KEY")));
    rules.push_back(pem_rule("private-key-encrypted", "Encrypted PKCS#8 private key (PEM)",
                             "-----BEGIN ENCRYPTED PRIVATE KEY-----", CS_PEM_BODY("ENCRYPTED PRIVATE KEY")));
    rules.push_back(pem_rule("private-key-pgp", "PGP private key block",
                             "-----BEGIN PGP PRIVATE KEY BLOCK-----", CS_PEM_BODY("PGP PRIVATE KEY BLOCK")));
    rules.push_back(
        {.id = "private-key-putty",
         .description = "PuTTY private key file",
         .keywords = {kw_exact("PuTTY-User-Key-File-")},
         .pattern =
             R"((PuTTY-User-Key-File-\d: [^\n]+\n(?:[^\n]*\n){1,8}?Private-Lines: \d+\r?\n[A-Za-z0-9+/=\r\n]{40,}))",
         .check = pem_body_ok,
         .after = 8192});
    rules.push_back({.id = "age-secret-key",
                     .description = "age encryption identity (secret key)",
                     .keywords = {kw_exact("AGE-SECRET-KEY-1")},
                     .pattern = R"(\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b)",
                     .after = 80});
    rules.push_back(
        {.id = "jwt",
         .description = "JSON Web Token",
         .keywords = {kw_exact("eyJ")},
         .pattern =
             R"(\b(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})(?:[^A-Za-z0-9_-]|$))",
         .check = jwt_ok,
         .after = 16384});
}

#undef CS_PEM_BODY
#undef CS_PEM_SEP

}  // namespace tools::secrets
