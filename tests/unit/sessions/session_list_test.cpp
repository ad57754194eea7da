#include "tools/sessions/session_list.hpp"

#include <catch2/catch.hpp>

#include "../support/redactors.hpp"
#include "fake_claude_dir.hpp"

using namespace tools::sessions;
using cs_test::json;
using test_support::kNoAllowlist;
namespace fs = std::filesystem;

namespace {

using cs_test::kHour;
using cs_test::kProject;

fs::path add_session(const cs_test::FakeClaude& claude, const std::string& id, tools::TimeMs age_ms,
                     const std::string& cwd = kProject, const std::string& project = kProject) {
    const fs::path file = claude.project_dir(project) / (id + ".jsonl");
    cs_test::write_simple_session(file, cwd, "prompt of " + id);
    cs_test::set_mtime_ms(file, tools::now_ms() - age_ms);
    return file;
}

std::vector<std::string> ids(const ListResult& result) {
    std::vector<std::string> out;
    for (const auto& s : result.sessions) {
        out.push_back(s.session_id);
    }
    return out;
}

}  // namespace

TEST_CASE("sessions are listed newest first with their summary", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    add_session(claude, "old", 3 * kHour);
    const fs::path newest = add_session(claude, "new", 1 * kHour);
    add_session(claude, "mid", 2 * kHour);
    fs::create_directories(claude.project_dir(kProject) / "memory");
    std::ofstream(claude.project_dir(kProject) / "sessions-index.json") << "{\"entries\":[]}";

    auto result = list_sessions(claude.list_options(), kNoAllowlist);
    REQUIRE(result);
    CHECK(ids(*result) == std::vector<std::string>{"new", "mid", "old"});
    CHECK(result->total == 3);
    REQUIRE(result->project_dirs.size() == 1);
    CHECK(result->project_dirs[0] == claude.project_dir(kProject));
    const SessionSummary& s = result->sessions[0];
    CHECK(s.path == newest);
    CHECK(s.messages == 2);
    CHECK(s.first_prompt == "prompt of new");
    CHECK(s.cwd == kProject);
    CHECK(s.size_bytes == fs::file_size(newest));
    CHECK(std::abs(s.modified_at - (tools::now_ms() - kHour)) < 5000);
    CHECK_FALSE(s.active);
}

TEST_CASE("a project without a transcript directory lists nothing", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    auto result = list_sessions(claude.list_options(), kNoAllowlist);
    REQUIRE(result);
    CHECK(result->total == 0);
    CHECK(result->project_dirs.empty());
}

TEST_CASE("relative project paths are refused", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    auto result = list_sessions(claude.list_options("work/app"), kNoAllowlist);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == tools::ErrorCode::invalid_argument);
}

TEST_CASE("the recorded cwd decides between projects sharing a slug", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    // "/x/b-c" and "/x/b/c" both map to "-x-b-c".
    add_session(claude, "dash", kHour, "/x/b-c", "/x/b-c");
    add_session(claude, "slash", kHour, "/x/b/c", "/x/b/c");
    add_session(claude, "moved", kHour, "/x/b-c/src", "/x/b-c");
    const fs::path unknown = claude.project_dir("/x/b-c") / "nocwd.jsonl";
    cs_test::write_lines(unknown, {{{"type", "summary"}, {"summary", "no cwd anywhere"}}});
    cs_test::set_mtime_ms(unknown, tools::now_ms() - kHour);

    auto dash = list_sessions(claude.list_options("/x/b-c"), kNoAllowlist);
    REQUIRE(dash);
    auto dash_ids = ids(*dash);
    std::sort(dash_ids.begin(), dash_ids.end());
    CHECK(dash_ids == std::vector<std::string>{"dash", "moved", "nocwd"});

    auto slash = list_sessions(claude.list_options("/x/b/c"), kNoAllowlist);
    REQUIRE(slash);
    auto slash_ids = ids(*slash);
    std::sort(slash_ids.begin(), slash_ids.end());
    CHECK(slash_ids == std::vector<std::string>{"nocwd", "slash"});
}

TEST_CASE("long project paths are found by prefix and confirmed by cwd", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    const std::string project = "/srv/" + std::string(220, 'p') + "/one";
    const std::string other = "/srv/" + std::string(220, 'p') + "/two";  // same first 200 slug characters
    const std::string prefix = sanitize_project_path(project).substr(0, 200);
    const fs::path projects = claude.claude_dir / "projects";

    // A release with another hash wrote both projects under names we cannot compute.
    auto write = [&](const fs::path& dir, const std::string& id, const std::string& cwd) {
        const fs::path file = dir / (id + ".jsonl");
        if (cwd.empty()) {
            cs_test::write_lines(file, {{{"type", "summary"}, {"summary", "no cwd"}}});
        } else {
            cs_test::write_simple_session(file, cwd, "hi");
        }
        cs_test::set_mtime_ms(file, tools::now_ms() - kHour);
    };
    write(projects / (prefix + "-bunA"), "mine", project);
    write(projects / (prefix + "-bunB"), "theirs", other);
    write(projects / (prefix + "-bunB"), "unconfirmed", "");
    write(projects / project_slug(project), "exact", project);

    auto result = list_sessions(claude.list_options(project), kNoAllowlist);
    REQUIRE(result);
    auto listed = ids(*result);
    std::sort(listed.begin(), listed.end());
    CHECK(listed == std::vector<std::string>{"exact", "mine"});
    CHECK(result->project_dirs.size() == 3);
}

