// Paging: pages concatenate to extract_all byte for byte, nothing lost or repeated, cursors guarded.
#include <catch2/catch.hpp>
#include <limits>

#include "../secrets/fake_secrets.hpp"
#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/redactor.hpp"
#include "tools/transcripts/cursor.hpp"
#include "tools/transcripts/resume_cache.hpp"
#include "transcript_support.hpp"

using namespace transcripts_test;
using tools::transcripts::extract_page;

TEST_CASE("pages concatenate to the whole session for every page size", "[tools][transcripts]") {
    TempDir dir;
    const int turns = 120;
    write_file(dir.path() / "s.jsonl", synthetic_session(turns));
    const TranscriptFiles files{dir.path() / "s.jsonl", {}};
    for (const std::size_t tokens : {1000u, 1700u, 5000u, 20000u}) {
        for (const bool subagents : {false, true}) {
            ExtractOptions options;
            options.max_tokens = tokens;
            options.include_subagents = subagents;
            const std::string whole = extract_text(files, options);
            const std::vector<std::string> pages = extract_pages(files, options);
            std::string joined;
            for (const std::string& page : pages) {
                joined += page;
            }
            INFO(tokens << " tokens, subagents " << subagents << ", " << pages.size() << " pages");
            CHECK(pages.size() > 1);
            REQUIRE(joined == whole);
            for (int i = 0; i < turns; ++i) {
                const std::string n = std::to_string(i);
                // Exactly once each, although prompt #3 is written twice (same uuid) near the end.
                CHECK(count_of(joined, "user: prompt #" + n + " ") == 1);
                CHECK(count_of(joined, "done with #" + n + "\n") == 1);
            }
            CHECK(count_of(joined, "more characters cut]") == 1);
            CHECK(count_of(joined, "side prompt") == (subagents ? 24u : 0u));
        }
    }
}

TEST_CASE("a cursor from another session or other options is rejected", "[tools][transcripts]") {
    TempDir dir;
    write_file(dir.path() / "a.jsonl", synthetic_session(40));
    write_file(dir.path() / "b.jsonl", synthetic_session(40));
    ExtractOptions options;
    options.max_tokens = 1000;
    auto first = extract_page({dir.path() / "a.jsonl", {}}, options, test_support::kNoAllowlist, "");
    REQUIRE(first.has_value());
    REQUIRE(first->next_cursor.has_value());
    const std::string cursor = *first->next_cursor;

    auto other_session =
        extract_page({dir.path() / "b.jsonl", {}}, options, test_support::kNoAllowlist, cursor);
    REQUIRE_FALSE(other_session.has_value());
    CHECK(other_session.error().code == tools::ErrorCode::invalid_argument);
    CHECK(other_session.error().message.find("another session") != std::string::npos);

    ExtractOptions other_options = options;
    other_options.include_thinking = true;
    auto mismatch =
        extract_page({dir.path() / "a.jsonl", {}}, other_options, test_support::kNoAllowlist, cursor);
    REQUIRE_FALSE(mismatch.has_value());
    CHECK(mismatch.error().code == tools::ErrorCode::invalid_argument);

    for (const std::string& garbage :
         std::vector<std::string>{"x", "!!!!", "Y3MxLjAuMC4x", std::string(600, 'A')}) {
        auto bad = extract_page({dir.path() / "a.jsonl", {}}, options, test_support::kNoAllowlist, garbage);
        REQUIRE_FALSE(bad.has_value());
        CHECK(bad.error().code == tools::ErrorCode::invalid_argument);
    }
    auto again = extract_page({dir.path() / "a.jsonl", {}}, options, test_support::kNoAllowlist, cursor);
    REQUIRE(again.has_value());
    CHECK(again->text != first->text);
}

TEST_CASE("subagent files page after the main file under their header", "[tools][transcripts]") {
    TempDir dir;
    write_file(dir.path() / "main.jsonl", synthetic_session(30));
    write_file(dir.path() / "main" / "subagents" / "agent-b.jsonl", synthetic_session(12));
    write_file(dir.path() / "main" / "subagents" / "agent-a.jsonl", synthetic_session(12));
    const TranscriptFiles files{dir.path() / "main.jsonl",
                                {dir.path() / "main" / "subagents" / "agent-b.jsonl",
                                 dir.path() / "main" / "subagents" / "agent-a.jsonl"}};
    ExtractOptions options;
    options.include_subagents = true;
    options.max_tokens = 1000;
    const std::string whole = extract_text(files, options);
    std::string joined;
    for (const std::string& page : extract_pages(files, options)) {
        joined += page;
    }
    CHECK(joined == whole);
    // Same uuids in every file: the subagent files add nothing new, so no header is printed.
    CHECK(whole.find("=== subagent") == std::string::npos);

    write_file(dir.path() / "main" / "subagents" / "agent-a.jsonl",
               jsonl({user_line("fresh-1", "2026-03-02T09:00:00Z", "subagent task")}));
    const std::string with_agent = extract_text(files, options);
    const std::size_t header =
        with_agent.find("=== subagent agent-a ===\n[2026-03-02 09:00] user: subagent task\n");
    CHECK(header != std::string::npos);
    CHECK(with_agent.substr(0, header) == whole);
}

