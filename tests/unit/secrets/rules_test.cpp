// Per family: a credential of the provider's documented shape is found under the right rule; a
// near miss (wrong length, placeholder, public counterpart, documentation example) is not.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "fake_secrets.hpp"
#include "rule_expectations.hpp"
#include "tools/secrets/scanner.hpp"

using namespace secrets_test;
using tools::secrets::Scanner;

TEST_CASE("cloud provider keys", "[tools][secrets]") {
    const std::string aws_id = join("AK", "IA") + random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 1);
    expect_rule("aws_access_key_id = " + aws_id, "aws-access-key-id");
    expect_rule("export AWS_ACCESS_KEY_ID=" + join("AS", "IA") +
                    random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 2),
                "aws-sts-access-key-id");
    expect_rule("AWS_SECRET_ACCESS_KEY=" + random_chars(kBase64, 40, 3), "aws-secret-access-key");
    expect_rule("key=" + join("AI", "za") + random_chars(kBase64Url, 35, 4), "gcp-api-key");
    expect_rule("client_secret: " + join("GOCS", "PX-") + random_chars(kBase64Url, 28, 5),
                "gcp-oauth-client-secret");
    expect_rule("DefaultEndpointsProtocol=https;AccountName=acct;" + join("Account", "Key=") +
                    random_chars(kBase64, 86, 6) + "==;EndpointSuffix=core.windows.net",
                "azure-storage-account-key");
    expect_rule("token " + join("dop", "_v1_") + random_chars(kHex, 64, 7), "digitalocean-token");
    expect_rule("VAULT_TOKEN=" + join("hv", "s.") + random_chars(kBase64Url, 90, 8), "vault-token");
    expect_rule(random_chars("abcdefghijklmnopqrstuvwxyz0123456789", 14, 9) + join(".atlas", "v1.") +
                    random_chars(kAlnum, 67, 9),
                "terraform-cloud-token");
    expect_rule(join("AGE-SECRET", "-KEY-1") + random_chars("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58, 10),
                "age-secret-key");

    // Near misses: AWS documentation examples, role IDs, a 40-hex git SHA named like a key, too short.
    expect_clean("aws_access_key_id = " + join("AKIAIOSFODNN7", "EXAMPLE"));
    expect_clean("AWS_SECRET_ACCESS_KEY=" + join("wJalrXUtnFEMI/K7MDENG/bPxRfiCY", "EXAMPLEKEY"));
    expect_clean("\"UserId\": \"" + join("AR", "OA") +
                 random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17, 11) + ":botocore-session-12345\"");
    expect_clean("aws_access_key_id = " + join("AK", "IA") + std::string(16, 'X'));
    expect_clean("key=" + join("AI", "za") + random_chars(kBase64Url, 20, 12));
}

TEST_CASE("source hosting tokens", "[tools][secrets]") {
    expect_rule("GITHUB_TOKEN=" + join("gh", "p_") + random_chars(kAlnum, 36, 20), "github-pat");
    expect_rule("gh auth token -> " + join("gh", "o_") + random_chars(kAlnum, 36, 21), "github-oauth-token");
    expect_rule("INSTALLATION_TOKEN=" + join("gh", "s_") + random_chars(kAlnum, 36, 22), "github-app-token");
    expect_rule("GH_PAT=" + join("github", "_pat_") + random_chars(kAlnum, 22, 23) + "_" +
                    random_chars(kAlnum, 59, 24),
                "github-fine-grained-pat");
    expect_rule("GITLAB_TOKEN=" + join("glp", "at-") + random_chars(kBase64Url, 20, 25), "gitlab-pat");
    expect_rule("RUNNER_TOKEN=" + join("glr", "t-") + random_chars(kBase64Url, 20, 26),
                "gitlab-runner-token");
    expect_rule("GITLAB_DEPLOY_TOKEN=" + join("gld", "t-") + random_chars(kBase64Url, 20, 27),
                "gitlab-deploy-token");

    expect_clean("export GITHUB_TOKEN=" + join("gh", "p_") + std::string(36, 'X'));
    expect_clean("the GitHub rule matches `ghp_[A-Za-z0-9]{36}` and `github_pat_[A-Za-z0-9_]{82}`");
    expect_clean(join("gh", "p_") + random_chars(kAlnum, 30, 28));  // too short
}

