#include "tools/sessions/session_scan.hpp"

#include <catch2/catch.hpp>

#include "../secrets/fake_secrets.hpp"
#include "../support/redactors.hpp"
#include "fake_claude_dir.hpp"
#include "tools/core/limits.hpp"
#include "tools/core/utf8.hpp"
#include "tools/sessions/prompt_text.hpp"
#include "tools/transcripts/render.hpp"

using namespace tools::sessions;
using cs_test::json;
using test_support::kNoAllowlist;
namespace fs = std::filesystem;

namespace {

const std::string kCwd = "/work/app";
const std::string kId = "11111111-2222-3333-4444-555555555555";

FileSummary scan_lines(const std::vector<json>& lines, const std::string& extra_raw = "") {
    cs_test::TempDir temp;
    const fs::path file = temp.path() / (kId + ".jsonl");
    cs_test::write_lines(file, lines);
    if (!extra_raw.empty()) {
        std::ofstream(file, std::ios::app | std::ios::binary) << extra_raw;
    }
    SessionScanner scanner;
    auto summary = scanner.scan(file, kNoAllowlist);
    REQUIRE(summary);
    return *summary;
}

}  // namespace

TEST_CASE("messages count prompts and assistant messages, not the plumbing around them",
          "[tools][sessions]") {
    json meta =
        cs_test::user_text("u-meta", "<local-command-caveat>Caveat</local-command-caveat>", kCwd, kId);
    meta["isMeta"] = true;
    json sidechain_user = cs_test::user_text("u-side", "subagent task", kCwd, kId);
    sidechain_user["isSidechain"] = true;
    json sidechain_answer = cs_test::assistant_text("a-side", "msg_side", "done", kCwd, kId);
    sidechain_answer["isSidechain"] = true;
    sidechain_answer["parentUuid"] = "u-side";
    json compact = cs_test::user_text("u-compact", "This session is being continued...", kCwd, kId);
    compact["isCompactSummary"] = true;
    json api_error = cs_test::assistant_text("a-err", "msg_err", "API Error: 529", kCwd, kId);
    api_error["isApiErrorMessage"] = true;

    const FileSummary s = scan_lines({
        {{"type", "queue-operation"}, {"operation", "enqueue"}, {"timestamp", "2026-01-10T09:59:59.000Z"}},
        cs_test::user_text("u1", "Fix the   failing\n test", kCwd, kId),
        cs_test::assistant_text("a1", "msg_1", "Looking", kCwd, kId),
        cs_test::assistant_text("a2", "msg_1", "more of the same message", kCwd, kId),  // streamed
        cs_test::tool_result("u2", kCwd, kId),
        cs_test::assistant_text("a3", "msg_2", "Fixed", kCwd, kId),
        cs_test::assistant_text("a3", "msg_2", "Fixed", kCwd, kId),  // duplicate uuid (resume)
        cs_test::user_text("u3", "[Request interrupted by user]", kCwd, kId),
        meta,
        sidechain_user,
        sidechain_answer,
        compact,
        api_error,
        cs_test::user_text("u4", "thanks", kCwd, kId),
    });
    CHECK(s.messages == 4);  // 2 prompts + msg_1 + msg_2
    CHECK(s.first_prompt == "Fix the failing test");
    REQUIRE(s.started_at);
    CHECK(*s.started_at == *tools::parse_iso8601("2026-01-10T09:59:59.000Z"));
    CHECK(s.cwd == kCwd);
    CHECK(s.session_id == kId);
    CHECK(s.version == "2.0.40");
    CHECK(s.git_branch == "main");
    CHECK(s.sidechains == 1);
    CHECK(s.bad_lines == 0);
}

TEST_CASE("bad lines are counted and skipped", "[tools][sessions]") {
    const FileSummary s =
        scan_lines({cs_test::user_text("u1", "hello", kCwd, kId)},
                   "{not json\n[1,2]\n\xFF\xFE{\"type\":\"user\"}\n{\"type\":\"assistant\",\"trunc");
    CHECK(s.messages == 1);
    CHECK(s.bad_lines >= 3);
}

TEST_CASE("an empty file summarises to nothing", "[tools][sessions]") {
    const FileSummary s = scan_lines({});
    CHECK(s.messages == 0);
    CHECK_FALSE(s.started_at);
    CHECK(s.first_prompt.empty());
}

TEST_CASE("title prefers custom-title, then ai-title, then summary", "[tools][sessions]") {
    const json summary = {{"type", "summary"}, {"summary", "Old summary"}, {"leafUuid", "x"}};
    const json ai = {{"type", "ai-title"}, {"aiTitle", "AI title"}, {"sessionId", kId}};
    const json custom = {{"type", "custom-title"}, {"customTitle", "My title"}, {"sessionId", kId}};
    const json prompt = cs_test::user_text("u1", "hello", kCwd, kId);
    CHECK(scan_lines({summary, prompt}).title == "Old summary");
    CHECK(scan_lines({summary, prompt, ai}).title == "AI title");
    CHECK(scan_lines({custom, summary, prompt, ai}).title == "My title");
}

TEST_CASE("first prompt skips wrappers, reminders and notifications", "[tools][sessions]") {
    const std::string long_text(500, 'x');
    const FileSummary s = scan_lines({
        cs_test::user_text("u0",
                           "<command-name>/clear</command-name><command-message>clear</command-message>"
                           "<command-args></command-args>",
                           kCwd, kId),
        cs_test::user_text("u1", "<task-notification><task-id>1</task-id></task-notification>", kCwd, kId),
        cs_test::user_text("u2", "<system-reminder>be brief</system-reminder>\n" + long_text, kCwd, kId),
    });
    CHECK(s.messages == 2);  // the slash command and the real prompt
    CHECK(tools::utf8_length(s.first_prompt) <= 200);
    CHECK(s.first_prompt.substr(0, 10) == "xxxxxxxxxx");
}

