#include "tools/sessions/summary_cache.hpp"

#include <catch2/catch.hpp>
#include <thread>

#include "../support/redactors.hpp"
#include "fake_claude_dir.hpp"
#include "tools/core/safe_read.hpp"
#include "tools/sessions/session_list.hpp"

using namespace tools::sessions;
using cs_test::json;
using test_support::kNoAllowlist;
namespace fs = std::filesystem;

namespace {

using cs_test::kHour;
using cs_test::kProject;

std::optional<std::string> read_small_file(const fs::path& path) {
    auto text = tools::read_regular_file(path, tools::kMaxCacheFileBytes);
    return text ? std::optional<std::string>(std::move(*text)) : std::nullopt;
}

struct CachedProject {
    cs_test::FakeClaude claude;
    ListOptions options;

    explicit CachedProject(int sessions) : options(claude.list_options()) {
        for (int i = 0; i < sessions; ++i) {
            const fs::path file = session(i);
            cs_test::write_simple_session(file, kProject, "prompt " + std::to_string(i));
            cs_test::set_mtime_ms(file, tools::now_ms() - kHour - i * 1000);
        }
    }
    fs::path session(int i) const {
        return claude.project_dir(kProject) / ("s" + std::to_string(i) + ".jsonl");
    }
    fs::path cache_file() const {
        return SummaryCache::load(claude.state_dir, claude.project_dir(kProject), "").file();
    }
    ListResult list() const {
        auto result = list_sessions(options, kNoAllowlist);
        REQUIRE(result);
        return *result;
    }
};

}  // namespace

TEST_CASE("a repeated listing reads summaries from the cache", "[tools][sessions]") {
    CachedProject project(3);
    const ListResult first = project.list();
    CHECK(first.scanned == 3);
    CHECK(first.cache_hits == 0);
    REQUIRE(fs::exists(project.cache_file()));

    const json cache = json::parse(*read_small_file(project.cache_file()));
    CHECK(cache["files"].size() == 3);
    CHECK(cache["files"]["s0.jsonl"]["messages"] == 2);
    CHECK(cache["files"]["s0.jsonl"]["size"] == fs::file_size(project.session(0)));

    const ListResult second = project.list();
    CHECK(second.scanned == 0);
    CHECK(second.cache_hits == 3);
    REQUIRE(second.sessions.size() == first.sessions.size());
    for (std::size_t i = 0; i < first.sessions.size(); ++i) {
        CHECK(second.sessions[i].session_id == first.sessions[i].session_id);
        CHECK(second.sessions[i].messages == first.sessions[i].messages);
        CHECK(second.sessions[i].first_prompt == first.sessions[i].first_prompt);
        CHECK(second.sessions[i].started_at == first.sessions[i].started_at);
    }
}

TEST_CASE("an appended session is rescanned, the others are not", "[tools][sessions]") {
    CachedProject project(3);
    project.list();
    cs_test::write_lines(project.session(1), {cs_test::user_text("more", "one more prompt", kProject, "s1")},
                         true);
    cs_test::set_mtime_ms(project.session(1), tools::now_ms() - kHour);

    const ListResult after = project.list();
    CHECK(after.scanned == 1);
    CHECK(after.cache_hits == 2);
    for (const auto& s : after.sessions) {
        CHECK(s.messages == (s.session_id == "s1" ? 3 : 2));
    }
}

TEST_CASE("a touched file with the same size is rescanned (mtime is part of the key)", "[tools][sessions]") {
    CachedProject project(2);
    project.list();
    cs_test::set_mtime_ms(project.session(0), tools::now_ms() - 2 * kHour);
    CHECK(project.list().scanned == 1);
}

TEST_CASE("deleted sessions leave the cache", "[tools][sessions]") {
    CachedProject project(3);
    project.list();
    fs::remove(project.session(2));
    CHECK(project.list().total == 2);
    const json cache = json::parse(*read_small_file(project.cache_file()));
    CHECK(cache["files"].size() == 2);
    CHECK_FALSE(cache["files"].contains("s2.jsonl"));
}

TEST_CASE("a corrupt or foreign cache file is ignored and rebuilt", "[tools][sessions]") {
    CachedProject project(2);
    project.list();
    const fs::path file = project.cache_file();

    SECTION("garbage") {
        std::ofstream(file, std::ios::trunc) << "{\"version\":1,\"dir\":";
    }
    SECTION("wrong types") {
        json cache = json::parse(*read_small_file(file));
        cache["files"]["s0.jsonl"]["messages"] = "many";
        cache["files"]["s1.jsonl"] = 7;
        std::ofstream(file, std::ios::trunc) << cache.dump();
    }
    SECTION("another format version") {
        json cache = json::parse(*read_small_file(file));
        cache["version"] = 999;
        std::ofstream(file, std::ios::trunc) << cache.dump();
    }
    const ListResult rebuilt = project.list();
    CHECK(rebuilt.scanned == 2);
    CHECK(rebuilt.total == 2);
    for (const auto& s : rebuilt.sessions) {
        CHECK(s.messages == 2);
    }
    CHECK(project.list().cache_hits == 2);
}

TEST_CASE("without a state dir nothing is cached", "[tools][sessions]") {
    CachedProject project(2);
    project.options.state_dir.clear();
    CHECK(project.list().scanned == 2);
    CHECK(project.list().scanned == 2);
    CHECK_FALSE(fs::exists(project.claude.state_dir));
}

TEST_CASE("concurrent cache writers never leave a torn file", "[tools][sessions]") {
    CachedProject project(20);
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int round = 0; round < 5; ++round) {
                auto result = list_sessions(project.options, kNoAllowlist);
                if (!result || result->total != 20) {
                    ++failures;
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    CHECK(failures == 0);
    const json cache = json::parse(*read_small_file(project.cache_file()));
    CHECK(cache["files"].size() == 20);
    int leftovers = 0;
    for (const auto& entry : fs::directory_iterator(project.cache_file().parent_path())) {
        leftovers += entry.path().extension() == ".tmp" ? 1 : 0;
    }
    CHECK(leftovers == 0);
}

TEST_CASE("sessions the listing leaves out are not read, and keep their cache entries", "[tools][sessions]") {
    CachedProject project(3);
    project.options.since = tools::now_ms() - 60 * 1000;  // every session is an hour old
    ListResult none = project.list();
    CHECK(none.total == 0);
    CHECK(none.scanned == 0);

    project.options.since.reset();
    CHECK(project.list().scanned == 3);

    project.options.since = tools::now_ms() - 60 * 1000;
    CHECK(project.list().scanned == 0);
    const json cache = json::parse(*read_small_file(project.cache_file()));
    CHECK(cache["files"].size() == 3);
}