TEST_CASE("a GitHub token with a valid checksum is marked verified, one without is still found",
          "[tools][secrets]") {
    // Body from the fixed seed; the last 6 characters are the base62 CRC32 of the first 30, computed here
    // independently of the scanner (bitwise CRC32).
    const std::string random30 = random_chars(kAlnum, 30, 29);
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const char c : random30) {
        crc ^= static_cast<std::uint8_t>(c);
        for (int k = 0; k < 8; ++k) {
            crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
    }
    crc ^= 0xFFFFFFFFu;
    const std::string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    std::string checksum(6, '0');
    for (int i = 5; i >= 0; --i) {
        checksum[static_cast<std::size_t>(i)] = digits[crc % 62];
        crc /= 62;
    }
    const auto valid = Scanner::instance().scan(join("gh", "p_") + random30 + checksum);
    REQUIRE(valid.size() == 1);
    CHECK(valid[0].verified);
    const auto unchecked = Scanner::instance().scan(join("gh", "p_") + random30 + "zZ9yY8");
    REQUIRE(unchecked.size() == 1);
    CHECK_FALSE(unchecked[0].verified);
}

TEST_CASE("messaging and email tokens", "[tools][secrets]") {
    expect_rule("SLACK_BOT_TOKEN=" + join("xox", "b-") + random_chars(kDigits, 11, 30) + "-" +
                    random_chars(kDigits, 13, 31) + "-" + random_chars(kAlnum, 24, 32),
                "slack-bot-token");
    expect_rule("SLACK_USER_TOKEN=" + join("xox", "p-") + random_chars(kDigits, 11, 33) + "-" +
                    random_chars(kDigits, 11, 34) + "-" + random_chars(kDigits, 13, 35) + "-" +
                    random_chars(kHex, 32, 36),
                "slack-user-token");
    expect_rule("webhook: https://" + join("hooks.slack", ".com/services/T") +
                    random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 8, 37) + "/B" +
                    random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10, 38) + "/" +
                    random_chars(kAlnum, 24, 39),
                "slack-webhook-url");
    expect_rule("TELEGRAM_BOT_TOKEN=" + random_chars("123456789", 10, 40) + join(":A", "A") +
                    random_chars(kBase64Url, 33, 41),
                "telegram-bot-token");
    const std::string discord = base64url_nopad(random_chars("123456789", 18, 42)) + "." +
                                random_chars(kBase64Url, 6, 43) + "." + random_chars(kBase64Url, 38, 44);
    expect_rule("DISCORD_BOT_TOKEN=" + discord, "discord-bot-token");
    expect_rule("SENDGRID_API_KEY=" + join("S", "G.") + random_chars(kBase64Url, 22, 45) + "." +
                    random_chars(kBase64Url, 43, 46),
                "sendgrid-api-key");
    expect_rule("TWILIO_API_KEY=" + join("S", "K") + random_chars(kHex, 32, 47), "twilio-api-key");
    expect_rule("MAILGUN_API_KEY=" + join("ke", "y-") + random_chars(kHex, 32, 48), "mailgun-api-key");

    expect_clean("SLACK_BOT_TOKEN=xoxb-your-bot-token");
    expect_clean("Twilio message " + join("S", "M") + random_chars(kHex, 32, 49) + " delivered");
    expect_clean("channel C0" + random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 9, 50) + " (#deploys)");
    // A Discord-shaped token whose first part is not a base64 user id, far from the word Discord.
    expect_clean("value " + random_chars(kBase64Url, 24, 51) + "." + random_chars(kBase64Url, 6, 52));
}