TEST_CASE("paging continues over lines appended between calls", "[tools][transcripts]") {
    TempDir dir;
    const fs::path path = dir.path() / "live.jsonl";
    std::string content = synthetic_session(30);
    const std::size_t cut = content.rfind('\n', content.size() / 2) + 1;
    write_file(path, content.substr(0, cut) + "{\"type\":\"user\",\"message\":{\"content\":\"half wri");
    ExtractOptions options;
    options.max_tokens = 1000;
    std::string joined;
    auto page = extract_page({path, {}}, options, test_support::kNoAllowlist, "");
    REQUIRE(page.has_value());
    REQUIRE(page->next_cursor.has_value());
    joined += page->text;
    write_file(path, content);  // the live session wrote the rest
    std::string cursor = *page->next_cursor;
    for (;;) {
        page = extract_page({path, {}}, options, test_support::kNoAllowlist, cursor);
        REQUIRE(page.has_value());
        joined += page->text;
        if (!page->next_cursor) {
            break;
        }
        cursor = *page->next_cursor;
    }
    CHECK(joined == extract_text({path, {}}, options));
}

TEST_CASE("a cursor that was altered or forged is rejected", "[tools][transcripts]") {
    TempDir dir;
    write_file(dir.path() / "a.jsonl", synthetic_session(40));
    ExtractOptions options;
    options.max_tokens = 1000;
    auto first = extract_page({dir.path() / "a.jsonl", {}}, options, test_support::kNoAllowlist, "");
    REQUIRE(first.has_value());
    REQUIRE(first->next_cursor.has_value());
    const std::string cursor = *first->next_cursor;
    CHECK(cursor.size() <= tools::transcripts::max_cursor_chars);
    // Change one character anywhere (a digit of the offset, a guard or the tag itself).
    for (std::size_t at = 0; at < cursor.size(); at += 7) {
        std::string altered = cursor;
        altered[at] = altered[at] == 'A' ? 'B' : 'A';
        auto page = extract_page({dir.path() / "a.jsonl", {}}, options, test_support::kNoAllowlist, altered);
        REQUIRE_FALSE(page.has_value());
        CHECK(page.error().code == tools::ErrorCode::invalid_argument);
    }
    auto decoded = tools::transcripts::decode_cursor(cursor);
    REQUIRE(decoded.has_value());
    CHECK(decoded->tag.size() == 32);
}

TEST_CASE("a cursor carries any position and guard exactly, and stays short", "[tools][transcripts]") {
    using tools::transcripts::Cursor;
    constexpr std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
    for (const std::int64_t minute :
         {std::int64_t{-1}, std::int64_t{0}, std::int64_t{29538723}, std::numeric_limits<std::int64_t>::min(),
          std::numeric_limits<std::int64_t>::max()}) {
        for (const std::uint64_t big : {std::uint64_t{0}, std::uint64_t{127}, std::uint64_t{128}, most}) {
            Cursor cursor;
            cursor.state.position = {static_cast<std::size_t>(big), big, big == 0 ? 1 : big};
            cursor.state.last_minute = minute;
            cursor.guard = {big, ~big, 0x0123456789abcdefULL};
            std::string tag;
            const std::string text = tools::transcripts::encode_cursor(cursor, &tag);
            INFO(text);
            CHECK(text.size() <= (big == most ? 120u : 80u));
            const auto decoded = tools::transcripts::decode_cursor(text);
            REQUIRE(decoded.has_value());
            CHECK(decoded->state.position.file == cursor.state.position.file);
            CHECK(decoded->state.position.offset == cursor.state.position.offset);
            CHECK(decoded->state.position.line == cursor.state.position.line);
            CHECK(decoded->state.last_minute == minute);
            CHECK(decoded->guard.session == cursor.guard.session);
            CHECK(decoded->guard.file == cursor.guard.file);
            CHECK(decoded->guard.options == cursor.guard.options);
            CHECK(decoded->tag == tag);
        }
    }
}

