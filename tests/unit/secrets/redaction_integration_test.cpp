// Secrets never reach the model through extract_transcript's text or list_recent_sessions' strings:
// both redact with the allowlist of the project asked about, and report how many redactions they made.
#include <catch2/catch.hpp>
#include <filesystem>

#include "../sessions/fake_claude_dir.hpp"
#include "../support/temp_dir.hpp"
#include "fake_secrets.hpp"
#include "server/handlers/handlers.hpp"
#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/scanner.hpp"

namespace fs = std::filesystem;
using namespace secrets_test;

TEST_CASE("extract_transcript redacts with the allowlist of the project it is asked about",
          "[server][secrets]") {
    cs_test::FakeClaude claude;
    const test_support::TempDir temp("cs-secrets-projects");
    const fs::path own = temp.path() / "own";  // where the server runs
    const fs::path other = temp.path() / "other";
    server::Settings settings;
    settings.claude_dir = claude.claude_dir;
    settings.project_dir = own;
    settings.state_dir = claude.state_dir;

    const std::string token = join("gh", "p_") + random_chars(kAlnum, 36, 1);
    const std::string other_token = join("np", "m_") + random_chars(kAlnum, 36, 2);
    cs_test::write_simple_session(claude.project_dir(other.string()) / "s1.jsonl", other.string(),
                                  "use " + token + " and " + other_token);
    // `other` accepts the first token; the server's own project accepts the second.
    const auto accept = [](const std::filesystem::path& project, const std::string& rule,
                           const std::string& value) {
        const auto file = tools::secrets::Allowlist::project_file(project);
        const auto list = tools::secrets::Allowlist::load(file);
        REQUIRE(list);
        REQUIRE(
            tools::secrets::Allowlist::append(file, list->salt(), {{rule, list->hash(rule, value), "test"}}));
    };
    accept(other, "github-pat", token);
    accept(own, "npm-access-token", other_token);

    const auto tool = server::handlers::make_extract_transcript_tool();
    const server::ToolContext context{settings, tools::Progress::none()};
    const auto result = tool.run({{"session_id", "s1"}, {"project_path", other.string()}}, context);
    REQUIRE(result);
    const std::string text = result->at("text").get<std::string>();
    CHECK(text.find("use " + token + " and [REDACTED:npm-access-token]") != std::string::npos);
    CHECK(text.find(other_token.substr(4, 12)) == std::string::npos);
    CHECK(result->at("stats").at("redactions") == 1);
}

TEST_CASE("list_recent_sessions redacts first prompts, also where a long prompt is cut",
          "[server][secrets]") {
    const std::string project = "/work/secrets-app";
    cs_test::FakeClaude claude;
    server::Settings settings;
    settings.claude_dir = claude.claude_dir;
    settings.project_dir = project;
    settings.state_dir = claude.state_dir;
    settings.calling_session_id = "me";

    const std::string token = join("gh", "p_") + random_chars(kAlnum, 36, 3);
    // The key starts ~20 characters before the 200-character cut of first_prompt.
    const std::string key = join("sk-ant", "-api03-") + random_chars(kBase64Url, 93, 4) + "AA";
    cs_test::write_simple_session(claude.project_dir(project) / "short.jsonl", project,
                                  "deploy with " + token);
    cs_test::write_simple_session(claude.project_dir(project) / "long.jsonl", project,
                                  std::string(180, 'x') + " " + key + " rest");
    for (const char* name : {"short.jsonl", "long.jsonl"}) {
        cs_test::set_mtime_ms(claude.project_dir(project) / name, tools::now_ms() - 3600 * 1000);
    }

    const auto tool = server::handlers::make_list_recent_sessions_tool();
    const server::ToolContext context{settings, tools::Progress::none()};
    const auto result = tool.run(nlohmann::json::object(), context);
    REQUIRE(result);
    const std::string dumped = result->dump();
    CHECK(dumped.find(token.substr(4, 12)) == std::string::npos);
    CHECK(dumped.find(key.substr(13, 5)) == std::string::npos);  // the part before the cut
    CHECK(dumped.find("[REDACTED:github-pat]") != std::string::npos);
    CHECK(result->at("stats").at("redactions") == 2);
}