TEST_CASE("payment keys are found, publishable keys and object ids are not secrets", "[tools][secrets]") {
    expect_rule("STRIPE_SECRET_KEY=" + join("sk_", "live_") + random_chars(kAlnum, 24, 60),
                "stripe-secret-key");
    expect_rule("STRIPE_KEY=" + join("sk_", "test_") + random_chars(kAlnum, 99, 61), "stripe-secret-key");
    expect_rule("STRIPE_RESTRICTED_KEY=" + join("rk_", "live_") + random_chars(kAlnum, 24, 62),
                "stripe-restricted-key");
    expect_rule("SHOPIFY_ACCESS_TOKEN=" + join("shp", "at_") + random_chars(kHex, 32, 63),
                "shopify-access-token");
    expect_rule("SQUARE_ACCESS_TOKEN=" + join("EA", "AA") + random_chars(kBase64Url, 60, 64),
                "square-access-token");

    expect_clean("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=" + join("pk_", "live_") + random_chars(kAlnum, 99, 65));
    expect_clean("customer: cus_" + random_chars(kAlnum, 14, 66) + ", subscription: sub_" +
                 random_chars(kAlnum, 24, 67));
    expect_clean("payment_intent: pi_" + random_chars(kAlnum, 24, 68) + "  status=requires_capture");
    expect_clean("STRIPE_SECRET_KEY=sk_live_...");
}

TEST_CASE("AI provider and developer service keys", "[tools][secrets]") {
    expect_rule("ANTHROPIC_API_KEY=" + join("sk-ant", "-api03-") + random_chars(kBase64Url, 93, 70) + "AA",
                "anthropic-api-key");
    expect_rule("OPENAI_API_KEY=" + join("sk-pr", "oj-") + random_chars(kBase64Url, 74, 71) +
                    join("T3Blbk", "FJ") + random_chars(kBase64Url, 74, 72),
                "openai-project-key");
    expect_rule("HF_TOKEN=" + join("h", "f_") +
                    random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34, 73),
                "huggingface-token");
    expect_rule("NPM_TOKEN=" + join("np", "m_") + random_chars(kAlnum, 36, 74), "npm-access-token");
    expect_rule("TWINE_PASSWORD=" + join("pypi-AgEIcHlw", "aS5vcmc") + random_chars(kBase64Url, 80, 75),
                "pypi-upload-token");
    expect_rule("DOCKERHUB_TOKEN=" + join("dckr", "_pat_") + random_chars(kBase64Url, 27, 76),
                "docker-hub-token");
    expect_rule("GROQ_API_KEY=" + join("gs", "k_") + random_chars(kAlnum, 52, 77), "groq-api-key");
    expect_rule("DATABRICKS_TOKEN=" + join("da", "pi") + random_chars(kHex, 32, 78), "databricks-token");
    expect_rule("SENTRY_AUTH_TOKEN=" + join("sntr", "yu_") + random_chars(kHex, 64, 79), "sentry-auth-token");

    expect_clean("ANTHROPIC_API_KEY=sk-ant-xxxx");
    expect_clean("ANTHROPIC_API_KEY=sk-ant-api03-...");
    expect_clean("keys look like `sk-ant-api03-` followed by ~95 url-safe chars; never paste one here");
    expect_clean("HF_TOKEN=hf_***");
    expect_clean("NPM_TOKEN=npm_<redacted>");
}

