// read_json against nlohmann's parse (the reader it speeds up): the same value or the same refusal,
// on texts chosen for where simdjson and nlohmann could part (numbers at the edges of 64 bits,
// surrogates, invalid UTF-8, repeated keys, nesting, size) and on generated texts cut and altered
// byte by byte.
#include "protocol/json_reader.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "protocol/message_shape.hpp"

using Json = nlohmann::json;

namespace {

// Both refuse the text, or both read it and the values serialise alike (types included: 1 and 1.0
// compare equal in nlohmann but serialise apart).
void require_same_as_nlohmann(const std::string& text) {
    INFO("text: " << Json(text).dump(-1, ' ', true, Json::error_handler_t::replace));
    const Json expected = Json::parse(text, nullptr, false);
    const Json read = protocol::read_json(text);
    REQUIRE(read.is_discarded() == expected.is_discarded());
    if (!expected.is_discarded()) {
        REQUIRE(read.dump(-1, ' ', false, Json::error_handler_t::replace) ==
                expected.dump(-1, ' ', false, Json::error_handler_t::replace));
    }
}

std::string random_text(std::mt19937_64& random, int depth) {
    static const std::vector<std::string> atoms = {"0",
                                                   "-0",
                                                   "1",
                                                   "-1",
                                                   "1.0",
                                                   "-0.0",
                                                   "1e2",
                                                   "1E-2",
                                                   "0.1",
                                                   "9223372036854775807",
                                                   "9223372036854775808",
                                                   "-9223372036854775808",
                                                   "-9223372036854775809",
                                                   "18446744073709551615",
                                                   "18446744073709551616",
                                                   "1e400",
                                                   "1e-400",
                                                   "true",
                                                   "false",
                                                   "null",
                                                   "\"\"",
                                                   "\"a\\\"b\"",
                                                   "\"\\u00e9\"",
                                                   "\"\\ud83d\\ude00\"",
                                                   "\"\\ud800\"",
                                                   "\"\\udc00x\"",
                                                   "\"\\u0000\"",
                                                   "\"\xC3\xA9\"",
                                                   "\"\xED\xA0\x80\"",
                                                   "\"\xFF\"",
                                                   "\"tab\there\"",
                                                   "\"\\/\\b\\f\\n\\r\\t\""};
    switch (random() % (depth > 3 ? 4 : 6)) {
        case 4: {
            std::string array = "[";
            for (std::size_t n = random() % 4; n > 0; --n) {
                array += random_text(random, depth + 1) + (n > 1 ? "," : "");
            }
            return array + "]";
        }
        case 5: {
            std::string object = "{";
            for (std::size_t n = random() % 4; n > 0; --n) {
                const char* key = random() % 3 == 0 ? "\"k\"" : (random() % 2 ? "\"id\"" : "\"\\u006b\"");
                object += std::string(key) + ":" + random_text(random, depth + 1) + (n > 1 ? "," : "");
            }
            return object + "}";
        }
        default:
            return atoms[random() % atoms.size()];
    }
}

}  // namespace

TEST_CASE("read_json reads what nlohmann reads, and refuses what it refuses", "[protocol]") {
    for (const std::string& text :
         std::vector<std::string>{"",
                                  " ",
                                  "{}",
                                  "[]",
                                  " {\"a\" : [1, 2.5, \"x\"] }\r\n",
                                  "1 2",
                                  "[1,]",
                                  "{\"a\":1,}",
                                  "01",
                                  "{\"a\":tru}",
                                  "{\"a\":1,\"a\":2}",
                                  "{\"a\":{\"b\":1},\"a\":[3]}",
                                  "\"\\uDC00\"",
                                  "\"\\uD800\"",
                                  "\"\\uD800\\u0041\"",
                                  "\"\\uD83D\\uDE00\"",
                                  "-0",
                                  "-0.0",
                                  "1e400",
                                  "-1e400",
                                  "1e-400",
                                  "18446744073709551616",
                                  "-9223372036854775809",
                                  "9223372036854775808",
                                  "\"a\x01\"",
                                  "\"\xFF\"",
                                  "\"\xED\xA0\x80\"",
                                  "\"\xC0\xAF\"",
                                  "\"\\u0000\"",
                                  "\xEF\xBB\xBF{}",
                                  "{}\x00",
                                  std::string("{\"a\":\"\0\"}", 9),
                                  "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}",
                                  "nul",
                                  "[1e2, 1E+2, 0.000001, 123456789012345678901234567890]",
                                  "\"\\x\"",
                                  "{\"a\" 1}",
                                  "[\"a\"\"b\"]"}) {
        require_same_as_nlohmann(text);
    }
}

TEST_CASE("read_json agrees with nlohmann on generated texts, whole and altered", "[protocol]") {
    std::mt19937_64 random(29);
    static const std::string bytes = "{}[],:\" \\0-1eE.+tfnu\xC3\xA9\xFF\x01";
    for (int round = 0; round < 4000; ++round) {
        std::string text = random_text(random, 0);
        require_same_as_nlohmann(text);
        if (text.empty()) {
            continue;
        }
        const std::size_t at = random() % text.size();
        switch (random() % 3) {
            case 0:
                text.erase(at, 1 + random() % 3);
                break;
            case 1:
                text.insert(at, 1, bytes[random() % bytes.size()]);
                break;
            default:
                text[at] = bytes[random() % bytes.size()];
                break;
        }
        require_same_as_nlohmann(text);
    }
}

TEST_CASE("read_json reads deep and long texts as nlohmann does", "[protocol]") {
    const std::size_t deep = protocol::max_nesting_depth + 10;
    require_same_as_nlohmann(std::string(deep, '[') + std::string(deep, ']'));
    require_same_as_nlohmann(std::string(deep, '[') + std::string(deep - 1, ']'));
    const std::string long_string = "\"" + std::string(protocol::fast_read_limit, 'x') + "\"";
    require_same_as_nlohmann(long_string);
    require_same_as_nlohmann("[" + long_string + ",1]");
    require_same_as_nlohmann("[" + long_string + ",1");
    // Just under and over the limit, with the end of the text where a read past it would go wrong.
    for (const std::size_t size : {protocol::fast_read_limit - 2, protocol::fast_read_limit - 1}) {
        const std::string text = "\"" + std::string(size - 1, 'y') + "\"";
        require_same_as_nlohmann(text);
        require_same_as_nlohmann(text.substr(0, text.size() - 1));
    }
}
