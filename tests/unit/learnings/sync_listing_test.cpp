// The listing after a sync: sessions whose learnings were synced are marked, sessions that ran a sync
// (recorded, or seen calling commit_learnings in their transcript) are left out.
#include <catch2/catch.hpp>
#include <map>

#include "../sessions/fake_claude_dir.hpp"
#include "../support/redactors.hpp"
#include "tools/sessions/session_list.hpp"
#include "tools/sessions/sync_state.hpp"

using namespace tools::sessions;
using cs_test::json;
namespace fs = std::filesystem;

namespace {

fs::path add_session(const cs_test::FakeClaude& claude, const std::string& id) {
    const fs::path file = claude.project_dir(cs_test::kProject) / (id + ".jsonl");
    cs_test::write_simple_session(file, cs_test::kProject, "prompt of " + id);
    cs_test::set_mtime_ms(file, tools::now_ms() - 2 * cs_test::kHour);
    return file;
}

// A session whose assistant called the commit_learnings tool of some MCP server.
void add_syncing_session(const cs_test::FakeClaude& claude, const std::string& id, const std::string& tool) {
    const fs::path file = add_session(claude, id);
    json call = cs_test::message_line("assistant", id + "-a2", cs_test::kProject, id);
    call["message"] = {{"id", "msg_" + id + "_2"},
                       {"role", "assistant"},
                       {"type", "message"},
                       {"content", json::array({{{"type", "tool_use"},
                                                 {"id", "toolu_9"},
                                                 {"name", tool},
                                                 {"input", {{"learnings", json::array({"x"})}}}}})}};
    cs_test::write_lines(file, {call}, /*append=*/true);
    cs_test::set_mtime_ms(file, tools::now_ms() - 2 * cs_test::kHour);
}

std::map<std::string, bool> listed(const cs_test::FakeClaude& claude) {
    auto result = list_sessions(claude.list_options(), test_support::kNoAllowlist);
    REQUIRE(result);
    std::map<std::string, bool> out;
    for (const auto& s : result->sessions) {
        out[s.session_id] = s.synced;
    }
    return out;
}

}  // namespace

TEST_CASE("synced sessions are marked and sync sessions left out", "[learnings]") {
    cs_test::FakeClaude claude;
    add_session(claude, "plain");
    add_session(claude, "carried");
    add_session(claude, "syncer");
    add_syncing_session(claude, "called-tool", "mcp__context-sync__commit_learnings");
    add_syncing_session(claude, "other-tool", "mcp__context-sync__read_learnings");

    // Before any sync: the transcript alone tells that called-tool ran a sync.
    CHECK(listed(claude) ==
          std::map<std::string, bool>{
              {"plain", false}, {"carried", false}, {"syncer", false}, {"other-tool", false}});

    REQUIRE(record_sync(claude.state_dir, cs_test::kProject, tools::now_ms() - 3 * cs_test::kHour,
                        {"carried"}, "syncer"));
    CHECK(listed(claude) ==
          std::map<std::string, bool>{{"plain", false}, {"carried", true}, {"other-tool", false}});
}
