// Duplicate uuids: the line with content wins, whatever the order; the uuid set's undo is exact.
#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "../support/skip.hpp"
#include "tools/transcripts/admission.hpp"
#include "transcript_support.hpp"

using namespace transcripts_test;
using tools::transcripts::ExtractStats;
using tools::transcripts::UuidSet;

namespace {

// A line Claude Code 1.0.x wrote for a failed request: the uuid of the prompt that follows, no content.
json malformed_line(const std::string& uuid) {
    json line = user_line(uuid, "2026-03-01T10:00:01Z", "");
    line["message"] = "error";
    return line;
}

std::string extract_lines(const std::vector<json>& lines, ExtractStats* stats = nullptr) {
    TempDir dir;
    write_file(dir.path() / "s.jsonl", jsonl(lines));
    return extract_text({dir.path() / "s.jsonl", {}}, {}, stats);
}

}  // namespace

TEST_CASE("a contentless line does not hide the prompt that repeats its uuid", "[tools][transcripts]") {
    ExtractStats stats;
    const std::string text =
        extract_lines({user_line("u0", "2026-03-01T10:00:00Z", "first"), malformed_line("u1"),
                       user_line("u1", "2026-03-01T10:00:02Z", "the real prompt"),
                       user_line("u1", "2026-03-01T10:00:03Z", "a resumed copy")},
                      &stats);
    CHECK(text == "[2026-03-01 10:00] user: first\nuser: the real prompt\n");
    CHECK(stats.duplicate_uuids == 1);  // the copy; the contentless line is not a duplicate of anything
    CHECK(stats.user_prompts == 2);

    // After the prompt, a contentless repeat is the duplicate; an assistant line with no content is too.
    json empty_reply = assistant_line("u2", "2026-03-01T10:00:05Z", "m1", {{"type", "text"}, {"text", "x"}});
    empty_reply["message"]["content"] = json::array();
    const std::string after = extract_lines(
        {user_line("u1", "2026-03-01T10:00:00Z", "the real prompt"), malformed_line("u1"), empty_reply,
         assistant_line("u2", "2026-03-01T10:00:06Z", "m2", {{"type", "text"}, {"text", "answer"}})},
        &stats);
    CHECK(after == "[2026-03-01 10:00] user: the real prompt\nassistant: answer\n");
    CHECK(stats.duplicate_uuids == 1);
}

TEST_CASE("the shared edge-case fixture shows the prompt behind the malformed line",
          "[tools][transcripts][fixtures][shared]") {
    const fs::path path =
        test_support::shared_dir() / "fixtures/transcripts/iansherr__claude-code-log/edge_cases.jsonl";
    std::error_code error;
    if (!fs::is_regular_file(path, error)) {
        CS_SKIP_TEST(path.string() << " is absent");
    }
    for (const std::size_t tokens : {1000u, 20000u}) {
        ExtractOptions options;
        options.max_tokens = tokens;
        const std::string text = extract_text({path, {}}, options);
        CHECK(count_of(text, "user: Testing special characters: caf\xC3\xA9") == 1);
        std::string joined;
        for (const std::string& page : extract_pages({path, {}}, options)) {
            joined += page;
        }
        CHECK(joined == text);
    }
}

TEST_CASE("UuidSet undo takes back exactly the inserts at or after a stamp", "[tools][transcripts]") {
    std::mt19937_64 random(12345);
    UuidSet set;
    set.enable_journal();
    std::set<std::string> reference;
    std::vector<std::pair<std::uint64_t, std::string>> since_mark;  // inserts not yet forgotten
    std::uint64_t stamp = 0;
    for (int round = 0; round < 300; ++round) {
        // Enough inserts per round to make the table grow while records are still undoable.
        const int inserts = static_cast<int>(random() % 200);
        for (int i = 0; i < inserts; ++i) {
            set.set_stamp(++stamp);
            const std::string uuid = "u" + std::to_string(random() % 20000);
            const bool fresh = reference.insert(uuid).second;
            CHECK(set.insert(uuid) == fresh);
            if (fresh) {
                since_mark.emplace_back(stamp, uuid);
            }
        }
        if (!since_mark.empty() && random() % 2 == 0) {
            const std::uint64_t from = since_mark[random() % since_mark.size()].first;
            set.undo_from(from);
            while (!since_mark.empty() && since_mark.back().first >= from) {
                reference.erase(since_mark.back().second);
                since_mark.pop_back();
            }
        }
        set.forget_before(stamp + 1);
        since_mark.clear();
        REQUIRE(set.size() == reference.size());
    }
    for (int i = 0; i < 20000; ++i) {
        const std::string uuid = "u" + std::to_string(i);
        CHECK(set.contains(uuid) == (reference.count(uuid) == 1));
    }
}
