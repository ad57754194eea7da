// Issue 7's scanner gaps, seen in real commands, the provider formats of gitleaks' default rule set
// that have a distinctive prefix, and the common credential-file and config shapes; with a negative
// (placeholder, reference, digest, public key, near miss) for each family.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "fake_secrets.hpp"
#include "rule_expectations.hpp"
#include "tools/secrets/scanner.hpp"

using namespace secrets_test;
using tools::secrets::Scanner;

namespace {

// Exactly one finding, of rule, covering exactly secret.
void expect_secret(const std::string& text, const std::string& secret, const std::string& rule) {
    INFO("text: " << text);
    const auto findings = Scanner::instance().scan(text);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].rule_id == rule);
    CHECK(text.substr(findings[0].offset, findings[0].length) == secret);
}

const std::string kLowerDigits = "abcdefghijklmnopqrstuvwxyz0123456789";

}  // namespace

TEST_CASE("issue 7 gaps: raw # ? / in URL passwords", "[tools][secrets]") {
    for (const std::string& password :
         {"pa#ss" + random_chars(kAlnum, 8, 1), "Pa?ss" + random_chars(kAlnum, 8, 2),
          "pa/ss" + random_chars(kAlnum, 8, 3)}) {
        expect_secret("psql postgresql://app:" + password + "@db.internal:5432/app", password,
                      "postgres-uri-password");
        expect_secret("mongodb://root:" + password + "@mongo.internal/admin", password,
                      "mongodb-uri-password");
    }
    // A port and a path are not a password; an @ in the path does not make one.
    expect_clean("npm view https://registry.npmjs.org:443/@types/node and http://localhost:3000/api/@me");
    expect_clean("see https://example.com:8443/users/bob@example.com for details");
    expect_clean("postgresql://app:${DB_PASSWORD}@db.internal:5432/app");
}

TEST_CASE("issue 7 gaps: Authorization: Token, token as URL user, npm config set, ?key=",
          "[tools][secrets]") {
    const std::string token = random_chars(kHex, 40, 4);
    expect_secret("curl -H 'Authorization: Token " + token + "' https://api.example.com/v1/me", token,
                  "authorization-token");
    expect_clean("curl -H 'Authorization: Token $API_TOKEN' https://api.example.com/v1/me");
    expect_clean("the header is Authorization: Token <token>");

    const std::string user_token = random_chars(kAlnum, 40, 5);
    expect_secret("git clone https://" + user_token + "@github.com/acme/infra.git", user_token,
                  "url-token-user");
    expect_clean("git clone https://deploy-bot-for-acme-infra@github.com/acme/infra.git");
    expect_clean("git clone https://git@github.com/acme/infra.git");

    const std::string npm = random_chars(kAlnum, 36, 6);
    expect_secret("npm config set //npm.pkg.github.com/:_authToken " + npm, npm, "npmrc-auth-token");
    expect_clean("npm config set //registry.npmjs.org/:_authToken ${NPM_TOKEN}");

    const std::string key = random_chars(kBase64Url, 32, 7);
    expect_secret("curl 'https://maps.example.com/v1/geocode?q=Paris&key=" + key + "&lang=fr'", key,
                  "url-query-secret");
    expect_secret("GET /v2/items?api_key=" + key + " HTTP/1.1", key, "url-query-secret");
    expect_clean("curl 'https://maps.example.com/v1/geocode?q=Paris&key=YOUR_API_KEY'");
    expect_clean("https://example.com/search?key=value&sort=asc");
}

TEST_CASE("issue 7 gaps: a secret inside echo <base64> | base64 -d", "[tools][secrets]") {
    const std::string inner = "DB_PASSWORD=" + random_chars(kAlnum, 14, 8) + "9";
    const std::string encoded = base64(inner);
    expect_secret("echo " + encoded + " | base64 -d > .env", encoded, "base64-encoded-secret");
    expect_secret("echo '" + encoded + "' | base64 --decode", encoded, "base64-encoded-secret");
    expect_secret("base64 -d <<< " + encoded, encoded, "base64-encoded-secret");
    const std::string token = join("gh", "p_") + random_chars(kAlnum, 36, 9);
    expect_rule("echo " + base64("export GH_TOKEN=" + token) + " | base64 -d | sh", "base64-encoded-secret");
    // Encoded text that holds no secret stays clean.
    expect_clean("echo " + base64("hello world, this is a config file\n") + " | base64 -d");
}

