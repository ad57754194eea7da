#include "transcript_support.hpp"

#include <catch2/catch.hpp>

namespace transcripts_test {

std::string extract_text(const TranscriptFiles& files, const ExtractOptions& options,
                         tools::transcripts::ExtractStats* stats, const tools::secrets::Redactor& redactor) {
    std::string text;
    auto result = tools::transcripts::extract_all(files, options, redactor,
                                                  [&](std::string_view unit) { text.append(unit); });
    REQUIRE(result.has_value());
    if (stats != nullptr) {
        *stats = *result;
    }
    return text;
}

std::vector<std::string> extract_pages(const TranscriptFiles& files, const ExtractOptions& options,
                                       const tools::secrets::Redactor& redactor) {
    std::vector<std::string> pages;
    std::string cursor;
    const std::size_t budget = tools::transcripts::page_budget_bytes(options.max_tokens);
    for (int guard = 0; guard < 100000; ++guard) {
        auto page = tools::transcripts::extract_page(files, options, redactor, cursor);
        REQUIRE(page.has_value());
        CHECK(page->text.size() <= budget);
        pages.push_back(page->text);
        if (!page->next_cursor) {
            return pages;
        }
        REQUIRE(!page->text.empty());  // a page that is not the last always holds something
        cursor = *page->next_cursor;
    }
    FAIL("paging did not end");
    return pages;
}

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (std::size_t pos = text.find(needle); pos != std::string::npos;
         pos = text.find(needle, pos + needle.size())) {
        ++count;
    }
    return count;
}

json user_line(const std::string& uuid, const std::string& timestamp, json content) {
    return {{"parentUuid", nullptr},  {"isSidechain", false},
            {"userType", "external"}, {"cwd", "/w/p"},
            {"sessionId", "s-test"},  {"version", "2.0.50"},
            {"type", "user"},         {"message", {{"role", "user"}, {"content", std::move(content)}}},
            {"uuid", uuid},           {"timestamp", timestamp}};
}

json assistant_line(const std::string& uuid, const std::string& timestamp, const std::string& message_id,
                    json block) {
    return {
        {"parentUuid", nullptr},
        {"isSidechain", false},
        {"userType", "external"},
        {"cwd", "/w/p"},
        {"sessionId", "s-test"},
        {"version", "2.0.50"},
        {"type", "assistant"},
        {"message",
         {{"id", message_id}, {"role", "assistant"}, {"type", "message"}, {"content", json::array({block})}}},
        {"uuid", uuid},
        {"timestamp", timestamp}};
}

std::string synthetic_session(int turns) {
    std::vector<json> lines;
    const auto stamp = [](int second) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "2026-03-01T%02d:%02d:%02d.000Z", (second / 3600) % 24,
                      (second / 60) % 60, second % 60);
        return std::string(buffer);
    };
    int clock = 0;
    json early_prompt;
    for (int i = 0; i < turns; ++i) {
        const std::string n = std::to_string(i);
        clock += 37;
        json prompt = user_line("u" + n, stamp(clock), "prompt #" + n + " please look at module " + n + ".");
        if (i == 3) {
            early_prompt = prompt;
        }
        lines.push_back(prompt);
        lines.push_back({{"type", "progress"}, {"uuid", "p" + n}, {"data", {{"type", "hook_progress"}}}});
        const std::string id = "msg_" + n;
        std::string reply = "reply #" + n + " looking into it.";
        if (i == turns / 2) {
            reply += std::string(70000, 'x');  // longer than any page
        }
        lines.push_back(assistant_line("a" + n, stamp(clock + 5), id, {{"type", "text"}, {"text", reply}}));
        lines.push_back(assistant_line("b" + n, stamp(clock + 6), id,
                                       {{"type", "tool_use"},
                                        {"id", "t" + n},
                                        {"name", "Bash"},
                                        {"input", {{"command", "make test-" + n}}}}));
        lines.push_back(user_line("r" + n, stamp(clock + 7),
                                  json::array({{{"type", "tool_result"},
                                                {"tool_use_id", "t" + n},
                                                {"content", "output of " + n},
                                                {"is_error", i % 4 == 0}}})));
        if (i % 5 == 2) {
            json side = user_line("s" + n, stamp(clock + 8), "side prompt " + n);
            side["isSidechain"] = true;
            lines.push_back(side);
        }
        if (i % 17 == 9) {
            lines.push_back({{"type", "system"},
                             {"subtype", "compact_boundary"},
                             {"uuid", "c" + n},
                             {"timestamp", stamp(clock + 9)},
                             {"compactMetadata", {{"trigger", "auto"}}}});
            json summary = user_line("cs" + n, stamp(clock + 9), "summary of the first " + n + " turns");
            summary["isCompactSummary"] = true;
            lines.push_back(summary);
        }
        lines.push_back(assistant_line("d" + n, stamp(clock + 20), id + "z",
                                       {{"type", "text"}, {"text", "done with #" + n}}));
    }
    lines.push_back(early_prompt);  // a resumed session repeats an early line: same uuid, dropped
    return jsonl(lines);
}

}  // namespace transcripts_test
