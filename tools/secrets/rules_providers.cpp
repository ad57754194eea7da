// Provider formats with a distinctive prefix that the other tables do not hold: the rest of those in
// gitleaks' default rule set (config/gitleaks.toml), written from the documented prefixes and lengths.
// Left out on purpose: keys that are public by design (Mapbox `pk.`, Flutterwave and Mailgun public
// keys) and formats that only a provider's name nearby can tell apart (40 hex digits "near kraken").
#include <algorithm>

#include "tools/secrets/decoders.hpp"
#include "tools/secrets/entropy.hpp"
#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {
namespace {

// Past a fixed prefix, the value must look random: documentation shows "…xxxx" or "…1234567890".
bool random_tail(std::string_view secret, Groups) {
    if (has_placeholder_marks(secret)) {
        return false;
    }
    const CharClasses classes = char_classes(secret);
    return classes.count() >= 2 && shannon_entropy(secret) >= 3.0;
}

// A Twitter app bearer token starts with 22 `A`s: judge what follows them.
bool after_run_random(std::string_view secret, Groups groups) {
    const std::size_t run = std::min(secret.find_first_not_of('A'), secret.size());
    return random_tail(secret.substr(run), groups);
}

// base64 of a JWT ("eyJ…" encodes to "ZXlK…"): it must decode to header.payload.
bool base64_jwt(std::string_view secret, Groups) {
    const auto decoded = base64_decode(secret);
    return decoded && decoded->starts_with("eyJ") && decoded->find('.') != std::string::npos;
}

Rule prefixed(std::string_view id, std::string_view description, std::vector<Keyword> keywords,
              std::string_view pattern, std::uint32_t after, Check check = random_tail) {
    return Rule{.id = id,
                .description = description,
                .keywords = std::move(keywords),
                .pattern = pattern,
                .check = check,
                .after = after};
}

}  // namespace

