// AI model providers: Anthropic, OpenAI, Groq, Perplexity, Hugging Face, Replicate, xAI, OpenRouter,
// LangSmith, Pinecone.
#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {

void add_ai_rules(std::vector<Rule>& rules) {
    rules.push_back({.id = "anthropic-api-key",
                     .description = "Anthropic API key",
                     .keywords = {kw_exact("sk-ant-api")},
                     .pattern = R"(\b(sk-ant-api\d\d-[A-Za-z0-9_-]{80,120})(?:[^A-Za-z0-9_-]|$))",
                     .after = 140});
    rules.push_back({.id = "anthropic-admin-key",
                     .description = "Anthropic Admin API key",
                     .keywords = {kw_exact("sk-ant-admin")},
                     .pattern = R"(\b(sk-ant-admin\d\d-[A-Za-z0-9_-]{80,120})(?:[^A-Za-z0-9_-]|$))",
                     .after = 140});
    rules.push_back({.id = "anthropic-oauth-token",
                     .description = "Anthropic (Claude) OAuth access or refresh token",
                     .keywords = {kw_exact("sk-ant-oat"), kw_exact("sk-ant-ort")},
                     .pattern = R"(\b(sk-ant-o(?:at|rt)\d\d-[A-Za-z0-9_-]{80,120})(?:[^A-Za-z0-9_-]|$))",
                     .after = 140});
    rules.push_back({.id = "openai-project-key",
                     .description = "OpenAI project / service account / admin key",
                     .keywords = {kw_exact("sk-proj-"), kw_exact("sk-svcacct-"), kw_exact("sk-admin-")},
                     .pattern = R"(\b(sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,300})(?:[^A-Za-z0-9_-]|$))",
                     .check = check_token,
                     .after = 320});
    rules.push_back({.id = "openai-legacy-key",
                     .description = "OpenAI user API key (legacy format)",
                     .keywords = {kw_exact("T3BlbkFJ")},
                     .pattern = R"(\b(sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})\b)",
                     .before = 24,
                     .after = 30});
    rules.push_back({.id = "groq-api-key",
                     .description = "Groq API key",
                     .keywords = {kw_exact("gsk_")},
                     .pattern = R"(\b(gsk_[A-Za-z0-9]{52})\b)",
                     .after = 60});
    rules.push_back({.id = "perplexity-api-key",
                     .description = "Perplexity API key",
                     .keywords = {kw_exact("pplx-")},
                     .pattern = R"(\b(pplx-[A-Za-z0-9]{48})\b)",
                     .after = 60});
    rules.push_back({.id = "huggingface-token",
                     .description = "Hugging Face user access or organization token",
                     .keywords = {kw_exact("hf_"), kw_exact("api_org_")},
                     .pattern = R"(\b((?:hf_|api_org_)[A-Za-z]{34})\b)",
                     .check = check_token,
                     .after = 48});
    rules.push_back({.id = "replicate-api-token",
                     .description = "Replicate API token",
                     .keywords = {kw_exact("r8_")},
                     .pattern = R"(\b(r8_[A-Za-z0-9]{37})\b)",
                     .check = check_token,
                     .after = 48});
    rules.push_back({.id = "xai-api-key",
                     .description = "xAI (Grok) API key",
                     .keywords = {kw_exact("xai-")},
                     .pattern = R"(\b(xai-[A-Za-z0-9]{80})\b)",
                     .after = 90});
    rules.push_back({.id = "openrouter-api-key",
                     .description = "OpenRouter API key",
                     .keywords = {kw_exact("sk-or-v1-")},
                     .pattern = R"(\b(sk-or-v1-[a-f0-9]{64})\b)",
                     .after = 80});
    rules.push_back({.id = "langsmith-api-key",
                     .description = "LangSmith personal or service key",
                     .keywords = {kw_exact("lsv2_")},
                     .pattern = R"(\b(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\b)",
                     .after = 56});
    rules.push_back({.id = "pinecone-api-key",
                     .description = "Pinecone API key",
                     .keywords = {kw_exact("pcsk_")},
                     .pattern = R"(\b(pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{50,80})\b)",
                     .after = 100});
}

}  // namespace tools::secrets
