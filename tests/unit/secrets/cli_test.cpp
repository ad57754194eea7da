// `context-sync scan` end to end (exit codes, --json, --allow) and the scan_secrets tool handler.
#include <sys/wait.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "../support/shell.hpp"
#include "../support/temp_dir.hpp"
#include "fake_secrets.hpp"
#include "server/handlers/handlers.hpp"

namespace fs = std::filesystem;
using namespace secrets_test;

namespace {

struct Run {
    int status = -1;
    std::string out;
};

// The machine key goes to a state dir of the test's own, never the user's.
const test_support::TempDir& state_home() {
    static const test_support::TempDir dir("cs-secrets-cli-state");
    return dir;
}

Run run(const std::string& arguments) {
    Run result;
    const std::string command = "XDG_STATE_HOME='" + state_home().path().string() + "' '" + CS_BINARY + "' " +
                                arguments + " 2>/dev/null";
    test_support::ShellRun run = test_support::run_shell(command);
    result.status = run.exit_code;
    result.out = std::move(run.out);
    return result;
}

struct Project {
    test_support::TempDir temp{"cs-secrets-cli"};
    fs::path dir = temp.path();
    fs::path write(const std::string& name, const std::string& content) const {
        std::ofstream(dir / name, std::ios::binary) << content;
        return dir / name;
    }
};

}  // namespace

TEST_CASE("scan CLI: exit 0 when clean, 1 when something is found, 2 on a missing file",
          "[server][secrets]") {
    Project project;
    const std::string token = join("np", "m_") + random_chars(kAlnum, 36, 1);
    const auto dirty = project.write("dirty.md", "- NPM_TOKEN=" + token + "\n");
    const auto clean = project.write("clean.md", "- nothing to see: 8c6f5a2e-3d1b-4f7a-9e2c-5b8d7a6f4e3c\n");
    const std::string at = "--project '" + project.dir.string() + "' scan ";

    const Run found = run(at + "'" + dirty.string() + "'");
    CHECK(found.status == 1);
    CHECK(found.out.find("npm-access-token") != std::string::npos);
    CHECK(found.out.find(":1:13:") != std::string::npos);
    CHECK(found.out.find(token) == std::string::npos);

    CHECK(run(at + "'" + clean.string() + "'").status == 0);
    CHECK(run(at + "'" + (project.dir / "missing.md").string() + "'").status == 2);
    CHECK(run(at + "- < '" + dirty.string() + "'").status == 1);

    const Run json = run(at + "--json '" + dirty.string() + "'");
    CHECK(json.status == 1);
    const auto parsed = nlohmann::json::parse(json.out);
    CHECK(parsed.at("clean") == false);
    REQUIRE(parsed.at("findings").size() == 1);
    CHECK(parsed["findings"][0]["rule_id"] == "npm-access-token");
    CHECK(parsed["findings"][0]["line"] == 1);
    CHECK(json.out.find(token) == std::string::npos);
}

TEST_CASE("scan CLI --allow records fingerprints so the next scan is clean", "[server][secrets]") {
    Project project;
    const std::string token = join("gh", "p_") + random_chars(kAlnum, 36, 2);
    const auto file = project.write("notes.md", "- deploy uses " + token + "\n");
    const std::string at = "--project '" + project.dir.string() + "' scan ";

    CHECK(run(at + "'" + file.string() + "'").status == 1);
    CHECK(run(at + "--allow '" + file.string() + "'").status == 0);
    const fs::path allow = project.dir / ".claude" / "context-sync-allow";
    REQUIRE(fs::exists(allow));
    std::ifstream in(allow);
    const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(content.find(token) == std::string::npos);
    CHECK(content.find("context-sync-allow v2 salt=") != std::string::npos);
    CHECK(content.find("\ngithub-pat ") != std::string::npos);
    CHECK(run(at + "'" + file.string() + "'").status == 0);
    // Another secret in the same file is still reported.
    project.write("notes.md", "- deploy uses " + token + "\n- and " + join("gh", "p_") +
                                  random_chars(kAlnum, 36, 3) + "\n");
    CHECK(run(at + "'" + file.string() + "'").status == 1);
}

