#include "tools/sessions/sync_state.hpp"

#include <catch2/catch.hpp>

#include "fake_claude_dir.hpp"

using namespace tools::sessions;
namespace fs = std::filesystem;

TEST_CASE("since accepts ISO times, durations and last-sync", "[tools][sessions]") {
    cs_test::TempDir temp;
    const fs::path state = temp.path() / "state";
    const tools::TimeMs now = *tools::parse_iso8601("2026-03-01T12:00:00Z");

    auto iso = resolve_since("2026-02-01T08:30:00Z", state, "/work/app", now);
    REQUIRE(iso);
    CHECK(*iso == *tools::parse_iso8601("2026-02-01T08:30:00Z"));

    auto hours = resolve_since("4h", state, "/work/app", now);
    REQUIRE(hours);
    CHECK(*hours == now - 4 * 3600 * 1000);
    auto days = resolve_since("2d", state, "/work/app", now);
    REQUIRE(days);
    CHECK(*days == now - 2 * 86400 * 1000);

    SECTION("first run: last-sync means everything") {
        auto first = resolve_since("last-sync", state, "/work/app", now);
        REQUIRE(first);
        CHECK_FALSE(first->has_value());
        auto defaulted = resolve_since("", state, "/work/app", now);
        REQUIRE(defaulted);
        CHECK_FALSE(defaulted->has_value());
    }
    SECTION("after a sync: last-sync is that time, per project") {
        const tools::TimeMs synced = *tools::parse_iso8601("2026-02-20T10:00:00.250Z");
        REQUIRE(write_last_sync(state, "/work/app", synced));
        auto last = resolve_since("last-sync", state, "/work/app", now);
        REQUIRE(last);
        REQUIRE(last->has_value());
        CHECK(**last == synced);
        // A project with the same slug keeps its own record.
        CHECK_FALSE(read_last_sync(state, "/work-app"));
        CHECK(sync_state_file(state, "/work/app") != sync_state_file(state, "/work-app"));
    }
}

TEST_CASE("bad since values are refused with the accepted forms", "[tools][sessions]") {
    cs_test::TempDir temp;
    for (const char* bad : {"yesterday", "4x", "0h", "-2d", "2026-13-01", "last_sync", "h4"}) {
        auto since = resolve_since(bad, temp.path(), "/work/app", tools::now_ms());
        REQUIRE_FALSE(since);
        CHECK(since.error().code == tools::ErrorCode::invalid_argument);
        CHECK(since.error().message.find("since") != std::string::npos);
    }
}

TEST_CASE("an unreadable sync record means never synced", "[tools][sessions]") {
    cs_test::TempDir temp;
    const fs::path file = sync_state_file(temp.path(), "/work/app");
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "{\"last_sync\": 12";
    CHECK_FALSE(read_last_sync(temp.path(), "/work/app"));
    std::ofstream(file, std::ios::trunc) << "{\"last_sync\": \"not a time\"}";
    CHECK_FALSE(read_last_sync(temp.path(), "/work/app"));
    CHECK_FALSE(read_last_sync({}, "/work/app"));
    CHECK_FALSE(write_last_sync({}, "/work/app", 0));
}