TEST_CASE("gitleaks provider prefixes", "[tools][secrets]") {
    expect_rule("ADOBE_CLIENT_SECRET " + join("p8", "e-") + random_chars(kAlnum, 32, 10),
                "adobe-client-secret");
    expect_rule(
        "aws_access_key_id = " + join("AB", "IA") + random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 11),
        "aws-access-key-id");
    expect_rule("key: " + join("4b", "1d") + random_chars(kAlnum, 38, 12), "clickhouse-cloud-secret-key");
    expect_rule(join("CLOJARS", "_") + random_chars(kLowerDigits, 60, 13), "clojars-api-token");
    expect_rule(join("duffel", "_live_") + random_chars(kBase64Url, 43, 14), "duffel-api-token");
    expect_rule(join("EZ", "AK") + random_chars(kAlnum, 54, 15), "easypost-api-token");
    expect_rule(join("EA", "AC") + random_chars(kAlnum, 160, 16), "facebook-page-access-token");
    expect_rule("FLY_API_TOKEN " + join("fo", "1_") + random_chars(kBase64Url, 43, 17), "flyio-access-token");
    expect_rule(join("fio", "-u-") + random_chars(kBase64Url, 64, 18), "frameio-api-token");
    expect_rule(join("glff", "ct-") + random_chars(kAlnum, 20, 19), "gitlab-feature-flag-client-token");
    expect_rule("Cookie: " + join("_gitlab", "_session=") + random_chars(kLowerDigits, 32, 20),
                "gitlab-session-cookie");
    expect_rule(join("eyJr", "Ijoi") + random_chars(kAlnum, 80, 21), "grafana-api-key");
    expect_rule(join("pa", "t.") + random_chars(kBase64Url, 22, 22) + "." + random_chars(kAlnum, 24, 23) +
                    "." + random_chars(kAlnum, 20, 24),
                "harness-api-key");
    expect_rule(join("ic", "o-") + random_chars(kAlnum, 32, 25), "infracost-api-token");
    expect_rule(join("s-s4t2", "ud-") + random_chars(kHex, 64, 26), "intra42-client-secret");
    expect_rule(
        base64("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0." + random_chars(kBase64Url, 43, 27)),
        "jwt-base64");
    expect_rule(random_chars(kAlnum, 6, 28) + "_" + random_chars(kAlnum, 29, 29) + join("_m", "mk"),
                "maxmind-license-key");
    expect_rule(join("NR", "II-") + random_chars(kAlnum, 32, 30), "new-relic-insert-key");
    expect_rule(join("NR", "JS-") + random_chars(kHex, 19, 31), "new-relic-browser-api-token");
    expect_rule(join("AP", "I-") + random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 26, 32),
                "octopus-deploy-api-key");
    expect_rule("oc login --token=" + join("sha256", "~") + random_chars(kBase64Url, 43, 33),
                "openshift-user-token");
    expect_rule(join("rd", "me_") + random_chars(kLowerDigits, 70, 34), "readme-api-token");
    expect_rule(join("tk-", "us-") + random_chars(kBase64Url, 48, 35), "scalingo-api-token");
    expect_rule(join("sm_", "pat_") + random_chars(kAlnum, 16, 36), "settlemint-access-token");
    expect_rule(join("shippo", "_live_") + random_chars(kHex, 40, 37), "shippo-api-token");
    expect_rule(join("BUNDLE_GEMS__CONTRIBSYS", "__COM=") + random_chars(kHex, 8, 38) + ":" +
                    random_chars(kHex, 8, 39),
                "sidekiq-secret");
    expect_rule(join("sg", "p_") + random_chars(kHex, 40, 40), "sourcegraph-access-token");
    expect_rule(join("sk", "_prod_") + random_chars(kAlnum, 32, 41), "stripe-secret-key");
    expect_rule(std::string(22, 'A') + random_chars(kAlnum, 90, 42), "twitter-bearer-token");
    expect_rule(join("AQ", "VN") + random_chars(kBase64Url, 36, 43), "yandex-api-key");
    expect_rule(join("s", "l.") + random_chars(kBase64Url, 140, 44), "dropbox-short-lived-token");
    expect_rule(
        join("sk.eyJ1", "Ijoi") + random_chars(kBase64Url, 40, 45) + "." + random_chars(kBase64Url, 22, 46),
        "mapbox-secret-token");

    // Near misses: placeholders, too short, one repeated character, public keys by design.
    expect_clean(join("p8", "e-") + std::string(32, 'x'));
    expect_clean(join("EZ", "AK") + random_chars(kAlnum, 20, 47));
    expect_clean(std::string(120, 'A'));
    expect_clean(join("sha256", ":") + random_chars(kHex, 64, 48));  // a digest, not an OpenShift token
    expect_clean(join("AP", "I-") + "REFERENCE-DOCUMENTATION-PAGE");
    expect_clean("mapbox public token " + join("pk.eyJ1", "Ijoi") + random_chars(kBase64Url, 40, 49) + "." +
                 random_chars(kBase64Url, 22, 50));
}

