// The MCP prompt `context-sync` and the skill it is made from: one text, built into the binary.
#include "server/handlers/context_sync_prompt.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "server/catalog.hpp"
#include "server/embedded_files.hpp"

namespace {

std::string read_source_file(const std::string& relative) {
    std::ifstream in(std::string(CS_TEST_DATA_DIR) + "/../../" + relative, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

const server::PromptDefinition& default_prompt(const server::Catalog& catalog) {
    const server::PromptDefinition* prompt = catalog.find_prompt("context-sync");
    REQUIRE(prompt != nullptr);
    return *prompt;
}

}  // namespace

TEST_CASE("the embedded skill is the source tree's SKILL.md, byte for byte", "[server][prompt]") {
    const std::string on_disk = read_source_file("skills/context-sync/SKILL.md");
    REQUIRE_FALSE(on_disk.empty());
    CHECK(server::skill_file() == on_disk);
}

TEST_CASE("the prompt sends the skill body without its frontmatter", "[server][prompt]") {
    const std::string_view body = server::skill_body();
    CHECK_FALSE(body.starts_with("---"));
    CHECK(body.find("allowed-tools:") == std::string_view::npos);
    CHECK(body.find("argument-hint:") == std::string_view::npos);
    // Every step of the workflow is there, in order.
    std::size_t at = 0;
    for (const char* tool :
         {"list_recent_sessions", "read_learnings", "extract_transcript", "commit_learnings"}) {
        const std::size_t found = body.find(tool, at);
        CHECK(found != std::string_view::npos);
        at = found == std::string_view::npos ? at : found;
    }
    CHECK(server::skill_file().ends_with(body));
}

TEST_CASE("the prompt's dry_run argument becomes the skill's $ARGUMENTS", "[server][prompt]") {
    const server::Catalog catalog = server::make_default_catalog();
    const auto& prompt = default_prompt(catalog);
    REQUIRE(prompt.arguments.size() == 1);
    CHECK(prompt.arguments[0].name == "dry_run");
    CHECK_FALSE(prompt.arguments[0].required);

    const server::Settings settings;
    const server::ToolContext context{settings, tools::Progress::none()};
    const auto text_for = [&](std::map<std::string, std::string> arguments) {
        auto result = prompt.get(arguments, context);
        REQUIRE(result);
        REQUIRE((*result)["messages"].size() == 1);
        CHECK((*result)["messages"][0]["role"] == "user");
        return (*result)["messages"][0]["content"]["text"].get<std::string>();
    };
    const std::string plain = text_for({});
    CHECK(plain.find("$ARGUMENTS") == std::string::npos);
    CHECK(plain.find("Arguments given: \"\"") != std::string::npos);
    for (const char* yes : {"true", "--dry-run", "1"}) {
        const std::string dry = text_for({{"dry_run", yes}});
        CHECK(dry.find("Arguments given: \"--dry-run\"") != std::string::npos);
        CHECK(dry.size() == plain.size() + std::string("--dry-run").size());
    }
    CHECK(text_for({{"dry_run", "false"}}) == plain);
    CHECK(text_for({{"dry_run", ""}}) == plain);

    auto bad = prompt.get({{"dry_run", "maybe"}}, context);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == tools::ErrorCode::invalid_argument);
}

TEST_CASE("the skill's frontmatter names it, says when to use it, and allows exactly the server's tools",
          "[server][prompt]") {
    const std::string_view file = server::skill_file();
    REQUIRE(file.starts_with("---\n"));
    const std::size_t end = file.find("\n---\n", 4);
    REQUIRE(end != std::string_view::npos);
    std::map<std::string, std::string> fields;
    std::istringstream lines{std::string(file.substr(4, end - 4))};
    for (std::string line; std::getline(lines, line);) {
        const std::size_t colon = line.find(": ");
        REQUIRE(colon != std::string::npos);
        fields[line.substr(0, colon)] = line.substr(colon + 2);
    }
    CHECK(fields["name"] == "context-sync");
    CHECK(fields["description"].find("Use when") != std::string::npos);
    CHECK(fields["argument-hint"].find("--dry-run") != std::string::npos);
    // Both spellings Claude Code gives the tools: as a registered server and as the plugin's server.
    std::set<std::string> expected;
    const server::Catalog catalog = server::make_default_catalog();
    for (const auto& tool : catalog.tools()) {
        expected.insert("mcp__context-sync__" + tool.name);
        expected.insert("mcp__plugin_context-sync_context-sync__" + tool.name);
    }
    std::set<std::string> allowed;
    std::istringstream names(fields["allowed-tools"]);
    for (std::string name; names >> name;) {
        CHECK(allowed.insert(name).second);
    }
    CHECK(allowed == expected);
}
