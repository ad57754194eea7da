#include "protocol/jsonrpc.hpp"

#include <catch2/catch.hpp>

#include "protocol/schema_validator.hpp"
#include "protocol/versions.hpp"

using protocol::Json;

namespace {

int error_code_of(const protocol::ParsedLine& parsed) {
    if (parsed.reply) {
        return (*parsed.reply)["error"]["code"].get<int>();
    }
    const auto* invalid = std::get_if<protocol::InvalidMessage>(&parsed.messages.front());
    REQUIRE(invalid != nullptr);
    return invalid->reply["error"]["code"].get<int>();
}

}  // namespace

TEST_CASE("a request, a notification and a client response are told apart", "[protocol][jsonrpc]") {
    auto request = protocol::parse_line(R"({"jsonrpc":"2.0","id":7,"method":"tools/list"})");
    REQUIRE(std::holds_alternative<protocol::Request>(request.messages.front()));
    CHECK(std::get<protocol::Request>(request.messages.front()).params == Json::object());

    auto notification = protocol::parse_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
    CHECK(std::holds_alternative<protocol::Notification>(notification.messages.front()));

    auto response = protocol::parse_line(R"({"jsonrpc":"2.0","id":"s1","result":{}})");
    CHECK(std::holds_alternative<protocol::ClientResponse>(response.messages.front()));
}

TEST_CASE("malformed lines get the JSON-RPC error the spec names", "[protocol][jsonrpc]") {
    SECTION("unparsable JSON is -32700 with a null id") {
        auto parsed = protocol::parse_line(R"({"jsonrpc":"2.0","id":1,"method":)");
        REQUIRE(parsed.reply);
        CHECK((*parsed.reply)["id"].is_null());
        CHECK(error_code_of(parsed) == -32700);
    }
    SECTION("invalid UTF-8 is a parse error, not a crash") {
        CHECK(error_code_of(protocol::parse_line("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\"}")) ==
              -32700);
    }
    SECTION("a missing jsonrpc member is -32600 and keeps the id") {
        auto parsed = protocol::parse_line(R"({"id":3,"method":"ping"})");
        CHECK(error_code_of(parsed) == -32600);
        CHECK(std::get<protocol::InvalidMessage>(parsed.messages.front()).reply["id"] == 3);
    }
    SECTION("a null or fractional id is -32600") {
        CHECK(error_code_of(protocol::parse_line(R"({"jsonrpc":"2.0","id":null,"method":"ping"})")) ==
              -32600);
        CHECK(error_code_of(protocol::parse_line(R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})")) == -32600);
    }
    SECTION("a non-object message and an empty batch are -32600") {
        CHECK(error_code_of(protocol::parse_line("42")) == -32600);
        CHECK(error_code_of(protocol::parse_line("[]")) == -32600);
    }
    SECTION("params that are not an object are -32602") {
        CHECK(error_code_of(protocol::parse_line(
                  R"({"jsonrpc":"2.0","id":1,"method":"ping","params":[1]})")) == -32602);
    }
}

TEST_CASE("batches are split into their messages", "[protocol][jsonrpc]") {
    auto parsed = protocol::parse_line(R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"bad":true}])");
    CHECK(parsed.is_batch);
    REQUIRE(parsed.messages.size() == 2);
    CHECK(std::holds_alternative<protocol::Request>(parsed.messages[0]));
    CHECK(std::holds_alternative<protocol::InvalidMessage>(parsed.messages[1]));
}

TEST_CASE("serialized messages are one line even with newlines and bad UTF-8 inside", "[protocol][jsonrpc]") {
    Json message = protocol::make_result(1, Json{{"text", std::string("a\nb\xff")}});
    const std::string line = protocol::serialize(message);
    CHECK(line.find('\n') == std::string::npos);
    CHECK(Json::parse(line)["result"]["text"] == "a\nb\xEF\xBF\xBD");
}

TEST_CASE("version negotiation", "[protocol][versions]") {
    CHECK(protocol::negotiate_legacy("2025-06-18") == "2025-06-18");
    CHECK(protocol::negotiate_legacy("2025-03-26") == "2025-03-26");
    CHECK(protocol::negotiate_legacy("2024-11-05") == "2025-11-25");
    CHECK(protocol::negotiate_legacy("2026-07-28") == "2025-11-25");
    CHECK(protocol::negotiate_legacy("nonsense") == "2025-11-25");
    CHECK(protocol::traits_of("2025-03-26").allows_batches);
    CHECK_FALSE(protocol::traits_of("2025-06-18").allows_batches);
    CHECK(protocol::traits_of("2026-07-28").stateless);
    CHECK(protocol::supported_versions().front() == "2026-07-28");
}

TEST_CASE("schema validation names the offending field", "[protocol][schema]") {
    const Json schema = Json::parse(R"({
        "type": "object",
        "properties": {
            "session_id": {"type": "string", "minLength": 1},
            "max_tokens": {"type": "integer", "minimum": 1000, "maximum": 20000},
            "mode": {"type": "string", "enum": ["summary", "none"]},
            "tags": {"type": "array", "items": {"type": "string"}}
        },
        "required": ["session_id"],
        "additionalProperties": false
    })");
    CHECK_FALSE(protocol::validate(Json{{"session_id", "abc"}}, schema));
    CHECK(*protocol::validate(Json::object(), schema) == "session_id: is required");
    CHECK(protocol::validate(Json{{"session_id", "a"}, {"max_tokens", 50000}}, schema)->find("max_tokens") ==
          0);
    CHECK(protocol::validate(Json{{"session_id", "a"}, {"max_tokens", "big"}}, schema)->find("max_tokens") ==
          0);
    CHECK(protocol::validate(Json{{"session_id", "a"}, {"mode", "all"}}, schema)->find("mode") == 0);
    CHECK(protocol::validate(Json{{"session_id", "a"}, {"extra", 1}}, schema)->find("extra: unknown field") ==
          0);
    CHECK(protocol::validate(Json{{"session_id", "a"}, {"tags", {"x", 2}}}, schema)->find("tags[1]") == 0);
    CHECK(protocol::validate(Json{{"session_id", ""}}, schema)->find("session_id") == 0);
}