TEST_CASE("credential files and config shapes", "[tools][secrets]") {
    const std::string password = random_chars(kAlnum, 12, 51) + "!7";
    expect_secret("machine api.example.com\n  login deploy\n  password " + password + "\n", password,
                  "netrc-password");
    expect_secret("db.internal:5432:app:app_user:" + password + "\n", password, "pgpass-password");
    expect_secret("*:*:*:postgres:" + password, password, "pgpass-password");
    CHECK(rule_ids("[default]\naws_access_key_id = " + join("AK", "IA") +
                   random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 52) +
                   "\naws_secret_access_key = " + random_chars(kBase64, 40, 53) + "\n") ==
          std::vector<std::string>{"aws-access-key-id", "aws-secret-access-key"});
    expect_secret("https://ci-bot:" + password + "@git.example.com\n", password, "url-credentials");
    expect_secret("[pypi]\nusername = ci\npassword = " + password + "\n", password, "password-assignment");
    expect_secret("Server=db;Database=app;User Id=app;Password=" + password + ";", password,
                  "password-assignment");
    expect_secret("jdbc:mysql://db:3306/app?user=app&password=" + password, password, "url-query-secret");
    expect_secret("PGPASSWORD=" + password + " psql -h db -U app", password, "password-assignment");
    expect_secret("mysql -u root -p" + password + " app", password, "password-cli-argument");
    expect_secret("sshpass -p '" + password + "' ssh deploy@host", password, "password-cli-argument");
    expect_secret("mytool --password " + password + " --verbose", password, "password-cli-argument");
    expect_rule("{\"type\": \"service_account\", \"private_key\": \"" +
                    join("-----BEGIN PRIV", "ATE KEY-----\\n") + random_chars(kBase64, 64, 54) + "\\n" +
                    random_chars(kBase64, 64, 55) + "\\n" + random_chars(kBase64, 64, 58) + "\\n" +
                    random_chars(kBase64, 64, 59) + "\\n" + join("-----END PRIV", "ATE KEY-----\\n") + "\"}",
                "private-key-pkcs8");
    expect_rule("{\"auths\": {\"registry.example.com\": {\"auth\": \"" + base64("ci:" + password) + "\"}}}",
                "docker-config-auth");
    expect_rule("//registry.example.com/:_password=" + base64(password), "npmrc-password");
    expect_secret("<add key=\"ClearTextPassword\" value=\"" + password + "\" />", password,
                  "nuget-config-password");

    // References, placeholders and public material stay clean.
    expect_clean("machine api.example.com login deploy password $NETRC_PASSWORD");
    expect_clean("db.internal:5432:app:app_user:*");
    expect_clean("localhost:5432:app:app_user:<password>");
    expect_clean("PGPASSWORD=\"$(cat /run/secrets/db)\" psql");
    expect_clean("mysql -u root -p app");
    expect_clean("//registry.example.com/:_password=${NPM_PASSWORD}");
    expect_clean("<add key=\"ClearTextPassword\" value=\"%NUGET_PASSWORD%\" />");
    expect_clean("ssh-ed25519 " + join("AAAAC3NzaC1lZDI1", "NTE5AAAAI") + random_chars(kBase64, 43, 56) +
                 " me@host");
    expect_clean("sha256:" + random_chars(kHex, 64, 57) + " digest of the image");
    expect_clean("{\"type\": \"service_account\", \"private_key\": \"${GCP_PRIVATE_KEY}\"}");
}
