// Every cut in a condensed transcript comes after redaction: a secret split by a cut would no longer
// match its rule and its first part would go out. One test per cut, each with the secret placed across
// it; and stats.skipped, which names what the transcript names, is redacted too.
#include <catch2/catch.hpp>

#include "../secrets/fake_secrets.hpp"
#include "tools/core/utf8.hpp"
#include "transcript_support.hpp"

using namespace transcripts_test;
using tools::transcripts::ExtractStats;

using secrets_test::github_token;

namespace {

// A Stripe live key: the shape of the report (22 of its 24 secret characters went out).
std::string stripe_key(std::uint64_t seed) {
    return secrets_test::join("sk_li", "ve_") + secrets_test::random_chars(secrets_test::kAlnum, 24, seed);
}

// Fails the test when any 6 characters of the secret's random part appear in text.
void check_no_part_of(const std::string& text, const std::string& secret, std::size_t prefix) {
    for (std::size_t at = prefix; at + 6 <= secret.size(); ++at) {
        INFO("secret characters " << at << ".." << at + 6 << " in: " << text);
        CHECK(text.find(secret.substr(at, 6)) == std::string::npos);
    }
}

struct Extracted {
    std::string text;
    ExtractStats stats;
};

Extracted condense_with_stats(const std::vector<json>& lines, const ExtractOptions& options = {}) {
    TempDir dir;
    write_file(dir.path() / "s.jsonl", jsonl(lines));
    Extracted out;
    out.text = extract_text({dir.path() / "s.jsonl", {}}, options, &out.stats);
    return out;
}

}  // namespace

TEST_CASE("a tool-call line is redacted before its 160-character cut", "[tools][transcripts][secrets]") {
    const std::string key = stripe_key(11);
    // "Bash: " + 132 characters, then the key: the cut at 160 falls 22 characters into it.
    const std::string command =
        "curl -u " + std::string(123, 'a') + " " + key + ": https://api.example.com/v1";
    const auto out = condense_with_stats({
        user_line("u1", "2026-03-01T10:00:00Z", "charge it"),
        assistant_line("a1", "2026-03-01T10:00:05Z", "m1", tool_use("t1", "Bash", {{"command", command}})),
    });
    check_no_part_of(out.text, key, 8);
    CHECK(out.text.find("  \xE2\x86\x92 Bash: curl -u aaa") != std::string::npos);
    CHECK(out.text.find("[REDACTED:stripe") != std::string::npos);
    CHECK(out.stats.redactions == 1);
}

TEST_CASE("a failure line is redacted before its 160-character cut", "[tools][transcripts][secrets]") {
    const std::string key = stripe_key(12);
    const std::string error = "error: " + std::string(140, 'e') + " " + key + " was rejected by the API";
    const json result = json::array(
        {{{"type", "tool_result"}, {"tool_use_id", "t1"}, {"content", error}, {"is_error", true}}});
    const auto out = condense_with_stats({
        user_line("u1", "2026-03-01T10:00:00Z", "charge it"),
        assistant_line("a1", "2026-03-01T10:00:05Z", "m1", tool_use("t1", "Bash", {{"command", "pay"}})),
        user_line("u2", "2026-03-01T10:00:06Z", result),
    });
    check_no_part_of(out.text, key, 8);
    CHECK(out.text.find("\xE2\x9C\x97 Bash failed: error: eee") != std::string::npos);
    CHECK(out.stats.redactions == 1);
}

TEST_CASE("a task notification is redacted before its 300-character cut", "[tools][transcripts][secrets]") {
    const std::string token = github_token(13);
    const std::string summary = "Background job done: " + std::string(265, 'n') + " " + token + " rotated";
    const auto out = condense_with_stats({
        user_line("u1", "2026-03-01T10:00:00Z",
                  "<task-notification><summary>" + summary + "</summary></task-notification>"),
    });
    check_no_part_of(out.text, token, 4);
    CHECK(out.text.find("task notification: Background job done: nnn") != std::string::npos);
    CHECK(out.stats.redactions == 1);
}

TEST_CASE("a subagent description is redacted before its 120-character cut",
          "[tools][transcripts][secrets]") {
    const std::string key = stripe_key(14);
    TempDir dir;
    const fs::path main = dir.path() / "s.jsonl";
    const fs::path agent = dir.path() / "s" / "subagents" / "agent-a1.jsonl";
    write_file(main, jsonl({user_line("u1", "2026-03-01T10:00:00Z", "delegate")}));
    write_file(agent, jsonl({user_line("v1", "2026-03-01T10:01:00Z", "sub prompt")}));
    // "Explore: " + 100 characters, then the key: the cut at 120 falls 11 characters into it.
    write_file(
        dir.path() / "s" / "subagents" / "agent-a1.meta.json",
        json{{"agentType", "Explore"}, {"description", std::string(99, 'd') + " " + key + " check"}}.dump());
    ExtractOptions options;
    options.include_subagents = true;
    ExtractStats stats;
    const std::string text = extract_text({main, {agent}}, options, &stats);
    check_no_part_of(text, key, 8);
    CHECK(text.find("=== subagent agent-a1 (Explore: ddd") != std::string::npos);
    CHECK(stats.redactions == 1);
}

TEST_CASE("a unit longer than a page is redacted before it is cut, in a window only",
          "[tools][transcripts][secrets]") {
    const std::string token = github_token(15);
    ExtractOptions options;
    options.max_tokens = 1000;
    const std::size_t limit = tools::transcripts::page_budget_bytes(1000);
    // The unit's cut keeps limit - 64 bytes; the token straddles that point. A second token sits 2 MB
    // further, past what a page can show and past the redaction window: it is neither scanned nor shown.
    std::string prompt = std::string(limit - 100, 'p') + " " + token + " ";
    prompt += std::string(2u << 20, 'q') + " " + github_token(16);
    const auto out = condense_with_stats({user_line("u1", "2026-03-01T10:00:00Z", prompt)}, options);
    check_no_part_of(out.text, token, 4);
    CHECK(out.text.find("more characters cut]\n") != std::string::npos);
    CHECK(out.text.size() <= limit);
    CHECK(out.stats.truncated_messages == 1);
    CHECK(out.stats.redactions == 1);
}

TEST_CASE("stats.skipped never names a secret a line carries as its type or subtype",
          "[tools][transcripts][secrets]") {
    const std::string type_token = github_token(17);
    const std::string subtype_token = github_token(18);
    const auto out = condense_with_stats({
        user_line("u1", "2026-03-01T10:00:00Z", "hello"),
        json{{"type", type_token}, {"uuid", "x1"}, {"timestamp", "2026-03-01T10:00:01Z"}},
        json{{"type", "system"},
             {"subtype", subtype_token},
             {"uuid", "x2"},
             {"timestamp", "2026-03-01T10:00:02Z"}},
        json{{"type", "system"}, {"subtype", "turn_duration"}, {"uuid", "x3"}},
        json{{"type", "progress"}, {"uuid", "x4"}},
    });
    std::string keys;
    for (const auto& [reason, count] : out.stats.skipped) {
        keys += reason + "\n";
    }
    check_no_part_of(keys, type_token, 4);
    check_no_part_of(keys, subtype_token, 4);
    CHECK(out.stats.skipped.count("[REDACTED:github-pat]") == 1);
    CHECK(out.stats.skipped.count("system:[REDACTED:github-pat]") == 1);
    CHECK(out.stats.skipped.count("system:turn_duration") == 1);
    CHECK(out.stats.skipped.count("progress") == 1);
    CHECK(out.stats.unknown_types == 1);
    CHECK(out.stats.redactions == 2);
}
