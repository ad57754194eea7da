// `context-sync install` / `uninstall` through the real binary on a temporary HOME without the claude
// CLI on PATH: the config-editing path. Other entries survive, both commands are idempotent, a dry run
// writes nothing, and a file that is not JSON is refused untouched.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../support/shell.hpp"
#include "../support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_text(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

const std::vector<std::string> kRules = {
    "mcp__context-sync__list_recent_sessions", "mcp__context-sync__extract_transcript",
    "mcp__context-sync__scan_secrets", "mcp__context-sync__commit_learnings",
    "mcp__context-sync__read_learnings"};

struct Home {
    test_support::TempDir dir{"cs-install"};
    fs::path home = dir.path() / "home";
    fs::path project = dir.path() / "project";
    fs::path bin = dir.path() / "bin";  // PATH: git only, so no claude CLI

    Home() {
        fs::create_directories(home);
        fs::create_directories(project);
        fs::create_directories(bin);
        fs::create_symlink("/usr/bin/git", bin / "git");
    }

    test_support::ShellRun run(const std::string& args) const {
        return test_support::run_shell("cd '" + project.string() + "' && env -i HOME='" + home.string() +
                                       "' PATH='" + bin.string() + "' XDG_STATE_HOME='" +
                                       (dir.path() / "state").string() + "' '" + CS_BINARY +
                                       "' --log-level off " + args + " 2>&1");
    }
};

json parse_file(const fs::path& path) {
    return json::parse(read_text(path));
}

}  // namespace

TEST_CASE(
    "install registers the server, installs the skill and allows exactly the tools, and uninstall reverts",
    "[server][cli][install]") {
    Home h;
    const fs::path claude_json = h.home / ".claude.json";
    const fs::path settings = h.home / ".claude" / "settings.json";
    const fs::path skill = h.home / ".claude" / "skills" / "context-sync" / "SKILL.md";
    const std::string original_config =
        R"({"numStartups": 3, "mcpServers": {"other": {"type": "stdio", "command": "/bin/other"}}, "projects": {}})";
    const std::string original_settings =
        R"j({"permissions": {"allow": ["Bash(make test)"]}, "model": "opus"})j";
    write_text(claude_json, original_config);
    write_text(settings, original_settings);

    const auto first = h.run("install");
    INFO(first.out);
    REQUIRE(first.exit_code == 0);
    const json config = parse_file(claude_json);
    CHECK(config["mcpServers"]["context-sync"]["command"] == fs::canonical(CS_BINARY).string());
    CHECK(config["mcpServers"]["other"]["command"] == "/bin/other");
    CHECK(config["numStartups"] == 3);
    // Key order is the user's: numStartups stays first.
    CHECK(read_text(claude_json).find("numStartups") < read_text(claude_json).find("mcpServers"));
    CHECK(read_text(skill) == read_text(fs::path(CS_TEST_DATA_DIR) / "../../skills/context-sync/SKILL.md"));
    const json allowed = parse_file(settings)["permissions"]["allow"];
    std::vector<std::string> expected = {"Bash(make test)"};
    expected.insert(expected.end(), kRules.begin(), kRules.end());
    CHECK(allowed.get<std::vector<std::string>>() == expected);
    CHECK(parse_file(settings)["model"] == "opus");

    // Idempotent: a second install changes no byte.
    const std::string config_after = read_text(claude_json);
    const std::string settings_after = read_text(settings);
    const auto second = h.run("install");
    INFO(second.out);
    REQUIRE(second.exit_code == 0);
    CHECK(second.out.find("already registered") != std::string::npos);
    CHECK(second.out.find("already installed") != std::string::npos);
    CHECK(second.out.find("already allowed") != std::string::npos);
    CHECK(read_text(claude_json) == config_after);
    CHECK(read_text(settings) == settings_after);

    const auto removed = h.run("uninstall");
    INFO(removed.out);
    REQUIRE(removed.exit_code == 0);
    CHECK(parse_file(claude_json) == json::parse(original_config));
    CHECK(parse_file(settings) == json::parse(original_settings));
    CHECK_FALSE(fs::exists(skill));
    CHECK_FALSE(fs::exists(skill.parent_path()));

    const std::string config_removed = read_text(claude_json);
    const auto again = h.run("uninstall");
    REQUIRE(again.exit_code == 0);
    CHECK(again.out.find("not registered") != std::string::npos);
    CHECK(read_text(claude_json) == config_removed);
}

TEST_CASE("install --dry-run says what it would change and writes nothing", "[server][cli][install]") {
    Home h;
    const auto run = h.run("install --dry-run");
    INFO(run.out);
    REQUIRE(run.exit_code == 0);
    CHECK(run.out.find("would register the MCP server") != std::string::npos);
    CHECK(run.out.find("would install the skill") != std::string::npos);
    CHECK(run.out.find("mcp__context-sync__commit_learnings") != std::string::npos);
    CHECK_FALSE(fs::exists(h.home / ".claude.json"));
    CHECK_FALSE(fs::exists(h.home / ".claude"));
}

TEST_CASE("install refuses a config file that is not a JSON object and leaves it as it was",
          "[server][cli][install]") {
    Home h;
    write_text(h.home / ".claude.json", "{\"mcpServers\": {\"other\": ");
    const auto run = h.run("install");
    INFO(run.out);
    CHECK(run.exit_code == 1);
    CHECK(run.out.find("not a JSON object") != std::string::npos);
    CHECK(read_text(h.home / ".claude.json") == "{\"mcpServers\": {\"other\": ");
}

TEST_CASE("install --scope project writes the project's .mcp.json and .claude/", "[server][cli][install]") {
    Home h;
    const auto run = h.run("install --scope project");
    INFO(run.out);
    REQUIRE(run.exit_code == 0);
    CHECK(parse_file(h.project / ".mcp.json")["mcpServers"]["context-sync"]["type"] == "stdio");
    CHECK(fs::exists(h.project / ".claude" / "skills" / "context-sync" / "SKILL.md"));
    CHECK(parse_file(h.project / ".claude" / "settings.json")["permissions"]["allow"].size() ==
          kRules.size());
    CHECK_FALSE(fs::exists(h.home / ".claude.json"));
    REQUIRE(h.run("uninstall --scope project").exit_code == 0);
    CHECK_FALSE(fs::exists(h.project / ".mcp.json"));
    CHECK_FALSE(fs::exists(h.project / ".claude" / "settings.json"));
    CHECK_FALSE(fs::exists(h.project / ".claude" / "skills" / "context-sync"));
}