TEST_CASE("private keys and JWTs are found, public keys and certificates are not secrets",
          "[tools][secrets]") {
    std::string body;
    for (int line = 0; line < 6; ++line) {
        body += random_chars(kBase64, 64, 80 + static_cast<std::uint64_t>(line)) + "\n";
    }
    const std::string begin = join("-----BEGIN RSA PRIV", "ATE KEY-----\n");
    const std::string end = join("-----END RSA PRIV", "ATE KEY-----");
    expect_rule(begin + body + end, "private-key-rsa");
    // Cut after the header and a few lines (`head -5 id_rsa`), inside a JSON string with escapes.
    std::string escaped = join("{\"content\":\"-----BEGIN OPENSSH PRIV", "ATE KEY-----\\n");
    escaped += random_chars(kBase64, 70, 90) + "\\n" + random_chars(kBase64, 70, 91) + "\"}";
    expect_rule(escaped, "private-key-openssh");

    const std::string header = base64url_nopad("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    const std::string payload = base64url_nopad("{\"sub\":\"user_123456\",\"iat\":1756000000}");
    expect_rule("Authorization: Bearer " + header + "." + payload + "." + random_chars(kBase64Url, 43, 92),
                "jwt");

    expect_clean(join("-----BEGIN PUB", "LIC KEY-----\n") + body + join("-----END PUB", "LIC KEY-----"));
    expect_clean(join("-----BEGIN CERTI", "FICATE-----\nMIID") + body +
                 join("-----END CERTI", "FICATE-----"));
    expect_clean(
        "the scanner must catch `-----BEGIN OPENSSH PRIVATE KEY-----` headers even when the body is cut");
    expect_clean("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + random_chars(kBase64, 43, 93) + " dana@laptop");
    // Three base64url parts whose header is not JSON with "alg" is not a JWT.
    const std::string not_header = base64url_nopad("{\"feature\":\"sync\"}");
    expect_clean("data " + not_header + "." + payload + "." + random_chars(kBase64Url, 43, 94));
}

TEST_CASE("credentials in URLs and headers", "[tools][secrets]") {
    const std::string password = random_chars(kAlnum, 18, 100);
    expect_rule("DATABASE_URL=postgres://app:" + password + "@db.internal:5432/app", "postgres-uri-password");
    expect_rule("mongodb+srv://svc:" + password + "@cluster0.abcde.mongodb.net/prod", "mongodb-uri-password");
    expect_rule("redis://:" + password + "@cache.internal:6379/0", "redis-uri-password");
    expect_rule("https://deploy:" + password + "@git.example.org/team/repo.git", "url-credentials");
    expect_rule("Authorization: Basic " + base64("deploy:" + password), "basic-auth-header");
    expect_rule(
        "curl -H \"Authorization: Bearer " + random_chars(kAlnum, 40, 101) + "\" https://api.example.org",
        "bearer-token");

    expect_clean("DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app");
    expect_clean("the connection string is postgres://USER:PASSWORD@HOST:5432/DB; fill it from the vault");
    expect_clean("postgres://app:****@db.internal:5432/app");
    expect_clean("postgres://postgres:postgres@localhost:5432/dev");
    expect_clean("git@github.com:acme/context-sync.git");
    expect_clean("Authorization: Bearer <token>");
    expect_clean("curl -H \"Authorization: Bearer $GITHUB_TOKEN\" https://api.github.com/user");
    expect_clean("WWW-Authenticate: Bearer realm=\"mcp\"");
}

TEST_CASE("generic assignments are judged by the value, not the name", "[tools][secrets]") {
    expect_rule("DB_PASSWORD=" + random_chars(kAlnum, 10, 110) + "!7", "password-assignment");
    expect_rule("spring.datasource.password: copper-lantern-orbit-42", "password-assignment");
    expect_rule("JWT_SECRET=\"" + random_chars(kHex, 64, 111) + "\"", "secret-assignment");
    expect_rule("\"refreshToken\": \"" + random_chars(kBase64Url, 48, 112) + "\"", "token-assignment");
    expect_rule("WEATHER_API_KEY=" + random_chars(kAlnum, 32, 113), "api-key-assignment");
    expect_rule("API_KEY='8c6f5a2e-3d1b-4f7a-9e2c-5b8d7a6f4e3c'", "api-key-assignment");
    expect_rule("gh secret set DEPLOY_TOKEN --body '" + random_chars(kAlnum, 40, 114) + "'",
                "token-assignment");

    for (const char* clean :
         {"password: ${DB_PASSWORD}",
          "password=%DB_PASSWORD%",
          "password: <password>",
          "DB_PASSWORD=changeme-in-prod # placeholder",
          "password = None",
          "password: string;",
          "PASSWORD_MIN_LENGTH=12",
          "\"password\": \"\"",
          "token = \"REPLACE_ME\"",
          "token_type: Bearer",
          "\"token_count\": 0",
          "max_tokens=4096",
          "api_key = os.environ[\"OPENAI_API_KEY\"]",
          "const key = process.env.STRIPE_SECRET_KEY;",
          "NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}",
          "client_secret: \"********\"",
          "SECRET_SCANNING_ENABLED=true",
          "GOOGLE_APPLICATION_CREDENTIALS=/home/dev/.config/gcloud/application_default_credentials.json",
          "user.password_hash = bcrypt.hashpw(form.password.data.encode(), bcrypt.gensalt())",
          "password_reset_token_ttl_seconds = 3600",
          "secretName: tls-wildcard-acme-io",
          "ANTHROPIC_API_KEY=$(op read op://Engineering/Anthropic/credential)"}) {
        expect_clean(clean);
    }
    // A UUID or a hash is a secret only when a secret-named field holds it.
    expect_clean("X-Request-Id: 8c6f5a2e-3d1b-4f7a-9e2c-5b8d7a6f4e3c");
    expect_clean("checksum = \"" + random_chars(kHex, 64, 115) + "\"");
    expect_clean("Cache key: v1-deps-" + random_chars(kBase64Url, 43, 116));
    expect_clean("\"itemKey\": \"8c6f5a2e-3d1b-4f7a-9e2c-5b8d7a6f4e3c\"");
    expect_clean("\"nextPageToken\": \"" + random_chars(kBase64Url, 48, 117) + "\"");
    expect_rule("\"accessKey\": \"8c6f5a2e-3d1b-4f7a-9e2c-5b8d7a6f4e3c\"", "api-key-assignment");
}

TEST_CASE("secrets in prose and on command lines", "[tools][secrets]") {
    const std::string password = random_chars(kAlnum, 12, 120) + "#4x";
    expect_rule("the staging Postgres password is `" + password + "` (ask Dana first)", "secret-in-prose");
    expect_rule("use `" + password + "` as the root password on the build box", "secret-in-prose");
    expect_rule("Grafana admin login is admin / " + password + " until SSO works", "login-password-pair");
    expect_rule("the API token for the CI trigger (" + random_chars(kAlnum, 40, 121) + ") expired again",
                "secret-in-prose");
    expect_rule("mysql -h db -u app -p" + password + " shop", "password-cli-argument");
    expect_rule("sshpass -p '" + password + "' ssh deploy@bastion", "password-cli-argument");
    expect_rule("machine api.example.org login deploy password " + password, "netrc-password");

    expect_clean("the staging DB password is stored in 1Password under \"Staging / Postgres\"");
    expect_clean("password: see the team vault, item `prod-postgres-admin`");
    expect_clean("the password must be at least 12 characters or the signup form rejects it");
    expect_clean("never pass the password with -p on the command line; use ~/.pgpass with mode 0600");
    expect_clean("ccache key for the tidy job is " + random_chars(kHex, 40, 122) + ", bump the suffix");
    expect_clean("echo \"$REGISTRY_TOKEN\" | docker login ghcr.io -u ci --password-stdin");
    expect_clean("compaction triggers near 180k tokens; preTokens was 170000");
}

TEST_CASE("a secret in a sentence is found as far from its noun as the prose rule reads",
          "[tools][secrets]") {
    const std::string token = random_chars(kAlnum, 24, 123) + "9Qz";
    // The value starts `distance` bytes after the noun ends: " www…w is <token>".
    const auto sentence = [&](const std::string& noun, std::size_t distance, const char* between = " is ") {
        return "the " + noun + " " + std::string(distance - 5, 'w') + between + token + " for CI";
    };
    for (const std::string noun : {"token", "password", "API key", "deploy key", "credentials"}) {
        INFO("noun: " << noun);
        expect_rule(sentence(noun, 100), "secret-in-prose");
        expect_clean(sentence(noun, 101));
        expect_clean(sentence(noun, 60, " is\n"));  // the value on the next line
    }
    // The shortest password the rule takes, and one byte shorter.
    expect_rule("the wifi password is Xk9#mP2q", "secret-in-prose");
    expect_clean("the wifi password is Xk9#mP2");
    // A plain word after the verb is no value, however many names come before it.
    expect_clean("the token count and the cache key and the API key lookup is unchanged");
}

TEST_CASE("the scanner ships at least 60 compiled rules", "[tools][secrets]") {
    const auto rules = Scanner::instance().rules();
    CHECK(rules.size() >= 60);
    for (const auto& rule : rules) {
        CHECK_FALSE(rule.id.empty());
        CHECK_FALSE(rule.description.empty());
        CHECK(rule.compiles);
    }
}
