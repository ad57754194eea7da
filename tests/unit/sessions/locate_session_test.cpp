#include <catch2/catch.hpp>

#include "fake_claude_dir.hpp"
#include "tools/sessions/path_guard.hpp"
#include "tools/sessions/session_list.hpp"

using namespace tools::sessions;
namespace fs = std::filesystem;

namespace {
using cs_test::kProject;
}

TEST_CASE("locate_session finds a session and its subagent files", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    const fs::path dir = claude.project_dir(kProject);
    cs_test::write_simple_session(dir / "abc-123.jsonl", kProject, "hello");
    cs_test::write_lines(dir / "agent-x1.jsonl", {cs_test::user_text("a", "task", kProject, "abc-123")});
    cs_test::write_lines(dir / "agent-x2.jsonl", {cs_test::user_text("b", "task", kProject, "other")});
    cs_test::write_lines(dir / "abc-123" / "subagents" / "agent-y.jsonl",
                         {cs_test::user_text("c", "task", kProject, "abc-123")});

    auto files = locate_session(claude.claude_dir, kProject, "abc-123");
    REQUIRE(files);
    CHECK(files->session_id == "abc-123");
    CHECK(files->main == dir / "abc-123.jsonl");
    CHECK(files->subagents ==
          std::vector<fs::path>{dir / "abc-123" / "subagents" / "agent-y.jsonl", dir / "agent-x1.jsonl"});

    auto by_path = session_files_for_path(dir / "abc-123.jsonl");
    REQUIRE(by_path);
    CHECK(by_path->session_id == "abc-123");
    CHECK(by_path->subagents == files->subagents);
    CHECK_FALSE(session_files_for_path(dir / "nope.jsonl"));
}

TEST_CASE("locate_session refuses ids that could name another path", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    cs_test::write_simple_session(claude.project_dir(kProject) / "ok.jsonl", kProject, "hi");
    const std::vector<std::string> bad_ids = {
        "../ok",       "a/b",           "a\\b",       "..", ".", ".hidden", "", std::string("ok\0x", 4),
        "ok.jsonl/..", "id with space", "/etc/passwd"};
    for (const std::string& bad : bad_ids) {
        auto files = locate_session(claude.claude_dir, kProject, bad);
        REQUIRE_FALSE(files);
        CHECK(files.error().code == tools::ErrorCode::invalid_argument);
    }
    CHECK(is_valid_session_id("0f2e-AB_c.1"));
}

TEST_CASE("locate_session reports unknown ids, subagent ids and foreign sessions as not found",
          "[tools][sessions]") {
    cs_test::FakeClaude claude;
    const fs::path dir = claude.project_dir("/x/b-c");
    cs_test::write_simple_session(dir / "theirs.jsonl", "/x/b/c", "hi");  // same slug, other project
    cs_test::write_lines(dir / "agent-1.jsonl", {cs_test::user_text("a", "t", "/x/b-c", "theirs")});
    for (const char* id : {"missing", "theirs", "agent-1"}) {
        auto files = locate_session(claude.claude_dir, "/x/b-c", id);
        REQUIRE_FALSE(files);
        CHECK(files.error().code == tools::ErrorCode::not_found);
    }
    CHECK(locate_session(claude.claude_dir, "/x/b/c", "theirs"));
}

TEST_CASE("a session symlinked outside the transcript directory is refused", "[tools][sessions]") {
    cs_test::FakeClaude claude;
    const fs::path dir = claude.project_dir(kProject);
    fs::create_directories(dir);
    const fs::path outside = claude.temp.path() / "outside.jsonl";
    cs_test::write_simple_session(outside, kProject, "private");
    fs::create_symlink(outside, dir / "escape.jsonl");
    fs::create_symlink("/etc/passwd", dir / "passwd.jsonl");

    for (const char* id : {"escape", "passwd"}) {
        auto files = locate_session(claude.claude_dir, kProject, id);
        REQUIRE_FALSE(files);
        CHECK(files.error().code == tools::ErrorCode::outside_root);
    }
    // A symlink that stays inside is fine.
    cs_test::write_simple_session(dir / "real.jsonl", kProject, "hi");
    fs::create_symlink(dir / "real.jsonl", dir / "alias.jsonl");
    CHECK(locate_session(claude.claude_dir, kProject, "alias"));
    CHECK(is_within(dir / "real.jsonl", dir));
    CHECK_FALSE(is_within(dir, dir));
}
