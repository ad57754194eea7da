#include "tools/transcripts/render.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "../support/redactors.hpp"
#include "tools/transcripts/tool_summary.hpp"

using namespace tools::transcripts;

TEST_CASE("user text classification", "[tools][transcripts]") {
    auto check = [](const std::string& raw, UserTextKind kind, const std::string& text) {
        const UserText out = classify_user_text(raw);
        CHECK(static_cast<int>(out.kind) == static_cast<int>(kind));
        CHECK(out.text == text);
    };
    check("  fix the bug\n\n\n\nplease  ", UserTextKind::prompt, "fix the bug\n\nplease");
    check("before<system-reminder>noise</system-reminder> after", UserTextKind::prompt, "before after");
    check("<system-reminder>only noise</system-reminder>", UserTextKind::noise, "");
    check("text<system-reminder>unclosed", UserTextKind::prompt, "text");
    check(
        "<command-name>/model</command-name>\n <command-message>model</command-message>\n "
        "<command-args>opus</command-args>",
        UserTextKind::command, "/model opus");
    check("<command-message>init is analyzing</command-message>\n<command-name>/init</command-name>",
          UserTextKind::command, "/init");
    check("<command-name>review</command-name><command-args></command-args>", UserTextKind::command,
          "/review");
    check("why does <command-name>/x</command-name> show up?", UserTextKind::prompt,
          "why does <command-name>/x</command-name> show up?");
    check("<local-command-stdout>Set model</local-command-stdout>", UserTextKind::noise, "");
    check("[Request interrupted by user for tool use]", UserTextKind::noise, "");
    check("<bash-input>ls -la</bash-input>", UserTextKind::shell, "! ls -la");
    check("<bash-stdout>files</bash-stdout><bash-stderr></bash-stderr>", UserTextKind::noise, "");
    check("<task-notification>\n<summary>Build  finished</summary>\n</task-notification>\nRead it.",
          UserTextKind::task_notification, "Build finished");
}

TEST_CASE("tidy text trims and squeezes blank lines", "[tools][transcripts]") {
    CHECK(tidy_text("\r\n  a  \r\n\r\n\r\n  b\t\n") == "a\n\n  b");
    CHECK(tidy_text("   ") == "");
}

TEST_CASE("time prefix only when the minute changes", "[tools][transcripts]") {
    std::int64_t last = -1;
    CHECK(time_prefix("2025-06-01T12:03:10.000Z", last) == "[2025-06-01 12:03] ");
    CHECK(time_prefix("2025-06-01T12:03:59.999Z", last) == "");
    CHECK(time_prefix("2025-06-01T12:04:00Z", last) == "[2025-06-01 12:04] ");
    CHECK(time_prefix("not a time", last) == "");
    CHECK(time_prefix("", last) == "");
}

TEST_CASE("cut_to_limit keeps UTF-8 whole and says how much was cut", "[tools][transcripts]") {
    std::string text = std::string(100, 'a') + "\n";
    CHECK_FALSE(cut_to_limit(text, 200));
    std::string long_text;
    for (int i = 0; i < 1000; ++i) {
        long_text += "\xC3\xA9";  // é, 2 bytes
    }
    long_text += "\n";
    REQUIRE(cut_to_limit(long_text, 300));
    CHECK(long_text.size() <= 300);
    CHECK(long_text.find("more characters cut]\n") != std::string::npos);
    CHECK(long_text.substr(0, 2) == "\xC3\xA9");
    // 236 bytes kept = 118 characters; 1000 - 118 + the newline remain
    CHECK(long_text.find("[\xE2\x80\xA6 883 more characters cut]") != std::string::npos);
    CHECK(group_thousands(1234567) == "1,234,567");
    CHECK(group_thousands(12) == "12");
}

TEST_CASE("tool summaries pick the key argument", "[tools][transcripts]") {
    ToolSummarizer summarizer;
    CHECK(summarizer
              .summarize("Bash", R"({"command":"make  \n test","description":"run"})",
                         test_support::kNoAllowlist)
              .text == "Bash: make test");
    CHECK(summarizer.summarize("Read", R"({"limit":10,"file_path":"/a/b.cpp"})", test_support::kNoAllowlist)
              .text == "Read: /a/b.cpp");
    CHECK(summarizer.summarize("Grep", R"({"pattern":"TODO","path":"/src"})", test_support::kNoAllowlist)
              .text == "Grep: TODO");
    CHECK(summarizer
              .summarize("WebFetch", R"({"url":"https://x.y/z","prompt":"p"})", test_support::kNoAllowlist)
              .text == "WebFetch: https://x.y/z");
    CHECK(summarizer
              .summarize("Task", R"({"prompt":"long","description":"Find it"})", test_support::kNoAllowlist)
              .text == "Task: Find it");
    CHECK(summarizer.summarize("TodoWrite", R"({"todos":[{"a":1},{"b":2}]})", test_support::kNoAllowlist)
              .text == "TodoWrite: 2 items");
    CHECK(summarizer.summarize("mcp__gh__issue", R"({"number":3,"repo":"a/b"})", test_support::kNoAllowlist)
              .text == "mcp__gh__issue: a/b");
    CHECK(summarizer.summarize("Edit", "not json", test_support::kNoAllowlist).text == "Edit");
    const std::string long_command = "{\"command\":\"" + std::string(500, 'z') + "\"}";
    const std::string cut = summarizer.summarize("Bash", long_command, test_support::kNoAllowlist).text;
    CHECK(cut.size() == 160 + 3);  // 160 characters, then the 3-byte ellipsis
    CHECK(cut.substr(cut.size() - 3) == "\xE2\x80\xA6");
}
