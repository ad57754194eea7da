// Cloud providers and infrastructure: AWS, Google Cloud, Azure, DigitalOcean, Heroku, HashiCorp,
// Databricks, Doppler, Alibaba, Cloudflare, Pulumi.
#include <algorithm>

#include "tools/secrets/entropy.hpp"
#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {
namespace {

// 40 base64 characters with both letter cases (a git SHA is 40 hex and is not an AWS secret).
bool aws_secret_ok(std::string_view secret, Groups) {
    const CharClasses classes = char_classes(secret);
    return !has_placeholder_marks(secret) && classes.lower && classes.upper && classes.digit &&
           shannon_entropy(secret) >= 4.0;
}

bool random_enough(std::string_view secret, Groups) {
    return !has_placeholder_marks(secret) && shannon_entropy(secret) >= 3.0;
}

}  // namespace

void add_cloud_rules(std::vector<Rule>& rules) {
    rules.push_back({.id = "aws-access-key-id",
                     .description = "AWS access key ID (long-term IAM user key)",
                     .keywords = {kw_exact("AKIA"), kw_exact("A3T"), kw_exact("ABIA"), kw_exact("ACCA")},
                     .pattern = R"(\b((?:AKIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b)",
                     .after = 24});
    rules.push_back({.id = "aws-sts-access-key-id",
                     .description = "AWS temporary (STS) access key ID",
                     .keywords = {kw_exact("ASIA")},
                     .pattern = R"(\b(ASIA[A-Z2-7]{16})\b)",
                     .after = 24});
    rules.push_back({.id = "aws-secret-access-key",
                     .description = "AWS secret access key",
                     .keywords = {kw("secret_access_key"), kw("secret access key"), kw("secretaccesskey"),
                                  kw("secret-access-key"), kw("aws_secret"), kw("aws secret")},
                     .pattern = R"((?i)(?:secret[ _-]?access[ _-]?key|aws[ _-]?secret)[^\n]*?)"
                                R"((?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$))",
                     .check = aws_secret_ok,
                     .before = 16,
                     .after = 200});
    rules.push_back({.id = "gcp-api-key",
                     .description = "Google Cloud / Firebase / Gemini API key",
                     .keywords = {kw_exact("AIza")},
                     .pattern = R"(\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$))",
                     .after = 48});
    rules.push_back({.id = "gcp-oauth-client-secret",
                     .description = "Google OAuth client secret",
                     .keywords = {kw_exact("GOCSPX-")},
                     .pattern = R"(\b(GOCSPX-[0-9A-Za-z_-]{28})(?:[^0-9A-Za-z_-]|$))",
                     .after = 48});
    rules.push_back({.id = "azure-storage-account-key",
                     .description = "Azure storage account key in a connection string",
                     .keywords = {kw("accountkey=")},
                     .pattern = R"((?i)AccountKey=([A-Za-z0-9+/]{86}==))",
                     .after = 110});
    rules.push_back({.id = "azure-shared-access-key",
                     .description = "Azure Service Bus / Event Hubs shared access key",
                     .keywords = {kw("sharedaccesskey=")},
                     .pattern = R"((?i)SharedAccessKey=([A-Za-z0-9+/]{43}=))",
                     .after = 70});
    rules.push_back({.id = "azure-sas-token",
                     .description = "Azure shared access signature",
                     .keywords = {kw("sv=20")},
                     .pattern = R"((?i)\bsv=\d{4}-\d\d-\d\d&[^\s"'<>]{0,300}?\bsig=([A-Za-z0-9%+/]{40,100}))",
                     .after = 450});
    rules.push_back(
        {.id = "azure-ad-client-secret",
         .description = "Azure AD (Entra ID) application client secret",
         .keywords = {kw_exact("Q~")},
         .pattern =
             R"((?:^|[^A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?:[^A-Za-z0-9_~.-]|$))",
         .check = random_enough,
         .before = 8,
         .after = 48});
    rules.push_back({.id = "digitalocean-token",
                     .description = "DigitalOcean personal access / OAuth / refresh token",
                     .keywords = {kw("dop_v1_"), kw("doo_v1_"), kw("dor_v1_")},
                     .pattern = R"(\b(do[opr]_v1_[a-f0-9]{64})\b)",
                     .after = 80});
    rules.push_back({.id = "heroku-api-key",
                     .description = "Heroku platform API key",
                     .keywords = {kw_exact("HRKU-")},
                     .pattern = R"(\b(HRKU-[0-9A-Za-z_-]{60})(?:[^0-9A-Za-z_-]|$))",
                     .after = 72});
    rules.push_back(
        {.id = "heroku-api-key-legacy",
         .description = "Heroku API key (UUID form, named as such)",
         .keywords = {kw("heroku")},
         .pattern =
             R"((?i)heroku[_ -]?(?:api[_ -]?)?(?:key|token)[^\n]*?\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b)",
         .priority = Priority::contextual,
         .after = 120});
    rules.push_back({.id = "terraform-cloud-token",
                     .description = "Terraform Cloud / Enterprise API token",
                     .keywords = {kw(".atlasv1.")},
                     .pattern = R"(\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?:[^A-Za-z0-9_=-]|$))",
                     .before = 16,
                     .after = 90});
    rules.push_back({.id = "vault-token",
                     .description = "HashiCorp Vault service/batch/recovery token",
                     .keywords = {kw_exact("hvs."), kw_exact("hvb."), kw_exact("hvr.")},
                     .pattern = R"(\b(hv[sbr]\.[A-Za-z0-9_-]{24,})(?:[^A-Za-z0-9_-]|$))",
                     .check = random_enough,
                     .after = 512});
    rules.push_back({.id = "databricks-token",
                     .description = "Databricks personal access token",
                     .keywords = {kw_exact("dapi")},
                     .pattern = R"(\b(dapi[a-f0-9]{32}(?:-\d)?)\b)",
                     .after = 40});
    rules.push_back({.id = "doppler-token",
                     .description = "Doppler personal / service / CLI token",
                     .keywords = {kw("dp.pt."), kw("dp.st."), kw("dp.sa."), kw("dp.ct."), kw("dp.scim."),
                                  kw("dp.audit.")},
                     .pattern = R"(\b(dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44})\b)",
                     .after = 64});
    rules.push_back({.id = "alibaba-access-key-id",
                     .description = "Alibaba Cloud AccessKey ID",
                     .keywords = {kw_exact("LTAI")},
                     .pattern = R"(\b(LTAI[A-Za-z0-9]{20})\b)",
                     .check = random_enough,
                     .after = 28});
    rules.push_back({.id = "cloudflare-origin-ca-key",
                     .description = "Cloudflare Origin CA key",
                     .keywords = {kw("v1.0-")},
                     .pattern = R"(\b(v1\.0-[a-f0-9]{24}-[a-f0-9]{146})\b)",
                     .after = 180});
    rules.push_back({.id = "pulumi-access-token",
                     .description = "Pulumi access token",
                     .keywords = {kw("pul-")},
                     .pattern = R"(\b(pul-[a-f0-9]{40})\b)",
                     .after = 48});
}

}  // namespace tools::secrets
