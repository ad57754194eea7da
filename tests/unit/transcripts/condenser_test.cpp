// Behaviour of the condensed text, on small sessions written in the test.
#include <catch2/catch.hpp>

#include "transcript_support.hpp"

using namespace transcripts_test;
using tools::transcripts::ExtractStats;
using tools::transcripts::ToolCallDetail;

namespace {

std::string condense(const std::vector<json>& lines, ExtractOptions options = {},
                     ExtractStats* stats = nullptr) {
    TempDir dir;
    write_file(dir.path() / "s.jsonl", jsonl(lines));
    return extract_text({dir.path() / "s.jsonl", {}}, options, stats);
}

json tool_result(const std::string& id, const std::string& text, bool is_error) {
    return json::array(
        {{{"type", "tool_result"}, {"tool_use_id", id}, {"content", text}, {"is_error", is_error}}});
}

}  // namespace

TEST_CASE("streamed assistant lines form one message, tools and failures are one line each",
          "[tools][transcripts]") {
    ExtractStats stats;
    const std::string text = condense(
        {
            user_line("u1", "2026-03-01T10:00:00Z", "run the tests"),
            assistant_line("a1", "2026-03-01T10:00:05Z", "m1", {{"type", "thinking"}, {"thinking", "hmm"}}),
            assistant_line("a2", "2026-03-01T10:00:06Z", "m1", {{"type", "text"}, {"text", "Running them."}}),
            assistant_line("a3", "2026-03-01T10:00:07Z", "m1",
                           tool_use("t1", "Bash", {{"command", "make test"}})),
            user_line("r1", "2026-03-01T10:00:08Z", tool_result("t1", "boom\nline 2", true)),
            assistant_line("a4", "2026-03-01T10:01:00Z", "m2", {{"type", "text"}, {"text", "It failed."}}),
        },
        {}, &stats);
    CHECK(text ==
          "[2026-03-01 10:00] user: run the tests\n"
          "assistant: Running them.\n"
          "  \xE2\x86\x92 Bash: make test\n"
          "  \xE2\x9C\x97 Bash failed: boom line 2\n"
          "[2026-03-01 10:01] assistant: It failed.\n");
    CHECK(stats.user_prompts == 1);
    CHECK(stats.assistant_messages == 2);
    CHECK(stats.messages == 3);
    CHECK(stats.tool_calls == 1);
    CHECK(stats.failed_tool_results == 1);
    CHECK(stats.lines == 6);
    CHECK(stats.skipped.at("thinking") == 1);
}

TEST_CASE("options: thinking included, tool calls left out", "[tools][transcripts]") {
    const std::vector<json> lines = {
        user_line("u1", "2026-03-01T10:00:00Z", "go"),
        assistant_line("a1", "2026-03-01T10:00:05Z", "m1", {{"type", "thinking"}, {"thinking", "plan it"}}),
        assistant_line("a2", "2026-03-01T10:00:06Z", "m1", tool_use("t1", "Read", {{"file_path", "/x"}})),
        user_line("r1", "2026-03-01T10:00:08Z", tool_result("t1", "nope", true)),
    };
    ExtractOptions options;
    options.include_thinking = true;
    options.tool_calls = ToolCallDetail::none;
    CHECK(condense(lines, options) == "[2026-03-01 10:00] user: go\nassistant: (thinking) plan it\n");
    options.include_thinking = false;
    CHECK(condense(lines, options) == "[2026-03-01 10:00] user: go\n");
}

TEST_CASE("duplicates, sidechains, meta and noise are dropped and counted", "[tools][transcripts]") {
    json side = user_line("s1", "2026-03-01T10:00:01Z", "sub prompt");
    side["isSidechain"] = true;
    json meta = user_line("m1", "2026-03-01T10:00:02Z", "Caveat: local commands");
    meta["isMeta"] = true;
    const std::vector<json> lines = {
        user_line("u1", "2026-03-01T10:00:00Z", "hello"),
        side,
        meta,
        user_line("u2", "2026-03-01T10:00:03Z", "<local-command-stdout>ok</local-command-stdout>"),
        user_line("u1", "2026-03-01T10:00:04Z", "hello"),
        {{"type", "progress"}, {"uuid", "p"}},
        {{"type", "mystery"}},
        {{"type", "custom-title"}, {"customTitle", "T"}},
    };
    ExtractStats stats;
    CHECK(condense(lines, {}, &stats) == "[2026-03-01 10:00] user: hello\n");
    CHECK(stats.duplicate_uuids == 1);
    CHECK(stats.skipped.at("sidechain") == 1);
    CHECK(stats.skipped.at("meta") == 1);
    CHECK(stats.skipped.at("progress") == 1);
    CHECK(stats.skipped.at("mystery") == 1);
    CHECK(stats.unknown_types == 1);
    CHECK(stats.bad_lines == 0);

    ExtractOptions with_subagents;
    with_subagents.include_subagents = true;
    CHECK(condense(lines, with_subagents) == "[2026-03-01 10:00] user: hello\n(subagent) user: sub prompt\n");
}

TEST_CASE("compaction marker and summary", "[tools][transcripts]") {
    json summary = user_line("c2", "2026-03-01T11:00:01Z", "Summary:\n1. did things");
    summary["isCompactSummary"] = true;
    const std::string text = condense({
        user_line("u1", "2026-03-01T10:00:00Z", "start"),
        {{"type", "system"},
         {"subtype", "compact_boundary"},
         {"uuid", "c1"},
         {"timestamp", "2026-03-01T11:00:00Z"},
         {"compactMetadata", {{"trigger", "auto"}, {"preTokens", 155000}}}},
        summary,
    });
    CHECK(text ==
          "[2026-03-01 10:00] user: start\n"
          "[2026-03-01 11:00] --- conversation compacted (auto, 155,000 tokens before) ---\n"
          "compact summary: Summary:\n1. did things\n");
}

TEST_CASE("a message longer than a page is cut with a marker", "[tools][transcripts]") {
    ExtractOptions options;
    options.max_tokens = 1000;
    ExtractStats stats;
    const std::string text =
        condense({user_line("u1", "2026-03-01T10:00:00Z", std::string(50000, 'q'))}, options, &stats);
    CHECK(text.size() <= tools::transcripts::page_budget_bytes(1000));
    CHECK(text.find("more characters cut]\n") != std::string::npos);
    CHECK(stats.truncated_messages == 1);
}