TEST_CASE("a page read twice from one cursor is the same, cached or re-scanned", "[tools][transcripts]") {
    TempDir dir;
    write_file(dir.path() / "s.jsonl", synthetic_session(120));
    write_file(dir.path() / "s" / "subagents" / "agent-a.jsonl",
               jsonl({user_line("side-1", "2026-03-02T09:00:00Z", "subagent task"),
                      assistant_line("side-2", "2026-03-02T09:01:00Z", "m-side",
                                     {{"type", "text"}, {"text", std::string(2500, 'w')}})}));
    write_file(dir.path() / "s" / "subagents" / "agent-b.jsonl",
               jsonl({user_line("side-3", "2026-03-02T09:02:00Z", "second subagent task"),
                      assistant_line("side-4", "2026-03-02T09:03:00Z", "m-side-b",
                                     {{"type", "text"}, {"text", "short answer"}})}));
    const TranscriptFiles files{
        dir.path() / "s.jsonl",
        {dir.path() / "s" / "subagents" / "agent-a.jsonl", dir.path() / "s" / "subagents" / "agent-b.jsonl"}};
    for (const auto& [tokens, subagents] : {std::pair{1000u, false}, {1000u, true}, {5000u, true}}) {
        INFO(tokens << " tokens, subagents " << subagents);
        ExtractOptions options;
        options.max_tokens = tokens;
        options.include_subagents = subagents;
        tools::transcripts::ExtractStats whole_stats;
        const std::string whole = extract_text(files, options, &whole_stats);

        // First every page in order: all but the first continue from the cache, most of them from units
        // condensed ahead by an earlier page, some across the end of a file.
        struct Read {
            std::string cursor;
            tools::transcripts::ExtractPage page;
        };
        std::vector<Read> reads;
        std::string joined;
        std::string cursor;
        const auto hits_before = tools::transcripts::ResumeCache::instance().hits();
        for (int guard = 0; guard < 10000; ++guard) {
            auto page = extract_page(files, options, test_support::kNoAllowlist, cursor);
            REQUIRE(page.has_value());
            joined += page->text;
            reads.push_back({cursor, *page});
            if (!page->next_cursor) {
                break;
            }
            cursor = *page->next_cursor;
        }
        CHECK(joined == whole);
        REQUIRE(reads.size() > 2);
        CHECK(tools::transcripts::ResumeCache::instance().hits() - hits_before == reads.size() - 1);

        // The pages' counts add up to the whole extraction's, except files: each page counts the ones
        // it reads.
        tools::transcripts::ExtractStats sum;
        for (const Read& read : reads) {
            const auto& s = read.page.stats;
            sum.lines += s.lines, sum.bytes += s.bytes, sum.messages += s.messages;
            sum.tool_calls += s.tool_calls, sum.duplicate_uuids += s.duplicate_uuids;
            sum.truncated_messages += s.truncated_messages;
            for (const auto& [reason, count] : s.skipped) {
                sum.skipped[reason] += count;
            }
        }
        CHECK(sum.lines == whole_stats.lines);
        CHECK(sum.bytes == whole_stats.bytes);
        CHECK(sum.messages == whole_stats.messages);
        CHECK(sum.tool_calls == whole_stats.tool_calls);
        CHECK(sum.duplicate_uuids == whole_stats.duplicate_uuids);
        CHECK(sum.truncated_messages == whole_stats.truncated_messages);
        CHECK(sum.skipped == whole_stats.skipped);

        // Then every cursor again, last first, so that no page finds what the one before it left: each
        // one re-reads the session up to its cursor, and must give the same page.
        const auto hits_after = tools::transcripts::ResumeCache::instance().hits();
        for (auto read = reads.rbegin(); read != reads.rend(); ++read) {
            if (read->cursor.empty()) {
                continue;
            }
            auto again = extract_page(files, options, test_support::kNoAllowlist, read->cursor);
            REQUIRE(again.has_value());
            CHECK(again->text == read->page.text);
            CHECK(again->stats == read->page.stats);
            CHECK(again->next_cursor == read->page.next_cursor);
        }
        CHECK(tools::transcripts::ResumeCache::instance().hits() == hits_after);
    }
}

