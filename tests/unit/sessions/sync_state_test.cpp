#include "tools/sessions/sync_state.hpp"

#include <sys/stat.h>

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

TEST_CASE("since refuses overflowing durations, impossible dates and offsets", "[tools][sessions]") {
    cs_test::TempDir temp;
    const tools::TimeMs now = *tools::parse_iso8601("2026-03-01T12:00:00Z");
    // 9223372036854775807w once multiplied past INT64_MAX and wrapped into the future: nothing listed.
    for (const char* bad : {"9223372036854775807w", "99999999999999999999999d", "1317624576693539401w",
                            "2026-02-30", "2025-02-29T00:00:00Z", "2026-04-31", "2026-01-01T00:00:00+99:99",
                            "2026-01-01T00:00:00-24:00", "2026-01-01T00:00:00+05:60", "2026-01-01T24:00:00Z",
                            "2026-01-01T23:60:00Z", "2026-00-10", "2026-01-00"}) {
        INFO(bad);
        auto since = resolve_since(bad, temp.path(), "/work/app", now);
        REQUIRE_FALSE(since);
        CHECK(since.error().code == tools::ErrorCode::invalid_argument);
        CHECK(since.error().message.find("since") != std::string::npos);
    }
    CHECK(resolve_since("9223372036854775807w", temp.path(), "/work/app", now)
              .error()
              .message.find("too long") != std::string::npos);
    CHECK(resolve_since("2026-02-30", temp.path(), "/work/app", now).error().message.find("no such date") !=
          std::string::npos);
    // The longest accepted duration still lies in the past.
    auto longest = resolve_since("521740w", temp.path(), "/work/app", now);
    REQUIRE(longest);
    CHECK(**longest < now);
    CHECK(**resolve_since("2024-02-29", temp.path(), "/work/app", now) ==
          *tools::parse_iso8601("2024-02-29T00:00:00Z"));
    CHECK(**resolve_since("2026-01-01T05:30:00+23:59", temp.path(), "/work/app", now) ==
          *tools::parse_iso8601("2025-12-31T05:31:00Z"));
}

TEST_CASE("a sync record that is a FIFO or a device is ignored without blocking", "[tools][sessions]") {
    cs_test::TempDir temp;
    const fs::path file = sync_state_file(temp.path(), "/work/app");
    fs::create_directories(file.parent_path());
    REQUIRE(::mkfifo(file.c_str(), 0600) == 0);
    CHECK_FALSE(read_last_sync(temp.path(), "/work/app"));
    fs::remove(file);
    fs::create_symlink("/dev/zero", file);
    CHECK_FALSE(read_last_sync(temp.path(), "/work/app"));
    // Writing replaces the planted file with a private record.
    REQUIRE(write_last_sync(temp.path(), "/work/app", 1000));
    CHECK(read_last_sync(temp.path(), "/work/app") == std::optional<tools::TimeMs>(1000));
    CHECK((fs::status(file).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write));
}
