// Source hosting: GitHub, GitLab, Bitbucket / Atlassian.
#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {
void add_vcs_rules(std::vector<Rule>& rules) {
    rules.push_back({.id = "github-pat",
                     .description = "GitHub personal access token (classic)",
                     .keywords = {kw_exact("ghp_")},
                     .pattern = R"(\b(ghp_[A-Za-z0-9]{36})\b)",
                     .after = 48,
                     .verified = base62_crc32_checksum_ok});
    rules.push_back({.id = "github-oauth-token",
                     .description = "GitHub OAuth access token",
                     .keywords = {kw_exact("gho_")},
                     .pattern = R"(\b(gho_[A-Za-z0-9]{36})\b)",
                     .after = 48,
                     .verified = base62_crc32_checksum_ok});
    rules.push_back({.id = "github-app-token",
                     .description = "GitHub App user-to-server or installation token",
                     .keywords = {kw_exact("ghu_"), kw_exact("ghs_")},
                     .pattern = R"(\b(gh[us]_[A-Za-z0-9]{36})\b)",
                     .after = 48,
                     .verified = base62_crc32_checksum_ok});
    rules.push_back({.id = "github-refresh-token",
                     .description = "GitHub App refresh token",
                     .keywords = {kw_exact("ghr_")},
                     .pattern = R"(\b(ghr_[A-Za-z0-9]{36}(?:[A-Za-z0-9]{40})?)\b)",
                     .after = 88});
    rules.push_back({.id = "github-fine-grained-pat",
                     .description = "GitHub fine-grained personal access token",
                     .keywords = {kw_exact("github_pat_")},
                     .pattern = R"(\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b)",
                     .after = 100});
    rules.push_back(
        {.id = "gitlab-pat",
         .description = "GitLab personal / project / group access token",
         .keywords = {kw_exact("glpat-")},
         .pattern =
             R"(\b(glpat-[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,9})?)(?:[^A-Za-z0-9_.-]|$))",
         .after = 330});
    rules.push_back(
        {.id = "gitlab-runner-token",
         .description = "GitLab runner authentication or registration token",
         .keywords = {kw_exact("glrt-"), kw_exact("GR1348941")},
         .pattern =
             R"(\b((?:glrt-|GR1348941)[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{2}\.[0-9a-z]{7,9})?)(?:[^A-Za-z0-9_.-]|$))",
         .after = 330});
    rules.push_back({.id = "gitlab-deploy-token",
                     .description = "GitLab deploy token",
                     .keywords = {kw_exact("gldt-")},
                     .pattern = R"(\b(gldt-[A-Za-z0-9_-]{20,300})(?:[^A-Za-z0-9_-]|$))",
                     .after = 330});
    rules.push_back({.id = "gitlab-pipeline-trigger-token",
                     .description = "GitLab pipeline trigger token",
                     .keywords = {kw_exact("glptt-")},
                     .pattern = R"(\b(glptt-[A-Za-z0-9_-]{40})(?:[^A-Za-z0-9_-]|$))",
                     .after = 60});
    rules.push_back({.id = "gitlab-ci-job-token",
                     .description = "GitLab CI/CD job token",
                     .keywords = {kw_exact("glcbt-")},
                     .pattern = R"(\b(glcbt-[A-Za-z0-9_]{1,5}_[A-Za-z0-9_-]{20,})(?:[^A-Za-z0-9_-]|$))",
                     .after = 300});
    rules.push_back({.id = "gitlab-oauth-app-secret",
                     .description = "GitLab OAuth application secret",
                     .keywords = {kw_exact("gloas-")},
                     .pattern = R"(\b(gloas-[a-f0-9]{64})\b)",
                     .after = 80});
    rules.push_back(
        {.id = "gitlab-feed-token",
         .description = "GitLab feed / incoming mail / agent / SCIM token",
         .keywords = {kw_exact("glft-"), kw_exact("glimt-"), kw_exact("glagent-"), kw_exact("glsoat-")},
         .pattern = R"(\b((?:glft|glimt|glagent|glsoat)-[A-Za-z0-9_-]{20,})(?:[^A-Za-z0-9_-]|$))",
         .after = 300});
    rules.push_back({.id = "bitbucket-app-password",
                     .description = "Bitbucket app password",
                     .keywords = {kw_exact("ATBB")},
                     .pattern = R"(\b(ATBB[A-Za-z0-9_=.-]{32})(?:[^A-Za-z0-9_=.-]|$))",
                     .after = 48});
    rules.push_back({.id = "atlassian-api-token",
                     .description = "Atlassian (Jira, Confluence) API token",
                     .keywords = {kw_exact("ATATT3")},
                     .pattern = R"(\b(ATATT3[A-Za-z0-9_=-]{180,})(?:[^A-Za-z0-9_=-]|$))",
                     .after = 300});
}

}  // namespace tools::secrets