TEST_CASE("scan CLI streams JSON findings and keys fingerprints under the state dir", "[server][secrets]") {
    Project project;
    std::string text;
    for (int i = 0; i < 3000; ++i) {
        text += "password = hunter2hunter2\n";
    }
    const auto file = project.write("dense.env", text);
    const std::string at = "--project '" + project.dir.string() + "' scan ";
    const Run json = run(at + "--json '" + file.string() + "'");
    CHECK(json.status == 1);
    const auto parsed = nlohmann::json::parse(json.out);
    CHECK(parsed.at("clean") == false);
    REQUIRE(parsed.at("findings").size() == 3000);
    CHECK(parsed["findings"][2999]["line"] == 3000);
    CHECK(parsed["findings"][0]["preview"] == "");
    CHECK(parsed["findings"][0]["fingerprint"] == parsed["findings"][2999]["fingerprint"]);
    CHECK(json.out.find("hunter2") == std::string::npos);
    CHECK(fs::file_size(state_home().path() / "context-sync" / "fingerprint-key") == 32);
    // Same machine key, same fingerprint in the next run.
    const auto again = nlohmann::json::parse(run(at + "--json '" + file.string() + "'").out);
    CHECK(again["findings"][0]["fingerprint"] == parsed["findings"][0]["fingerprint"]);
}

TEST_CASE("scan CLI survives its file being truncated mid-scan (no SIGBUS)", "[server][secrets]") {
    Project project;
    const fs::path file = project.dir / "growing.log";
    {
        std::ofstream out(file, std::ios::binary);
        out << "GITHUB_TOKEN=" << join("gh", "p_") << random_chars(kAlnum, 36, 9) << "\n";
    }
    fs::resize_file(file, std::uintmax_t{1} << 30);  // sparse: 1 GiB of zeros after the token
    const std::string command = "XDG_STATE_HOME='" + state_home().path().string() + "' '" + CS_BINARY +
                                "' --project '" + project.dir.string() + "' scan '" + file.string() +
                                "' >/dev/null 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    fs::resize_file(file, 4096);
    const int status = pclose(pipe);
    INFO("wait status " << status);
    CHECK_FALSE(WIFSIGNALED(status));
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);  // the token before the cut is still reported
}

TEST_CASE("scan_secrets tool: a cancelled call stops with a cancelled error", "[server][secrets]") {
    const auto tool = server::handlers::make_scan_secrets_tool();
    server::Settings settings;
    const test_support::TempDir temp("cs-secrets-tool-cancel");
    settings.project_dir = temp.path() / "no-project";
    settings.state_dir = temp.path() / "state";
    std::atomic<bool> cancel{true};
    const tools::Progress progress(&cancel, nullptr);
    const server::ToolContext context{settings, progress};
    const auto result = tool.run({{"text", "password = hunter2hunter2\n"}}, context);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == tools::ErrorCode::cancelled);
}

TEST_CASE("scan_secrets tool: schema and structured result without the secret", "[server][secrets]") {
    const auto tool = server::handlers::make_scan_secrets_tool();
    CHECK(tool.name == "scan_secrets");
    CHECK_FALSE(tool.title.empty());
    CHECK(tool.annotations.read_only);
    CHECK(tool.input_schema.at("additionalProperties") == false);
    CHECK(tool.input_schema.at("required") == nlohmann::json::array({"text"}));

    server::Settings settings;
    const test_support::TempDir temp("cs-secrets-tool");
    settings.project_dir = temp.path() / "no-project";
    settings.state_dir = temp.path() / "state";
    tools::Progress progress;
    const server::ToolContext context{settings, progress};

    const std::string token = join("sk_", "live_") + random_chars(kAlnum, 24, 4);
    const auto dirty = tool.run({{"text", "STRIPE_SECRET_KEY=" + token}}, context);
    REQUIRE(dirty);
    CHECK(dirty->at("clean") == false);
    REQUIRE(dirty->at("findings").size() == 1);
    CHECK((*dirty)["findings"][0]["rule_id"] == "stripe-secret-key");
    CHECK(dirty->dump().find(token) == std::string::npos);

    const auto clean = tool.run({{"text", "nothing here"}}, context);
    REQUIRE(clean);
    CHECK(clean->at("clean") == true);
    CHECK(clean->at("findings").empty());
    CHECK_FALSE(clean->contains("omitted"));
}

TEST_CASE("scan_secrets tool: a finding on every line lists the first 1000 and counts the rest",
          "[server][secrets]") {
    const auto tool = server::handlers::make_scan_secrets_tool();
    server::Settings settings;
    const test_support::TempDir temp("cs-secrets-tool-dense");
    settings.project_dir = temp.path() / "no-project";
    settings.state_dir = temp.path() / "state";
    tools::Progress progress;
    const server::ToolContext context{settings, progress};
    std::string text;
    for (int i = 0; i < 1500; ++i) {
        text += "password = " + random_chars(kAlnum, 10, static_cast<std::uint64_t>(i) + 1) + "7x\n";
    }
    const auto result = tool.run({{"text", text}}, context);
    REQUIRE(result);
    CHECK(result->at("clean") == false);
    REQUIRE(result->at("findings").size() == 1000);
    CHECK(result->at("omitted") == 500);
    CHECK(result->at("findings")[999]["line"] == 1000);
}
