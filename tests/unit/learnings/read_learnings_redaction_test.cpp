// What read_learnings and the learnings resource return is redacted: the file is the repo's, and a
// hand-written line may hold what commit_learnings' secret gate would have refused.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "../secrets/fake_secrets.hpp"
#include "../support/temp_dir.hpp"
#include "server/handlers/handlers.hpp"
#include "server/handlers/learnings_resource.hpp"

namespace {

using secrets_test::join;
using secrets_test::kAlnum;
using secrets_test::random_chars;

}  // namespace

TEST_CASE("read_learnings and the learnings resource never return a secret a hand-written line holds",
          "[server][learnings]") {
    const test_support::TempDir temp("cs-read-learnings");
    const auto project = temp.path() / "project";
    std::filesystem::create_directories(project / ".claude");
    const std::string token = join("gh", "p_") + random_chars(kAlnum, 36, 31);
    std::ofstream(project / ".claude" / "learnings.md")
        << "# Learnings\n\n## 2026-12-01 (laptop)\n- Use `uv run` for scripts\n- CI pushes with " << token
        << " as the deploy token\n";

    server::Settings settings;
    settings.project_dir = project;
    settings.claude_dir = temp.path() / "claude";
    settings.state_dir = temp.path() / "state";
    const server::ToolContext context{settings, tools::Progress::none()};

    const auto tool = server::handlers::make_read_learnings_tool();
    const auto result = tool.run(nlohmann::json::object(), context);
    REQUIRE(result);
    const std::string shown = result->dump();
    CHECK(shown.find("Use `uv run` for scripts") != std::string::npos);
    CHECK(shown.find("[REDACTED:github-pat]") != std::string::npos);
    CHECK(shown.find(token.substr(4, 12)) == std::string::npos);

    const auto resource = server::handlers::make_learnings_resource();
    CHECK(resource.uri == "context-sync://learnings");
    const auto text = resource.read(context);
    REQUIRE(text);
    CHECK(text->find("- Use `uv run` for scripts") != std::string::npos);
    CHECK(text->find("[REDACTED:github-pat]") != std::string::npos);
    CHECK(text->find(token.substr(4, 12)) == std::string::npos);
}