TEST_CASE("a message still open at the end of the file takes lines appended before the next page",
          "[tools][transcripts]") {
    TempDir dir;
    const fs::path path = dir.path() / "live.jsonl";
    const std::string first =
        jsonl({user_line("u-1", "2026-03-02T09:00:00Z", "prompt " + std::string(1500, 'p')),
               assistant_line("a-1", "2026-03-02T09:01:00Z", "m-1",
                              {{"type", "text"}, {"text", "first half " + std::string(1000, 'f')}})});
    write_file(path, first);
    ExtractOptions options;
    options.max_tokens = 1000;
    auto page = extract_page({path, {}}, options, test_support::kNoAllowlist, "");
    REQUIRE(page.has_value());
    // The reply did not fit beside the prompt: it is the next page's, and it is not finished yet.
    REQUIRE(page->next_cursor.has_value());
    std::string joined = page->text;
    write_file(path, first + jsonl({assistant_line("a-2", "2026-03-02T09:01:00Z", "m-1",
                                                   {{"type", "text"}, {"text", "second half"}})}));
    page = extract_page({path, {}}, options, test_support::kNoAllowlist, *page->next_cursor);
    REQUIRE(page.has_value());
    CHECK_FALSE(page->next_cursor.has_value());
    joined += page->text;
    CHECK(count_of(page->text, "assistant:") == 1);
    CHECK(joined == extract_text({path, {}}, options));
}

TEST_CASE("text condensed ahead under one allowlist is not shown under another", "[tools][transcripts]") {
    TempDir dir;
    const fs::path project = dir.path() / "project";
    const std::string token = secrets_test::github_token(21);
    std::vector<json> lines;
    for (int i = 0; i < 80; ++i) {
        const std::string minute = (i < 10 ? "0" : "") + std::to_string(i % 60);
        lines.push_back(user_line(
            "u-" + std::to_string(i), "2026-03-02T09:" + minute + ":00Z",
            "prompt " + std::to_string(i) + " deploys with " + token + " " + std::string(400, 'x')));
    }
    write_file(dir.path() / "s.jsonl", jsonl(lines));
    const TranscriptFiles files{dir.path() / "s.jsonl", {}};
    ExtractOptions options;
    options.max_tokens = 1000;

    // The token is allowed at first: the first pages show it, and condense the next ones ahead.
    const fs::path allow_file = tools::secrets::Allowlist::project_file(project);
    auto allowlist = tools::secrets::Allowlist::load(allow_file);
    REQUIRE(allowlist.has_value());
    REQUIRE(tools::secrets::Allowlist::append(
        allow_file, allowlist->salt(), {{"github-pat", allowlist->hash("github-pat", token), "test"}}));
    const auto allowing = tools::secrets::Redactor::for_project(project);
    std::string cursor;
    for (int i = 0; i < 4; ++i) {
        auto page = extract_page(files, options, allowing, cursor);
        REQUIRE(page.has_value());
        CHECK(page->text.find(token) != std::string::npos);
        REQUIRE(page->next_cursor.has_value());
        cursor = *page->next_cursor;
    }

    // Then it no longer is: no later page shows it, although the cache holds text with it.
    fs::remove(allow_file);
    const auto strict = tools::secrets::Redactor::for_project(project);
    REQUIRE(strict.stamp() != allowing.stamp());
    std::size_t pages = 0;
    for (int guard = 0; guard < 1000 && !cursor.empty(); ++guard, ++pages) {
        auto page = extract_page(files, options, strict, cursor);
        REQUIRE(page.has_value());
        CHECK(page->text.find(token) == std::string::npos);
        CHECK(page->text.find("[REDACTED:github-pat]") != std::string::npos);
        cursor = page->next_cursor.value_or("");
    }
    CHECK(pages > 4);
}

TEST_CASE("a cursor past the end of a transcript cut shorter is refused", "[tools][transcripts]") {
    TempDir dir;
    const fs::path path = dir.path() / "s.jsonl";
    write_file(path, synthetic_session(120));
    const TranscriptFiles files{path, {}};
    ExtractOptions options;
    options.max_tokens = 1000;
    auto first = extract_page(files, options, test_support::kNoAllowlist, "");
    REQUIRE(first.has_value());
    REQUIRE(first->next_cursor.has_value());
    const std::string cursor = *first->next_cursor;
    write_file(path, "");

    // The page after the first one is served from units condensed ahead, which were read before the
    // file was cut; reading on from the end of those finds the file shorter.
    std::string next = cursor;
    std::optional<tools::Error> refused;
    for (int guard = 0; guard < 1000 && !refused; ++guard) {
        auto page = extract_page(files, options, test_support::kNoAllowlist, next);
        if (!page) {
            refused = page.error();
            break;
        }
        REQUIRE(page->next_cursor.has_value());
        next = *page->next_cursor;
    }
    REQUIRE(refused.has_value());
    CHECK(refused->code == tools::ErrorCode::invalid_argument);
    CHECK(refused->message == "cursor points past the end of the transcript");

    // The first cursor again, now without anything cached for it: refused before re-reading.
    auto again = extract_page(files, options, test_support::kNoAllowlist, cursor);
    REQUIRE_FALSE(again.has_value());
    CHECK(again.error().message == "cursor points past the end of the transcript");
}
