// Bad input is skipped and counted, never fatal.
#include <catch2/catch.hpp>

#include "transcript_support.hpp"

using namespace transcripts_test;
using tools::transcripts::ExtractStats;

TEST_CASE("corrupt lines, invalid UTF-8 and a truncated last line are counted and skipped",
          "[tools][transcripts]") {
    TempDir dir;
    std::string content = jsonl({user_line("u1", "2026-03-01T10:00:00Z", "first prompt")});
    content += "{\"type\":\"user\",\"message\":{\"content\":\"cut off\n";  // corrupt
    content +=
        "{\"type\":\"user\",\"uuid\":\"u2\",\"message\":{\"content\":\"bad \xC3\x28 byte\"}}\n";  // invalid
                                                                                                  // UTF-8
    content += "\n";  // empty line
    content += jsonl({user_line("u3", "2026-03-01T10:01:00Z", "second prompt")});
    content +=
        "{\"type\":\"user\",\"uuid\":\"u4\",\"message\":{\"content\":\"still being wri";  // being appended
    write_file(dir.path() / "s.jsonl", content);
    for (const std::size_t tokens : {1000u, 8000u}) {
        ExtractOptions options;
        options.max_tokens = tokens;
        ExtractStats stats;
        const std::string text = extract_text({dir.path() / "s.jsonl", {}}, options, &stats);
        CHECK(text == "[2026-03-01 10:00] user: first prompt\n[2026-03-01 10:01] user: second prompt\n");
        CHECK(stats.bad_lines == 4);
        CHECK(stats.lines == 6);
        CHECK(stats.user_prompts == 2);
        auto page = tools::transcripts::extract_page({dir.path() / "s.jsonl", {}}, options,
                                                     test_support::kNoAllowlist, "");
        REQUIRE(page.has_value());
        CHECK(page->text == text);
        CHECK_FALSE(page->next_cursor.has_value());
    }
}

TEST_CASE("a last line without newline that is complete JSON is kept", "[tools][transcripts]") {
    TempDir dir;
    std::string content = jsonl({user_line("u1", "2026-03-01T10:00:00Z", "only prompt")});
    content.pop_back();
    write_file(dir.path() / "s.jsonl", content);
    ExtractStats stats;
    CHECK(extract_text({dir.path() / "s.jsonl", {}}, {}, &stats) == "[2026-03-01 10:00] user: only prompt\n");
    CHECK(stats.bad_lines == 0);
}

TEST_CASE("empty file and missing main file", "[tools][transcripts]") {
    TempDir dir;
    write_file(dir.path() / "empty.jsonl", "");
    ExtractStats stats;
    CHECK(extract_text({dir.path() / "empty.jsonl", {}}, {}, &stats).empty());
    CHECK(stats.lines == 0);
    auto page = tools::transcripts::extract_page({dir.path() / "empty.jsonl", {}}, {},
                                                 test_support::kNoAllowlist, "");
    REQUIRE(page.has_value());
    CHECK(page->text.empty());
    CHECK_FALSE(page->next_cursor.has_value());

    auto missing = tools::transcripts::extract_page({dir.path() / "missing.jsonl", {}}, {},
                                                    test_support::kNoAllowlist, "");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().code == tools::ErrorCode::not_found);
    // A missing subagent file is skipped, not an error.
    ExtractOptions options;
    options.include_subagents = true;
    CHECK(extract_text({dir.path() / "empty.jsonl", {dir.path() / "gone.jsonl"}}, options).empty());
}

TEST_CASE("a 5 MB line is handled and a line over 8 MiB is skipped", "[tools][transcripts]") {
    TempDir dir;
    const std::string five_mb(5u << 20, 'f');
    const std::string nine_mb(9u << 20, 'n');
    std::string content = jsonl({
        user_line("u1", "2026-03-01T10:00:00Z", "before"),
        user_line("u2", "2026-03-01T10:00:01Z",
                  json::array({{{"type", "tool_result"}, {"tool_use_id", "t"}, {"content", five_mb}}})),
        user_line("u3", "2026-03-01T10:00:02Z", "big prompt " + five_mb),
        user_line("u4", "2026-03-01T10:00:03Z", nine_mb),
        user_line("u5", "2026-03-01T10:00:04Z", "after"),
    });
    write_file(dir.path() / "s.jsonl", content);
    ExtractOptions options;
    options.max_tokens = 2000;
    ExtractStats stats;
    const std::string text = extract_text({dir.path() / "s.jsonl", {}}, options, &stats);
    CHECK(text.find("user: before\n") != std::string::npos);
    // A single token too long for the redaction window is left out whole rather than shown unscanned.
    CHECK(text.find("user: big prompt \n[\xE2\x80\xA6 5,242,881 more characters cut]\n") !=
          std::string::npos);
    CHECK(text.find("more characters cut]\n") != std::string::npos);
    CHECK(text.find("user: after\n") != std::string::npos);
    CHECK(text.find("nnnn") == std::string::npos);
    CHECK(stats.bad_lines == 1);
    CHECK(stats.truncated_messages == 1);
    std::string joined;
    for (const std::string& page : extract_pages({dir.path() / "s.jsonl", {}}, options)) {
        joined += page;
    }
    CHECK(joined == text);
}

TEST_CASE("made-up line types on every line keep stats.skipped bounded", "[tools][transcripts]") {
    TempDir dir;
    std::string content = jsonl({user_line("u1", "2026-03-01T10:00:00Z", "first prompt")});
    for (int i = 0; i < 500; ++i) {
        content +=
            "{\"type\":\"made-up-" + std::to_string(i) + "\",\"uuid\":\"x" + std::to_string(i) + "\"}\n";
    }
    write_file(dir.path() / "s.jsonl", content);
    ExtractOptions options;
    ExtractStats stats;
    extract_text({dir.path() / "s.jsonl", {}}, options, &stats);
    CHECK(stats.unknown_types == 500);
    CHECK(stats.skipped.size() <= 65);
    std::uint64_t counted = 0;
    for (const auto& [reason, count] : stats.skipped) {
        if (reason.rfind("made-up-", 0) == 0 || reason == "other") {
            counted += count;
        }
    }
    CHECK(counted == 500);
    CHECK(stats.skipped.at("other") > 0);
}