TEST_CASE("subagent transcripts are counted on their parent, never listed", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    const fs::path dir = claude.project_dir(kProject);
    add_session(claude, "s20", kHour);
    add_session(claude, "s21", kHour);
    add_session(claude, "s10", kHour);
    // 2.0.x: agent files beside the sessions, linked by sessionId.
    for (const char* agent : {"agent-1a", "agent-1b"}) {
        cs_test::write_lines(dir / (std::string(agent) + ".jsonl"),
                             {cs_test::user_text("x", "task", kProject, "s20")});
    }
    cs_test::write_lines(dir / "agent-orphan.jsonl", {cs_test::user_text("y", "task", kProject, "gone")});
    // 2.1.x: <id>/subagents/, nested workflow runs included; other files there are not transcripts.
    cs_test::write_lines(dir / "s21" / "subagents" / "agent-a.jsonl",
                         {cs_test::user_text("z", "t", kProject, "s21")});
    cs_test::write_lines(dir / "s21" / "subagents" / "workflows" / "wf1" / "agent-b.jsonl",
                         {cs_test::user_text("w", "t", kProject, "s21")});
    std::ofstream(dir / "s21" / "subagents" / "agent-a.meta.json") << "{}";
    fs::create_directories(dir / "s21" / "tool-results");
    std::ofstream(dir / "s21" / "tool-results" / "big.txt") << "output";
    // 1.0.x: inline sidechain conversations.
    json task = cs_test::user_text("side", "task", kProject, "s10");
    task["isSidechain"] = true;
    cs_test::write_lines(dir / "s10.jsonl", {task}, true);
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file()) {
            cs_test::set_mtime_ms(entry.path(), tools::now_ms() - kHour);
        }
    }

    auto result = list_sessions(claude.list_options(), kNoAllowlist);
    REQUIRE(result);
    std::map<std::string, std::uint64_t> subagents;
    for (const auto& s : result->sessions) {
        subagents[s.session_id] = s.subagents;
    }
    CHECK(subagents == std::map<std::string, std::uint64_t>{{"s10", 1}, {"s20", 2}, {"s21", 2}});
}

TEST_CASE("active sessions are left out unless asked for", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    add_session(claude, "idle", kHour);
    add_session(claude, "writing", 5 * 1000);  // modified 5 s ago
    add_session(claude, "caller", 2 * kHour);

    ListOptions options = claude.list_options();
    options.calling_session_id = "caller";
    auto result = list_sessions(options, kNoAllowlist);
    REQUIRE(result);
    CHECK(ids(*result) == std::vector<std::string>{"idle"});
    CHECK(result->total == 1);

    options.include_active = true;
    result = list_sessions(options, kNoAllowlist);
    REQUIRE(result);
    REQUIRE(ids(*result) == std::vector<std::string>{"writing", "idle", "caller"});
    CHECK(result->sessions[0].active);
    CHECK_FALSE(result->sessions[1].active);
    CHECK(result->sessions[2].active);
}

TEST_CASE("since, limit and offset select and page the listing", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    for (int i = 1; i <= 5; ++i) {
        add_session(claude, "s" + std::to_string(i), i * kHour);
    }
    ListOptions options = claude.list_options();
    options.since = tools::now_ms() - 3 * kHour - 60 * 1000;
    auto recent = list_sessions(options, kNoAllowlist);
    REQUIRE(recent);
    CHECK(ids(*recent) == std::vector<std::string>{"s1", "s2", "s3"});

    options.since.reset();
    options.limit = 2;
    options.offset = 2;
    auto page = list_sessions(options, kNoAllowlist);
    REQUIRE(page);
    CHECK(ids(*page) == std::vector<std::string>{"s3", "s4"});
    CHECK(page->total == 5);
    options.offset = 10;
    page = list_sessions(options, kNoAllowlist);
    REQUIRE(page);
    CHECK(page->sessions.empty());
    CHECK(page->total == 5);
}

TEST_CASE("listing reports progress and stops when cancelled", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    for (int i = 0; i < 3; ++i) {
        add_session(claude, "s" + std::to_string(i), kHour);
    }
    std::atomic<bool> cancel{false};
    int reports = 0;
    tools::Progress progress(&cancel, [&](double, double total, std::string_view) {
        ++reports;
        CHECK(total == 3);
    });
    REQUIRE(list_sessions(claude.list_options(), kNoAllowlist, progress));
    CHECK(reports >= 3);

    cancel = true;
    auto cancelled = list_sessions(claude.list_options(), kNoAllowlist, progress);
    REQUIRE_FALSE(cancelled);
    CHECK(cancelled.error().code == tools::ErrorCode::cancelled);
}

TEST_CASE("symlinked transcripts leading outside the directory are not listed", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    add_session(claude, "inside", kHour);
    const fs::path outside = claude.temp.path() / "elsewhere.jsonl";
    cs_test::write_simple_session(outside, kProject, "secret stuff");
    cs_test::set_mtime_ms(outside, tools::now_ms() - kHour);
    fs::create_symlink(outside, claude.project_dir(kProject) / "escape.jsonl");
    ListOptions options = claude.list_options();
    options.include_active = true;
    auto result = list_sessions(options, kNoAllowlist);
    REQUIRE(result);
    CHECK(ids(*result) == std::vector<std::string>{"inside"});
}
