// Developer services: package registries (npm, PyPI, RubyGems, Docker Hub, JFrog), SaaS APIs (Linear,
// Notion, Sentry, Grafana, Figma, Postman, Datadog, New Relic, Dynatrace, PlanetScale, Supabase,
// Prefect, Netlify, SonarQube, Contentful, Typeform, Okta) and 1Password.
#include "tools/secrets/entropy.hpp"
#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {
namespace {

bool credentials_ok(std::string_view secret, Groups) {
    return decodes_to_credentials(secret);
}

// A 1Password service account token is base64 JSON ("ops_eyJ…" = ops_ + base64 of `{"`).
bool onepassword_ok(std::string_view secret, Groups) {
    const auto decoded = base64_decode(secret.substr(4));
    return decoded && decoded->size() >= 100 && decoded->front() == '{' && !has_placeholder_marks(secret);
}

bool hex_random(std::string_view secret, Groups) {
    const CharClasses classes = char_classes(secret);
    return classes.digit && (classes.lower || classes.upper) && !has_placeholder_marks(secret);
}

}  // namespace

void add_devtools_rules(std::vector<Rule>& rules) {
    rules.push_back({.id = "npm-access-token",
                     .description = "npm access token",
                     .keywords = {kw_exact("npm_")},
                     .pattern = R"(\b(npm_[A-Za-z0-9]{36})\b)",
                     .after = 48,
                     .verified = base62_crc32_checksum_ok});
    rules.push_back({.id = "npmrc-auth-token",
                     .description = "Registry auth token in an .npmrc or `npm config set`",
                     .keywords = {kw(":_authtoken")},
                     .pattern = R"((?i):_authToken(?:[ \t]*=[ \t]*|[ \t]+)["']?([^\s"'`<>{}$]+))",
                     .check = check_token,
                     .priority = Priority::contextual,
                     .before = 1,
                     .after = 300});
    rules.push_back(
        {.id = "npmrc-legacy-auth",
         .description = "Base64 user:password in an .npmrc _auth line",
         .keywords = {kw_exact("_auth")},
         .pattern = R"((?:^|[^A-Za-z0-9:])_auth(?:[ \t]*=[ \t]*|[ \t]+)["']?([A-Za-z0-9+/]{8,}={0,2}))",
         .check = credentials_ok,
         .before = 1,
         .after = 300,
         .password = true});
    rules.push_back(
        {.id = "pypi-upload-token",
         .description = "PyPI / TestPyPI upload token",
         .keywords = {kw_exact("pypi-AgEIcHlwaS5vcmc"), kw_exact("pypi-AgENdGVzdC5weXBpLm9yZw")},
         .pattern =
             R"(\b(pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})(?:[^A-Za-z0-9_-]|$))",
         .after = 600});
    rules.push_back({.id = "rubygems-api-key",
                     .description = "RubyGems API key",
                     .keywords = {kw_exact("rubygems_")},
                     .pattern = R"(\b(rubygems_[a-f0-9]{48})\b)",
                     .after = 64});
    rules.push_back({.id = "docker-hub-token",
                     .description = "Docker Hub personal or organization access token",
                     .keywords = {kw_exact("dckr_pat_"), kw_exact("dckr_oat_")},
                     .pattern = R"(\b(dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,})(?:[^A-Za-z0-9_-]|$))",
                     .after = 80});
    rules.push_back({.id = "docker-config-auth",
                     .description = "Base64 user:password in a Docker config.json auths entry",
                     .keywords = {kw("\"auth\"")},
                     .pattern = R"re("auth"[ \t]*:[ \t]*"([A-Za-z0-9+/]{8,}={0,2})")re",
                     .check = credentials_ok,
                     .after = 400,
                     .password = true});
    rules.push_back({.id = "jfrog-api-key",
                     .description = "JFrog Artifactory API key or reference token",
                     .keywords = {kw_exact("AKCp"), kw_exact("cmVmdGtu")},
                     .pattern = R"(\b((?:AKCp[A-Za-z0-9]{69}|cmVmdGtu[A-Za-z0-9]{56}))\b)",
                     .after = 80});
    rules.push_back({.id = "linear-api-key",
                     .description = "Linear API key or OAuth token",
                     .keywords = {kw_exact("lin_api_"), kw_exact("lin_oauth_")},
                     .pattern = R"(\b((?:lin_api_[A-Za-z0-9]{40}|lin_oauth_[a-f0-9]{64}))\b)",
                     .after = 80});
    rules.push_back({.id = "notion-token",
                     .description = "Notion integration token",
                     .keywords = {kw_exact("ntn_")},
                     .pattern = R"(\b(ntn_\d{11}[A-Za-z0-9]{32,36})\b)",
                     .after = 56});
    rules.push_back({.id = "notion-integration-secret",
                     .description = "Notion internal integration secret (legacy format)",
                     .keywords = {kw_exact("secret_", true)},
                     .pattern = R"(\b(secret_[A-Za-z0-9]{43})\b)",
                     .check = check_token,
                     .after = 56});
    rules.push_back(
        {.id = "sentry-auth-token",
         .description = "Sentry user or organization auth token",
         .keywords = {kw_exact("sntryu_"), kw_exact("sntrys_")},
         .pattern = R"(\b((?:sntryu_[a-f0-9]{64}|sntrys_eyJ[A-Za-z0-9+/=_-]{50,}))(?:[^A-Za-z0-9+/=_-]|$))",
         .after = 600});
    rules.push_back({.id = "grafana-service-account-token",
                     .description = "Grafana service account token",
                     .keywords = {kw_exact("glsa_")},
                     .pattern = R"(\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b)",
                     .after = 56});
    rules.push_back({.id = "grafana-cloud-token",
                     .description = "Grafana Cloud access policy token",
                     .keywords = {kw_exact("glc_")},
                     .pattern = R"(\b(glc_[A-Za-z0-9+/]{32,400}={0,2})(?:[^A-Za-z0-9+/=]|$))",
                     .check = check_token,
                     .after = 420});
    rules.push_back({.id = "figma-token",
                     .description = "Figma personal access token",
                     .keywords = {kw_exact("figd_")},
                     .pattern = R"(\b(figd_[A-Za-z0-9_-]{40})(?:[^A-Za-z0-9_-]|$))",
                     .after = 56});
    rules.push_back({.id = "postman-api-key",
                     .description = "Postman API key",
                     .keywords = {kw_exact("PMAK-")},
                     .pattern = R"(\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b)",
                     .after = 72});
    rules.push_back(
        {.id = "datadog-api-key",
         .description = "Datadog API or application key",
         .keywords = {kw("datadog"), kw("dd_api"), kw("dd_app"), kw("dd-api"), kw("dd-app")},
         .pattern =
             R"((?i)(?:datadog|\bdd)[ _-]?(?:api|app(?:lication)?)[ _-]?key[^\n]*?\b([a-f0-9]{40}|[a-f0-9]{32})\b)",
         .check = hex_random,
         .priority = Priority::contextual,
         .after = 140});
    rules.push_back({.id = "newrelic-api-key",
                     .description = "New Relic user API key",
                     .keywords = {kw_exact("NRAK-")},
                     .pattern = R"(\b(NRAK-[A-Z0-9]{27})\b)",
                     .after = 40});
    rules.push_back({.id = "dynatrace-token",
                     .description = "Dynatrace API token",
                     .keywords = {kw_exact("dt0c01.")},
                     .pattern = R"(\b(dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64})\b)",
                     .after = 100});
    rules.push_back({.id = "planetscale-token",
                     .description = "PlanetScale service token or password",
                     .keywords = {kw_exact("pscale_tkn_"), kw_exact("pscale_pw_"), kw_exact("pscale_oauth_")},
                     .pattern = R"(\b(pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64})(?:[^A-Za-z0-9_.=-]|$))",
                     .check = check_token,
                     .after = 90});
    rules.push_back(
        {.id = "supabase-token",
         .description = "Supabase personal access token or secret key",
         .keywords = {kw_exact("sbp_"), kw_exact("sb_secret_")},
         .pattern = R"(\b((?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{31,64}))(?:[^A-Za-z0-9_-]|$))",
         .after = 80});
    rules.push_back({.id = "prefect-api-key",
                     .description = "Prefect Cloud API key",
                     .keywords = {kw_exact("pnu_")},
                     .pattern = R"(\b(pnu_[A-Za-z0-9]{36})\b)",
                     .check = check_token,
                     .after = 48});
    rules.push_back({.id = "netlify-token",
                     .description = "Netlify personal access token",
                     .keywords = {kw_exact("nfp_")},
                     .pattern = R"(\b(nfp_[A-Za-z0-9]{36,40})\b)",
                     .check = check_token,
                     .after = 52});
    rules.push_back({.id = "sonarqube-token",
                     .description = "SonarQube / SonarCloud token",
                     .keywords = {kw_exact("squ_"), kw_exact("sqp_"), kw_exact("sqa_")},
                     .pattern = R"(\b(sq[upa]_[a-f0-9]{40})\b)",
                     .check = hex_random,
                     .after = 48});
    rules.push_back({.id = "contentful-token",
                     .description = "Contentful personal access token",
                     .keywords = {kw_exact("CFPAT-")},
                     .pattern = R"(\b(CFPAT-[A-Za-z0-9_-]{43})(?:[^A-Za-z0-9_-]|$))",
                     .after = 56});
    rules.push_back({.id = "typeform-token",
                     .description = "Typeform personal access token",
                     .keywords = {kw_exact("tfp_")},
                     .pattern = R"(\b(tfp_[A-Za-z0-9_.=-]{59})(?:[^A-Za-z0-9_.=-]|$))",
                     .check = check_token,
                     .after = 72});
    rules.push_back({.id = "okta-api-token",
                     .description = "Okta API token in an SSWS authorization header",
                     .keywords = {kw_exact("SSWS")},
                     .pattern = R"(\bSSWS[ \t]+(00[A-Za-z0-9_-]{40})(?:[^A-Za-z0-9_-]|$))",
                     .after = 56});
    rules.push_back({.id = "onepassword-service-account-token",
                     .description = "1Password service account token",
                     .keywords = {kw_exact("ops_eyJ")},
                     .pattern = R"(\b(ops_eyJ[A-Za-z0-9+/]{100,}={0,2}))",
                     .check = onepassword_ok,
                     .after = 4096});
    rules.push_back(
        {.id = "onepassword-secret-key",
         .description = "1Password account Secret Key",
         .keywords = {kw_exact("A3-", true)},
         .pattern =
             R"(\b(A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b)",
         .after = 48});
}

}  // namespace tools::secrets
