#include <catch2/catch.hpp>
#include <string>

#include "tools/transcripts/entry.hpp"
#include "transcript_support.hpp"

using namespace tools::transcripts;
using namespace transcripts_test;

namespace {

// simdjson needs readable padding after the line; a std::string with spare capacity provides it.
const Entry& parse_ok(EntryParser& parser, std::string& storage, const std::string& line) {
    storage = line;
    storage.reserve(line.size() + 128);
    auto entry = parser.parse(std::string_view(storage.data(), line.size()));
    REQUIRE(entry.has_value());
    return **entry;
}

bool parse_fails(EntryParser& parser, std::string line) {
    line.reserve(line.size() + 128);
    return !parser.parse(line).has_value();
}

}  // namespace

TEST_CASE("entry parser reads user lines with string content", "[tools][transcripts]") {
    auto parser = EntryParser::create();
    std::string storage;
    json line = user_line("u1", "2026-03-01T10:00:00.000Z", "hello \"world\"\n");
    line["cwd"] = "/home/x";
    line["gitBranch"] = "dev";
    line["isMeta"] = true;
    const Entry& entry = parse_ok(*parser, storage, line.dump());
    CHECK(entry.kind == EntryKind::user);
    CHECK(entry.uuid == "u1");
    CHECK(entry.parent_uuid.empty());  // null
    CHECK(entry.cwd == "/home/x");
    CHECK(entry.git_branch == "dev");
    CHECK(entry.version == "2.0.50");
    CHECK(entry.is_meta);
    CHECK(entry.content_is_string);
    REQUIRE(entry.blocks.size() == 1);
    CHECK(entry.blocks[0].kind == BlockKind::text);
    CHECK(entry.blocks[0].text == "hello \"world\"\n");
}

TEST_CASE("entry parser decodes only failed tool results", "[tools][transcripts]") {
    auto parser = EntryParser::create();
    std::string storage;
    const json content = json::array({
        {{"type", "tool_result"}, {"tool_use_id", "t1"}, {"content", "fine output"}},
        {{"type", "tool_result"},
         {"tool_use_id", "t2"},
         {"content", "bad \\u00e9 \u00e9"},
         {"is_error", true}},
        {{"tool_use_id", "t3"},
         {"type", "tool_result"},
         {"content", json::array({{{"type", "text"}, {"text", "part one"}},
                                  {{"type", "image"}},
                                  {{"type", "text"}, {"text", "part two"}}})},
         {"is_error", true}},
        {{"type", "image"}, {"source", {{"data", "AAAA"}}}},
    });
    const Entry& entry = parse_ok(*parser, storage, user_line("u2", "2026-03-01T10:00:00Z", content).dump());
    REQUIRE(entry.blocks.size() == 4);
    CHECK(entry.blocks[0].kind == BlockKind::tool_result);
    CHECK(entry.blocks[0].text.empty());
    CHECK_FALSE(entry.blocks[0].is_error);
    CHECK(entry.blocks[1].is_error);
    CHECK(entry.blocks[1].tool_use_id == "t2");
    CHECK(entry.blocks[1].text == "bad \\u00e9 \u00e9");
    CHECK(entry.blocks[2].text == "part one\npart two");
    CHECK(entry.blocks[3].kind == BlockKind::image);
}

TEST_CASE("entry parser reads assistant blocks and keeps raw tool input", "[tools][transcripts]") {
    auto parser = EntryParser::create();
    std::string storage;
    json line = assistant_line(
        "a1", "2026-03-01T10:00:00Z", "msg_9",
        {{"type", "tool_use"}, {"id", "t9"}, {"name", "Bash"}, {"input", {{"command", "ls -la"}}}});
    line["isSidechain"] = true;
    line["agentId"] = "ag1";
    const Entry& entry = parse_ok(*parser, storage, line.dump());
    CHECK(entry.kind == EntryKind::assistant);
    CHECK(entry.message_id == "msg_9");
    CHECK(entry.is_sidechain);
    CHECK(entry.agent_id == "ag1");
    REQUIRE(entry.blocks.size() == 1);
    CHECK(entry.blocks[0].kind == BlockKind::tool_use);
    CHECK(entry.blocks[0].tool_name == "Bash");
    CHECK(json::parse(entry.blocks[0].tool_input) == json{{"command", "ls -la"}});
}

TEST_CASE("entry parser reads titles, compaction and unknown types", "[tools][transcripts]") {
    auto parser = EntryParser::create();
    std::string storage;
    CHECK(parse_ok(*parser, storage, R"({"type":"summary","summary":"S","leafUuid":"x"})").kind ==
          EntryKind::summary);
    CHECK(parse_ok(*parser, storage, R"({"type":"summary","summary":"S","leafUuid":"x"})").title == "S");
    CHECK(parse_ok(*parser, storage, R"({"type":"custom-title","customTitle":"C"})").title == "C");
    const Entry& ai = parse_ok(*parser, storage, R"({"type": "ai-title", "aiTitle": "A", "sessionId": "s"})");
    CHECK(ai.kind == EntryKind::ai_title);
    CHECK(ai.title == "A");
    const Entry& boundary = parse_ok(
        *parser, storage,
        R"({"type":"system","subtype":"compact_boundary","content":"Conversation compacted","compactMetadata":{"trigger":"auto","preTokens":155000}})");
    CHECK(boundary.kind == EntryKind::system);
    CHECK(boundary.subtype == "compact_boundary");
    CHECK(boundary.compact_trigger == "auto");
    CHECK(boundary.compact_pre_tokens == 155000);
    const Entry& other = parse_ok(*parser, storage, R"({"type":"brand-new","message":"not an object"})");
    CHECK(other.kind == EntryKind::other);
    CHECK(other.type == "brand-new");
}

TEST_CASE("entry parser rejects corrupt lines and invalid UTF-8", "[tools][transcripts]") {
    auto parser = EntryParser::create();
    CHECK(parse_fails(*parser, R"({"type":"user","message":{"content":"unterminated)"));
    CHECK(parse_fails(*parser, R"({"type":"user","message":{"content":"x"})"));
    CHECK(parse_fails(*parser, "{\"type\":\"user\",\"message\":{\"content\":\"bad \xff\xfe bytes\"}}"));
    CHECK(parse_fails(*parser, "42"));
    CHECK(parse_fails(*parser, "[1,2]"));
    CHECK(parse_fails(*parser, ""));
    // and the parser still works afterwards
    std::string storage;
    CHECK(parse_ok(*parser, storage, R"({"type":"user","uuid":"ok"})").uuid == "ok");
}

TEST_CASE("entry parser reads keys written with escapes as the keys they spell", "[tools][transcripts]") {
    auto parser = EntryParser::create();
    std::string storage;
    // What a JSON library would read: "\u0074ype" is type, "m\u0065ssage" is message.
    const std::string line =
        R"({"\u0074ype":"user","uuid":"u9","m\u0065ssage":{"role":"user","c\u006fntent":"escaped keys"},)"
        R"("is\u004deta":true,"ty\"pe":"assistant"})";
    const Entry& entry = parse_ok(*parser, storage, line);
    CHECK(entry.kind == EntryKind::user);
    CHECK(entry.uuid == "u9");
    CHECK(entry.is_meta);
    REQUIRE(entry.blocks.size() == 1);
    CHECK(entry.blocks[0].text == "escaped keys");
}
