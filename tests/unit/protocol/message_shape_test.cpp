// The pre-scan that refuses deep or huge messages before a DOM is built, and how parse_line answers.
#include "protocol/message_shape.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "protocol/jsonrpc.hpp"
#include "protocol/schema_validator.hpp"

using protocol::Json;

namespace {

std::string nested(std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("check_shape counts nesting outside strings only", "[protocol][shape]") {
    CHECK_FALSE(protocol::check_shape(nested(protocol::max_nesting_depth)));
    CHECK(protocol::check_shape(nested(protocol::max_nesting_depth + 1)));
    // Brackets inside strings, even after escaped quotes, are text.
    const std::string in_string = "{\"a\":\"\\\"" + nested(1000) + "\"}";
    CHECK_FALSE(protocol::check_shape(in_string));
    // An escaped backslash ends before the quote: the string closes, the brackets after it count.
    const std::string after_string = "[\"\\\\\"," + nested(protocol::max_nesting_depth) + "]";
    CHECK(protocol::check_shape(after_string));
}

TEST_CASE("check_shape bounds the number of values", "[protocol][shape]") {
    std::string many = "[";
    for (std::size_t i = 0; i < protocol::max_json_values; ++i) {
        many += "{},";
    }
    many += "{}]";
    const auto problem = protocol::check_shape(many);
    REQUIRE(problem);
    CHECK_THAT(*problem, Catch::Contains("JSON values"));
    CHECK_FALSE(
        protocol::check_shape("[" + std::string(50'000'000, ' ') + "\"" + std::string(1000, ',') + "\"]"));
}

TEST_CASE("a too deep request is refused with its id, a too deep notification silently",
          "[protocol][shape]") {
    const std::string deep = nested(300'000);
    const auto request = protocol::parse_line(
        R"({"jsonrpc":"2.0","id":"r1","method":"tools/call","params":{"a":)" + deep + "}}");
    REQUIRE(request.reply);
    CHECK((*request.reply)["id"] == "r1");
    CHECK((*request.reply)["error"]["code"] == protocol::error_code::invalid_request);

    const auto notification =
        protocol::parse_line(R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":)" +
                             nested(50'000) + "}}");
    CHECK_FALSE(notification.reply);
    CHECK(notification.refused_notification);
    CHECK(notification.messages.empty());

    const auto batch = protocol::parse_line("[" + deep + "]");
    REQUIRE(batch.reply);
    CHECK((*batch.reply)["id"].is_null());
}

TEST_CASE("an integral number written with a fraction is an integer", "[protocol][schema]") {
    const Json schema = {{"type", "object"},
                         {"properties", {{"n", {{"type", "integer"}, {"minimum", 1}, {"maximum", 20000}}}}}};
    CHECK_FALSE(protocol::validate(Json::parse(R"({"n":5000.0})"), schema));
    CHECK(protocol::validate(Json::parse(R"({"n":5000.5})"), schema));
    CHECK(protocol::validate(Json::parse(R"({"n":1e300})"), schema));
    CHECK(protocol::validate(Json::parse(R"({"n":"5000"})"), schema));
}
