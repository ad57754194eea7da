#include <catch2/catch.hpp>

#include "fake_claude_dir.hpp"
#include "server/handlers/handlers.hpp"
#include "server/handlers/list_sessions_cursor.hpp"
#include "tools/sessions/sync_state.hpp"

using cs_test::json;
namespace fs = std::filesystem;

namespace {

using cs_test::kHour;
using cs_test::kProject;

struct ToolFixture {
    cs_test::FakeClaude claude;
    server::Settings settings;
    server::ToolDefinition tool = server::handlers::make_list_recent_sessions_tool();

    ToolFixture() {
        settings.claude_dir = claude.claude_dir;
        settings.project_dir = kProject;
        settings.state_dir = claude.state_dir;
        settings.calling_session_id = "me";
    }
    void add(const std::string& id, tools::TimeMs age_ms) {
        const fs::path file = claude.project_dir(kProject) / (id + ".jsonl");
        cs_test::write_simple_session(file, kProject, "prompt " + id);
        cs_test::set_mtime_ms(file, tools::now_ms() - age_ms);
    }
    tools::Result<json> call(const json& arguments) const {
        const server::ToolContext context{settings, tools::Progress::none()};
        return tool.run(arguments, context);
    }
};

}  // namespace

TEST_CASE("list_recent_sessions declares strict schemas and read-only annotations", "[server][sessions]") {
    const auto tool = server::handlers::make_list_recent_sessions_tool();
    CHECK(tool.name == "list_recent_sessions");
    CHECK_FALSE(tool.title.empty());
    CHECK_FALSE(tool.description.empty());
    CHECK(tool.input_schema["additionalProperties"] == false);
    CHECK(tool.input_schema["properties"]["limit"]["maximum"] == 200);
    for (const char* field : {"project_path", "since", "include_active", "limit", "cursor"}) {
        CHECK(tool.input_schema["properties"].contains(field));
    }
    CHECK(tool.output_schema["required"].size() == 6);
    CHECK(tool.annotations.read_only);
    CHECK_FALSE(tool.annotations.destructive);
}

TEST_CASE("list_recent_sessions lists the settings' project with ISO times", "[server][sessions]") {
    ToolFixture fixture;
    fixture.add("a", kHour);
    fixture.add("me", 2 * kHour);  // the calling session: active
    auto result = fixture.call(json::object());
    REQUIRE(result);
    const json& out = *result;
    CHECK(out["project_path"] == kProject);
    CHECK(out["project_dirs"] == json::array({fixture.claude.project_dir(kProject).string()}));
    CHECK(out["since"].is_null());  // never synced: everything
    CHECK(out["total"] == 1);
    CHECK(out["next_cursor"].is_null());
    REQUIRE(out["sessions"].size() == 1);
    const json& s = out["sessions"][0];
    CHECK(s["session_id"] == "a");
    CHECK(s["started_at"] == "2026-01-10T10:00:00.000Z");
    CHECK(tools::parse_iso8601(s["modified_at"].get<std::string>()));
    CHECK(s["messages"] == 2);
    CHECK(s["first_prompt"] == "prompt a");
    CHECK(s["title"].is_null());
    CHECK(s["git_branch"] == "main");
    CHECK(s["active"] == false);
    for (const auto& [key, value] :
         fixture.tool.output_schema["properties"]["sessions"]["items"]["properties"].items()) {
        CHECK(s.contains(key));
    }

    auto with_active = fixture.call({{"include_active", true}});
    REQUIRE(with_active);
    CHECK((*with_active)["total"] == 2);
}

TEST_CASE("list_recent_sessions resolves since, including last-sync", "[server][sessions]") {
    ToolFixture fixture;
    fixture.add("old", 5 * kHour);
    fixture.add("new", 1 * kHour);
    auto recent = fixture.call({{"since", "3h"}});
    REQUIRE(recent);
    CHECK((*recent)["total"] == 1);
    CHECK(tools::parse_iso8601((*recent)["since"].get<std::string>()));

    REQUIRE(
        tools::sessions::write_last_sync(fixture.claude.state_dir, kProject, tools::now_ms() - 2 * kHour));
    auto since_sync = fixture.call(json::object());
    REQUIRE(since_sync);
    CHECK((*since_sync)["total"] == 1);
    CHECK((*since_sync)["sessions"][0]["session_id"] == "new");

    auto bad = fixture.call({{"since", "last week"}});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == tools::ErrorCode::invalid_argument);
}

TEST_CASE("list_recent_sessions pages with an opaque cursor", "[server][sessions]") {
    ToolFixture fixture;
    for (int i = 1; i <= 5; ++i) {
        fixture.add("s" + std::to_string(i), i * kHour);
    }
    std::vector<std::string> seen;
    json arguments = {{"limit", 2}, {"since", "1w"}};
    for (int page = 0; page < 5; ++page) {
        auto result = fixture.call(arguments);
        REQUIRE(result);
        CHECK((*result)["total"] == 5);
        for (const auto& s : (*result)["sessions"]) {
            seen.push_back(s["session_id"]);
        }
        if ((*result)["next_cursor"].is_null()) {
            break;
        }
        arguments = {{"limit", 2}, {"cursor", (*result)["next_cursor"]}};
    }
    CHECK(seen == std::vector<std::string>{"s1", "s2", "s3", "s4", "s5"});

    for (const char* bad : {"!!!", "eyJ2IjoxfQ", "bm90IGpzb24"}) {
        auto result = fixture.call({{"cursor", bad}});
        REQUIRE_FALSE(result);
        CHECK(result.error().code == tools::ErrorCode::invalid_argument);
        CHECK(result.error().message.find("cursor") != std::string::npos);
    }
}

TEST_CASE("list_recent_sessions takes an explicit project and refuses relative ones", "[server][sessions]") {
    ToolFixture fixture;
    fixture.settings.project_dir = "/somewhere/else";
    fixture.add("a", kHour);
    auto result = fixture.call({{"project_path", kProject + "/"}});
    REQUIRE(result);
    CHECK((*result)["total"] == 1);
    auto relative = fixture.call({{"project_path", "work/app"}});
    REQUIRE_FALSE(relative);
    CHECK(relative.error().code == tools::ErrorCode::invalid_argument);
}

TEST_CASE("list cursors round-trip", "[server][sessions]") {
    const server::handlers::ListCursor cursor{40, tools::TimeMs{1767225600000}, true};
    auto decoded = server::handlers::decode_list_cursor(server::handlers::encode_list_cursor(cursor));
    REQUIRE(decoded);
    CHECK(decoded->offset == 40);
    CHECK(decoded->since == cursor.since);
    CHECK(decoded->include_active);
    CHECK_FALSE(server::handlers::decode_list_cursor(""));
}
