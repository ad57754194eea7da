// The command line, run as a user would: the real binary, its stdout and its exit code.
#include <sys/wait.h>

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>

#include "../support/shell.hpp"
#include "../support/temp_dir.hpp"

namespace {

struct Run {
    int exit_code = -1;
    std::string out;
};

// Runs the binary with args through the shell (stderr discarded) in an empty HOME.
Run run_cli(const std::string& args) {
    const std::string command = "env HOME=/nonexistent-home CLAUDE_CONFIG_DIR= CLAUDE_PROJECT_DIR= '" +
                                std::string(CS_BINARY) + "' --log-level off " + args + " 2>/dev/null";
    test_support::ShellRun run = test_support::run_shell(command);
    return Run{run.exit_code, std::move(run.out)};
}

}  // namespace

TEST_CASE("context-sync tools prints every tool with its schemas", "[server][cli]") {
    const Run run = run_cli("tools");
    REQUIRE(run.exit_code == 0);
    const auto tools = nlohmann::json::parse(run.out);
    REQUIRE(tools.is_array());
    std::vector<std::string> names;
    for (const auto& tool : tools) {
        names.push_back(tool["name"]);
        CHECK(tool["inputSchema"]["type"] == "object");
        CHECK(tool["inputSchema"]["additionalProperties"] == false);
        CHECK(tool["outputSchema"]["type"] == "object");
        CHECK_FALSE(tool["title"].get<std::string>().empty());
        CHECK(tool["annotations"].contains("readOnlyHint"));
    }
    CHECK_THAT(names, Catch::Matchers::VectorContains(std::string("list_recent_sessions")));
    CHECK_THAT(names, Catch::Matchers::VectorContains(std::string("extract_transcript")));
    CHECK_THAT(names, Catch::Matchers::VectorContains(std::string("scan_secrets")));
}

TEST_CASE("context-sync call reports usage errors with exit 2 and tool errors with exit 1", "[server][cli]") {
    CHECK(run_cli("call no_such_tool '{}'").exit_code == 2);
    CHECK(run_cli("call list_recent_sessions 'not json'").exit_code == 2);
    CHECK(run_cli("call list_recent_sessions '[1]'").exit_code == 2);
    CHECK(run_cli("call list_recent_sessions '{\"limit\": \"many\"}'").exit_code == 2);
    CHECK(run_cli("call extract_transcript '{\"session_id\": \"no-such-session\"}'").exit_code == 1);
    CHECK(run_cli("--no-such-flag").exit_code == 2);
    CHECK(run_cli("--log-level loud tools").exit_code == 2);
}

TEST_CASE("context-sync --version and --help exit 0", "[server][cli]") {
    const Run version = run_cli("--version");
    CHECK(version.exit_code == 0);
    CHECK(version.out.find("context-sync ") == 0);
    CHECK(run_cli("--help").exit_code == 0);
}

TEST_CASE("context-sync serve --http runs on as context-sync-http, in the same process", "[server][cli]") {
    const test_support::TempDir dir;
    const std::string err = (dir.path() / "stderr").string();
    // Started in the background; once it says where it listens, the process behind the pid the shell
    // started must be context-sync-http. SIGTERM then stops it with exit code 0.
    const test_support::ShellRun run = test_support::run_shell(
        "'" + std::string(CS_BINARY) + "' --log-level off serve --http 127.0.0.1:0 2>'" + err +
        "' & pid=$!; for i in $(seq 100); do grep -q 'listening on http://127.0.0.1:' '" + err +
        "' && break; sleep 0.1; done; readlink /proc/$pid/exe; kill $pid; wait $pid; echo \"exit $?\"");
    INFO(run.out);
    const std::string expected_exe =
        (std::filesystem::canonical(CS_BINARY).parent_path() / "context-sync-http").string() + "\n";
    CHECK(run.out.find(expected_exe) == 0);
    CHECK(run.out.find("exit 0\n") != std::string::npos);

    // What context-sync-http answers, through context-sync: a usage error for a malformed address.
    const test_support::ShellRun bad =
        test_support::run_shell("'" + std::string(CS_BINARY) + "' --log-level off serve --http nowhere 2>&1");
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.find("--http takes [ADDR:]PORT") != std::string::npos);
}

TEST_CASE("context-sync serve --http without context-sync-http beside it says so and exits 1",
          "[server][cli]") {
    const test_support::TempDir dir;
    const std::filesystem::path alone = dir.path() / "context-sync";
    std::error_code error;
    std::filesystem::create_hard_link(CS_BINARY, alone, error);
    if (error) {  // another file system
        std::filesystem::copy_file(CS_BINARY, alone);
    }
    const test_support::ShellRun run =
        test_support::run_shell("'" + alone.string() + "' --log-level off serve --http 127.0.0.1:0 2>&1");
    CHECK(run.exit_code == 1);
    CHECK(run.out.find("context-sync-http") != std::string::npos);
    CHECK(run.out.find((dir.path() / "context-sync-http").string()) != std::string::npos);
    CHECK(run.out.find("No such file or directory") != std::string::npos);
}
