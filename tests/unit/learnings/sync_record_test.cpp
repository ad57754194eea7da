#include <catch2/catch.hpp>
#include <fstream>

#include "../support/temp_dir.hpp"
#include "tools/sessions/sync_state.hpp"

using namespace tools::sessions;
namespace fs = std::filesystem;

TEST_CASE("a sync records its time, the synced sessions and the syncing session", "[learnings]") {
    test_support::TempDir temp;
    const fs::path state = temp.path() / "state";
    const tools::TimeMs first = *tools::parse_iso8601("2026-12-02T10:00:00Z");
    REQUIRE(record_sync(state, "/work/app", first, {"s1", "s2"}, "sync-a"));
    REQUIRE(record_sync(state, "/work/app", first + 1000, {"s2", "s3"}, ""));
    const SyncRecord record = read_sync_record(state, "/work/app");
    CHECK(record.last_sync == first + 1000);
    CHECK(record.synced_sessions == std::vector<std::string>{"s1", "s2", "s3"});
    CHECK(record.sync_sessions == std::vector<std::string>{"sync-a"});
    CHECK(read_last_sync(state, "/work/app") == first + 1000);
    // Another project shares nothing.
    CHECK(read_sync_record(state, "/work/other").synced_sessions.empty());

    // The file is versioned JSON.
    std::ifstream in(sync_state_file(state, "/work/app"));
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(text.find("\"version\": 1") != std::string::npos);
}

TEST_CASE("a record of the first format is read as version 1", "[learnings]") {
    test_support::TempDir temp;
    const fs::path file = sync_state_file(temp.path(), "/work/app");
    fs::create_directories(file.parent_path());
    std::ofstream(file) << R"({"project_path": "/work/app", "last_sync": "2026-12-01T00:00:00Z"})";
    const SyncRecord record = read_sync_record(temp.path(), "/work/app");
    CHECK(record.last_sync == *tools::parse_iso8601("2026-12-01T00:00:00Z"));
    CHECK(record.synced_sessions.empty());
    CHECK(fs::exists(file));
}

TEST_CASE("a corrupt sync record is set aside, never fatal", "[learnings]") {
    for (const char* corrupt :
         {"{\"last_sync\": 12", "[]", R"({"version": 9, "last_sync": "2026-12-01T00:00:00Z"})",
          R"({"version": 1, "last_sync": "2026-12-01T00:00:00Z", "synced_sessions": [1]})"}) {
        test_support::TempDir temp;
        const fs::path file = sync_state_file(temp.path(), "/work/app");
        fs::create_directories(file.parent_path());
        std::ofstream(file) << corrupt;
        INFO(corrupt);
        const SyncRecord record = read_sync_record(temp.path(), "/work/app");
        CHECK_FALSE(record.last_sync);
        CHECK_FALSE(fs::exists(file));
        std::size_t aside = 0;
        for (const auto& entry : fs::directory_iterator(file.parent_path())) {
            aside += entry.path().filename().string().find(".corrupt-") != std::string::npos ? 1 : 0;
        }
        CHECK(aside == 1);
        // The next sync writes a fresh record.
        REQUIRE(record_sync(temp.path(), "/work/app", 5000, {"s1"}, "x"));
        CHECK(read_sync_record(temp.path(), "/work/app").synced_sessions == std::vector<std::string>{"s1"});
    }
}