void add_provider_rules(std::vector<Rule>& rules) {
    rules.push_back(prefixed("adobe-client-secret", "Adobe OAuth client secret", {kw_exact("p8e-")},
                             R"(\b(p8e-[A-Za-z0-9]{32})\b)", 40));
    rules.push_back({.id = "authress-access-key",
                     .description = "Authress service client access key",
                     .keywords = {kw_exact(".acc_"), kw_exact(".acc-")},
                     .pattern =
                         R"(\b((?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\.[A-Za-z0-9]{4,6}\.acc[_-])"
                         R"([A-Za-z0-9-]{10,32}\.[A-Za-z0-9+/_=-]{30,120}))",
                     .check = random_tail,
                     .before = 48,
                     .after = 180});
    rules.push_back(prefixed("clickhouse-cloud-secret-key", "ClickHouse Cloud API secret key",
                             {kw_exact("4b1d")}, R"(\b(4b1d[A-Za-z0-9]{38})\b)", 48));
    rules.push_back(prefixed("clojars-api-token", "Clojars deploy token", {kw("clojars_")},
                             R"((?i)\b(CLOJARS_[a-z0-9]{60})\b)", 72));
    rules.push_back(prefixed("duffel-api-token", "Duffel API token", {kw_exact("duffel_")},
                             R"(\b(duffel_(?:test|live)_[A-Za-z0-9_=-]{43}))", 60));
    rules.push_back(prefixed("easypost-api-token", "EasyPost API key (production or test)",
                             {kw_exact("EZAK"), kw_exact("EZTK")}, R"(\b(EZ[AT]K[A-Za-z0-9]{54})\b)", 64));
    rules.push_back(prefixed("facebook-page-access-token", "Facebook / Meta page or user access token",
                             {kw_exact("EAAM"), kw_exact("EAAC")}, R"(\b(EAA[MC][A-Za-z0-9]{100,400})\b)",
                             420));
    rules.push_back(prefixed("flyio-access-token", "Fly.io access token",
                             {kw_exact("fo1_"), kw_exact("fm1a_"), kw_exact("fm1r_"), kw_exact("fm2_")},
                             R"(\b(fo1_[A-Za-z0-9_-]{43}|fm1[ar]_[A-Za-z0-9+/]{100,}={0,3})"
                             R"(|fm2_[A-Za-z0-9+/]{100,}={0,3}))",
                             2048));
    rules.push_back(prefixed("frameio-api-token", "Frame.io API token", {kw_exact("fio-u-")},
                             R"(\b(fio-u-[A-Za-z0-9_=-]{64}))", 80));
    rules.push_back(prefixed("gitlab-feature-flag-client-token", "GitLab feature flag client token",
                             {kw_exact("glffct-")}, R"(\b(glffct-[A-Za-z0-9_-]{20}))", 32));
    rules.push_back(prefixed("gitlab-session-cookie", "GitLab session cookie", {kw("_gitlab_session=")},
                             R"(_gitlab_session=([0-9a-z]{32})\b)", 56));
    rules.push_back(prefixed("grafana-api-key", "Grafana API key (legacy)", {kw_exact("eyJrIjoi")},
                             R"(\b(eyJrIjoi[A-Za-z0-9]{70,400}={0,3}))", 420));
    rules.push_back(prefixed(
        "harness-api-key", "Harness personal or service account token", {kw_exact("pat."), kw_exact("sat.")},
        R"(\b((?:pat|sat)\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20})\b)", 80));
    rules.push_back(prefixed("infracost-api-token", "Infracost API token", {kw_exact("ico-")},
                             R"(\b(ico-[A-Za-z0-9]{32})\b)", 40));
    rules.push_back(prefixed("intra42-client-secret", "42 School (Intra) client secret", {kw_exact("s-s4t2")},
                             R"(\b(s-s4t2(?:ud|af)-[a-f0-9]{64})\b)", 80));
    rules.push_back(prefixed("jwt-base64", "Base64-encoded JSON Web Token", {kw_exact("ZXlK")},
                             R"(\b(ZXlK[A-Za-z0-9+/_-]{40,}={0,2}))", 8192, base64_jwt));
    rules.push_back({.id = "maxmind-license-key",
                     .description = "MaxMind license key",
                     .keywords = {kw_exact("_mmk")},
                     .pattern = R"(\b([A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk)\b)",
                     .check = random_tail,
                     .before = 40,
                     .after = 8});
    rules.push_back(prefixed("new-relic-insert-key", "New Relic insights insert key", {kw_exact("NRII-")},
                             R"(\b(NRII-[A-Za-z0-9-]{32}))", 40));
    rules.push_back(prefixed("new-relic-browser-api-token", "New Relic browser ingest key",
                             {kw_exact("NRJS-")}, R"(\b(NRJS-[a-f0-9]{19})\b)", 28));
    rules.push_back(prefixed("octopus-deploy-api-key", "Octopus Deploy API key", {kw_exact("API-")},
                             R"(\b(API-[A-Z0-9]{26})\b)", 34));
    rules.push_back(prefixed("openshift-user-token", "OpenShift user token", {kw_exact("sha256~")},
                             R"(\b(sha256~[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$))", 56));
    rules.push_back(prefixed("readme-api-token", "ReadMe API key", {kw_exact("rdme_")},
                             R"(\b(rdme_[a-z0-9]{70})\b)", 80));
    rules.push_back(prefixed("scalingo-api-token", "Scalingo API token", {kw_exact("tk-us-")},
                             R"(\b(tk-us-[A-Za-z0-9_-]{48}))", 60));
    rules.push_back(prefixed("settlemint-access-token", "SettleMint application, personal or service token",
                             {kw_exact("sm_aat_"), kw_exact("sm_pat_"), kw_exact("sm_sat_")},
                             R"(\b(sm_(?:aat|pat|sat)_[A-Za-z0-9]{16})\b)", 28));
    rules.push_back(prefixed("shippo-api-token", "Shippo API token", {kw_exact("shippo_")},
                             R"(\b(shippo_(?:live|test)_[a-fA-F0-9]{40})\b)", 56));
    rules.push_back({.id = "sidekiq-secret",
                     .description = "Sidekiq Pro/Enterprise gem server credentials",
                     .keywords = {kw("contribsys__com")},
                     .pattern = R"((?i)BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM["']?[ \t]*[=:][ \t]*["']?)"
                                R"(([a-f0-9]{8}:[a-f0-9]{8})\b)",
                     .check = random_tail,
                     .before = 24,
                     .after = 64});
    rules.push_back(prefixed("sourcegraph-access-token", "Sourcegraph access token", {kw_exact("sgp_")},
                             R"(\b(sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40})\b)", 64));
    rules.push_back(prefixed("twitter-bearer-token", "Twitter / X app bearer token",
                             {kw_exact("AAAAAAAAAAAAAAAAAAAAA")}, R"(\b(A{22}[A-Za-z0-9%]{80,100})\b)", 128,
                             after_run_random));
    rules.push_back(prefixed("yandex-api-key", "Yandex Cloud API key", {kw_exact("AQVN")},
                             R"(\b(AQVN[A-Za-z0-9_-]{35,38})(?:[^A-Za-z0-9_-]|$))", 48));
    rules.push_back(prefixed("dropbox-short-lived-token", "Dropbox short-lived access token",
                             {kw_exact("sl.")}, R"(\b(sl\.(?:u\.)?[A-Za-z0-9_=-]{130,}))", 1420));
    rules.push_back(
        prefixed("mapbox-secret-token", "Mapbox secret access token", {kw_exact("sk.eyJ1Ijoi")},
                 R"(\b(sk\.eyJ1Ijoi[A-Za-z0-9_-]{10,200}\.[A-Za-z0-9_-]{22})(?:[^A-Za-z0-9_-]|$))", 240));
    rules.push_back(
        {.id = "nuget-config-password",
         .description = "Password in a NuGet.config packageSourceCredentials entry",
         .keywords = {kw("key=\"cleartextpassword\""), kw("key=\"password\"")},
         .pattern = R"re((?i)<add[ \t]+key="(?:ClearText)?Password"[ \t]+value="([^"]{8,200})")re",
         .check = check_password,
         .before = 8,
         .after = 240,
         .password = true});
}

}  // namespace tools::secrets
