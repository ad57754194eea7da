// Listing shows and caches only redacted text: prompts, titles, branch, version, cwd, ids and paths,
// each redacted before it is cut, with the allowlist of the project listed.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "../secrets/fake_secrets.hpp"
#include "../support/redactors.hpp"
#include "fake_claude_dir.hpp"
#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/scanner.hpp"
#include "tools/sessions/session_list.hpp"
#include "tools/sessions/summary_cache.hpp"

using namespace tools::sessions;
using cs_test::json;
using cs_test::kHour;
using cs_test::kProject;
using test_support::kNoAllowlist;

using secrets_test::github_token;

namespace {

// Every file under dir, concatenated.
std::string read_tree(const std::filesystem::path& dir) {
    std::string all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) {
            std::ifstream in(entry.path(), std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            all += text.str();
        }
    }
    return all;
}

std::string summary_strings(const SessionSummary& s) {
    return s.session_id + "\n" + s.path.string() + "\n" + s.first_prompt + "\n" + s.title + "\n" +
           s.git_branch + "\n" + s.cwd + "\n" + s.version;
}

}  // namespace

TEST_CASE("every string a listing shows or caches is redacted, short ones too",
          "[tools][sessions][secrets]") {
    cs_test::FakeClaude claude;
    const std::string prompt_token = github_token(21);
    const std::string title_token = github_token(22);
    const std::string branch_token = github_token(23);
    const std::string version_token = github_token(24);
    const std::string cwd_token = github_token(25);
    const std::string cwd = kProject + "/tmp-" + cwd_token;
    const auto file = claude.project_dir(kProject) / "s1.jsonl";
    json first = cs_test::user_text("u1", "deploy with " + prompt_token, cwd, "s1");
    json answer = cs_test::assistant_text("a1", "m1", "ok", cwd, "s1");
    answer["gitBranch"] = "fix/" + branch_token;
    answer["version"] = "2.0." + version_token;
    cs_test::write_lines(file,
                         {first, answer, {{"type", "custom-title"}, {"customTitle", "t " + title_token}}});
    cs_test::set_mtime_ms(file, tools::now_ms() - kHour);

    for (int pass = 0; pass < 2; ++pass) {  // the first from the transcript, the second from the cache
        auto result = list_sessions(claude.list_options(), kNoAllowlist);
        REQUIRE(result);
        REQUIRE(result->sessions.size() == 1);
        CHECK(result->scanned == (pass == 0 ? 1u : 0u));
        const SessionSummary& s = result->sessions[0];
        const std::string shown = summary_strings(s);
        for (const std::string& token : {prompt_token, title_token, branch_token, version_token, cwd_token}) {
            CHECK(shown.find(token.substr(4, 10)) == std::string::npos);
        }
        CHECK(s.first_prompt == "deploy with [REDACTED:github-pat]");
        CHECK(s.title == "t [REDACTED:github-pat]");
        CHECK(s.git_branch == "fix/[REDACTED:github-pat]");
        CHECK(s.cwd == kProject + "/tmp-[REDACTED:github-pat]");
        CHECK(s.redactions == 5);
    }
    const std::string cached = read_tree(claude.state_dir);
    REQUIRE(cached.find("[REDACTED:github-pat]") != std::string::npos);
    for (const std::string& token : {prompt_token, title_token, branch_token, version_token, cwd_token}) {
        CHECK(cached.find(token.substr(4, 10)) == std::string::npos);
    }
}

TEST_CASE("a long first prompt is redacted in a window before its cut", "[tools][sessions][secrets]") {
    cs_test::FakeClaude claude;
    const std::string near = github_token(26);
    const std::string far = github_token(27);
    // The first token straddles the 200-character cut; the second lies 3 MB on, where nothing is shown.
    const std::string prompt =
        std::string(180, 'x') + " " + near + " " + std::string(3u << 20, 'y') + " " + far;
    const auto file = claude.project_dir(kProject) / "long.jsonl";
    cs_test::write_simple_session(file, kProject, prompt);
    cs_test::set_mtime_ms(file, tools::now_ms() - kHour);
    auto result = list_sessions(claude.list_options(), kNoAllowlist);
    REQUIRE(result);
    REQUIRE(result->sessions.size() == 1);
    const SessionSummary& s = result->sessions[0];
    CHECK(s.first_prompt.find(near.substr(4, 6)) == std::string::npos);
    CHECK(s.first_prompt.find("[REDACTED:git") != std::string::npos);
    CHECK(s.redactions == 1);  // the far token was never scanned
}

TEST_CASE("the cache is redone when the project's allowlist changes", "[tools][sessions][secrets]") {
    cs_test::FakeClaude claude;
    const std::string token = github_token(28);
    const auto file = claude.project_dir(kProject) / "s1.jsonl";
    cs_test::write_simple_session(file, kProject, "use " + token);
    cs_test::set_mtime_ms(file, tools::now_ms() - kHour);
    // A listing cached by an older version, with the prompt in clear, is deleted.
    const auto old_cache = claude.state_dir / "cache" / "sessions-v1";
    std::filesystem::create_directories(old_cache);
    const std::string old_name =
        tools::sessions::SummaryCache::load(claude.state_dir, claude.project_dir(kProject), "")
            .file()
            .filename()
            .string();
    std::ofstream(old_cache / old_name) << "{\"first_prompt\":\"use " << token << "\"}";

    const test_support::TempDir project("cs-allow-project");
    ListOptions options = claude.list_options();
    auto redacted = list_sessions(options, tools::secrets::Redactor::for_project(project.path()));
    REQUIRE(redacted);
    REQUIRE(redacted->sessions.size() == 1);
    CHECK(redacted->sessions[0].first_prompt == "use [REDACTED:github-pat]");
    CHECK_FALSE(std::filesystem::exists(old_cache / old_name));

    const auto allow_file = tools::secrets::Allowlist::project_file(project.path());
    const auto allow = tools::secrets::Allowlist::load(allow_file);
    REQUIRE(allow);
    REQUIRE(tools::secrets::Allowlist::append(
        allow_file, allow->salt(), {{"github-pat", allow->hash("github-pat", token), "a test token"}}));
    auto allowed = list_sessions(options, tools::secrets::Redactor::for_project(project.path()));
    REQUIRE(allowed);
    REQUIRE(allowed->sessions.size() == 1);
    CHECK(allowed->scanned == 1);
    CHECK(allowed->sessions[0].first_prompt == "use " + token);
    CHECK(allowed->sessions[0].redactions == 0);
}