TEST_CASE("a session of only slash commands shows the first command", "[tools][sessions]") {
    const FileSummary s =
        scan_lines({cs_test::user_text("u0",
                                       "<command-message>review</command-message>\n<command-name>/review</"
                                       "command-name>\n<command-args>PR 12</command-args>",
                                       kCwd, kId)});
    CHECK(s.first_prompt == "/review PR 12");
}

TEST_CASE("clean_prompt_text", "[tools][sessions]") {
    CHECK_FALSE(clean_prompt_text("<local-command-stdout>ok</local-command-stdout>"));
    CHECK_FALSE(clean_prompt_text("  \n "));
    CHECK_FALSE(clean_prompt_text("<system-reminder>only this</system-reminder>"));
    auto bash = clean_prompt_text("<bash-input>ls -la</bash-input>");
    REQUIRE(bash);
    CHECK(bash->text == "! ls -la");  // as extraction shows it
    CHECK(bash->is_command);
    auto plain = clean_prompt_text("a\tb\n\nc");
    REQUIRE(plain);
    CHECK(plain->text == "a b c");
    CHECK_FALSE(plain->is_command);
}

TEST_CASE("inline sidechains count one subagent per root", "[tools][sessions]") {
    std::vector<json> lines = {cs_test::user_text("u1", "go", kCwd, kId)};
    for (int agent = 0; agent < 3; ++agent) {
        const std::string root = "s" + std::to_string(agent);
        json task = cs_test::user_text(root, "task", kCwd, kId);
        task["isSidechain"] = true;
        json answer = cs_test::assistant_text(root + "-a", "msg_" + root, "done", kCwd, kId);
        answer["isSidechain"] = true;
        answer["parentUuid"] = root;
        lines.push_back(task);
        lines.push_back(answer);
    }
    const FileSummary s = scan_lines(lines);
    CHECK(s.sidechains == 3);
    CHECK(s.messages == 1);
}

TEST_CASE("scan_head reads the session id and cwd from the first lines", "[tools][sessions]") {
    cs_test::TempDir temp;
    const fs::path file = temp.path() / "agent-abc.jsonl";
    cs_test::write_lines(
        file, {{{"type", "file-history-snapshot"}}, cs_test::user_text("u1", "task", kCwd, "parent-id")});
    SessionScanner scanner;
    auto head = scanner.scan_head(file);
    REQUIRE(head);
    CHECK(head->session_id == "parent-id");
    CHECK(head->cwd == kCwd);
    CHECK_FALSE(scanner.scan(temp.path() / "missing.jsonl", kNoAllowlist));
}

TEST_CASE("listing and extraction classify user text alike", "[tools][sessions]") {
    // A prompt that quotes the wrapper is a prompt: it used to be listed as the command "/deploy".
    const std::string quoted = "why does <command-name>/deploy</command-name> show up in the log?";
    const FileSummary s = scan_lines({cs_test::user_text("u1", quoted, kCwd, kId)});
    CHECK(s.first_prompt == quoted);
    const auto classified = tools::transcripts::classify_user_text(quoted);
    CHECK(classified.kind == tools::transcripts::UserTextKind::prompt);

    for (const std::string& text :
         {std::string("<command-name>/review</command-name><command-args>12</command-args>"),
          std::string("<bash-input>make  test</bash-input>"),
          std::string("<command-message>x</command-message>"),
          std::string("<task-notification><summary>done</summary></task-notification>"),
          std::string("<system-reminder>only</system-reminder>"), quoted}) {
        INFO(text);
        const auto kind = tools::transcripts::classify_user_text(text).kind;
        const auto prompt = clean_prompt_text(text);
        const bool typed = kind == tools::transcripts::UserTextKind::prompt ||
                           kind == tools::transcripts::UserTextKind::command ||
                           kind == tools::transcripts::UserTextKind::shell;
        CHECK(prompt.has_value() == typed);
        if (prompt) {
            CHECK(prompt->is_command == (kind != tools::transcripts::UserTextKind::prompt));
            CHECK(prompt->text ==
                  tools::collapse_whitespace(tools::transcripts::classify_user_text(text).text));
        }
    }
}

TEST_CASE("a long first prompt is listed from its start, redacted before the cut", "[tools][sessions]") {
    // 6 MB: under the line limit, so it is parsed; only its start is classified and redacted.
    const std::string key =
        secrets_test::join("sk_", "live_") + secrets_test::random_chars(secrets_test::kAlnum, 24, 7);
    const std::string prompt = std::string(190, 'a') + " " + key + " " + std::string(6'000'000, 'b');
    const FileSummary s = scan_lines({cs_test::user_text("u1", prompt, kCwd, kId)});
    CHECK(s.bad_lines == 0);
    CHECK(tools::utf8_length(s.first_prompt) <= 200);
    CHECK(s.first_prompt.substr(0, 190) == std::string(190, 'a'));
    CHECK(s.first_prompt.find("sk_live") == std::string::npos);
    CHECK(s.first_prompt.find(key.substr(8, 4)) == std::string::npos);
}

TEST_CASE("the listing skips lines over the one line limit, as extraction does", "[tools][sessions]") {
    const std::string huge(tools::kMaxLineBytes + 1, 'x');
    const FileSummary s =
        scan_lines({cs_test::user_text("u1", huge, kCwd, kId), cs_test::user_text("u2", "next", kCwd, kId)});
    CHECK(s.bad_lines == 1);
    CHECK(s.first_prompt == "next");
    CHECK(s.messages == 1);
}
