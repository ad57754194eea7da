// write_json against nlohmann's dump (the writer it replaces) on generated values: every byte class in
// strings (controls, quotes, backslashes, DEL, valid and invalid UTF-8 of every length), keys, numbers
// of every kind, nesting.
#include "protocol/json_writer.hpp"

#include <catch2/catch.hpp>
#include <limits>
#include <random>
#include <string>

using Json = nlohmann::json;

namespace {

std::string dumped(const Json& value) {
    return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string written(const Json& value) {
    std::string out;
    protocol::write_json(value, out);
    return out;
}

std::string random_string(std::mt19937_64& random) {
    static const std::vector<std::string> pieces = {"a",
                                                    "plain text ",
                                                    "\"",
                                                    "\\",
                                                    "/",
                                                    "\n",
                                                    "\r",
                                                    "\t",
                                                    "\b",
                                                    "\f",
                                                    std::string(1, '\0'),
                                                    "\x01",
                                                    "\x1f",
                                                    "\x7f",
                                                    "\xC3\xA9",
                                                    "\xE2\x80\xA6",
                                                    "\xF0\x9F\x98\x80",
                                                    "\xED\xA0\x80",
                                                    "\xC0\xAF",
                                                    "\xE0\x80\xAF",
                                                    "\xF4\x90\x80\x80",
                                                    "\xF8",
                                                    "\xC3",
                                                    "\xE2\x80",
                                                    "\x80",
                                                    "\xFF",
                                                    "\xEF\xBF\xBD"};
    std::string s;
    for (std::size_t n = random() % 40; n > 0; --n) {  // long enough to span 16-byte blocks
        s += pieces[random() % pieces.size()];
    }
    return s;
}

Json random_value(std::mt19937_64& random, int depth) {
    switch (random() % (depth > 3 ? 7 : 9)) {
        case 0:
            return nullptr;
        case 1:
            return random() % 2 == 0;
        case 2:
            return static_cast<std::int64_t>(random()) >> (random() % 64);
        case 3:
            return static_cast<std::uint64_t>(random());
        case 4:
            return static_cast<double>(static_cast<std::int64_t>(random() % 2000000) - 1000000) / 7.0;
        case 5:
        case 6:
            return random_string(random);
        case 7: {
            Json array = Json::array();
            for (std::size_t n = random() % 5; n > 0; --n) {
                array.push_back(random_value(random, depth + 1));
            }
            return array;
        }
        default: {
            Json object = Json::object();
            for (std::size_t n = random() % 5; n > 0; --n) {
                object[random_string(random)] = random_value(random, depth + 1);
            }
            return object;
        }
    }
}

}  // namespace

TEST_CASE("write_json writes what nlohmann's dump writes", "[protocol]") {
    std::mt19937_64 random(11);
    for (int round = 0; round < 3000; ++round) {
        const Json value = random_value(random, 0);
        INFO(dumped(value));
        REQUIRE(written(value) == dumped(value));
    }
    for (const Json& edge :
         {Json(std::numeric_limits<std::int64_t>::min()), Json(std::numeric_limits<std::uint64_t>::max()),
          Json(0.1), Json(-0.0), Json(1e300),
          Json(std::string(100000, 'x') + "\"\n" + std::string(100000, '\xC3'))}) {
        CHECK(written(edge) == dumped(edge));
    }
    // Each kind of byte that needs a look, at every place in an 8-byte word and next to one.
    for (const std::string& special : std::vector<std::string>{"\"", "\\", "\n", std::string(1, '\0'), "\x1f",
                                                               "\x7f", "\xC3\xA9", "\xFF"}) {
        for (std::size_t before = 0; before < 17; ++before) {
            const Json value(std::string(before, 'a') + special + std::string(before % 9, ' ') + special +
                             std::string(20, '~'));
            CHECK(written(value) == dumped(value));
        }
    }
}

TEST_CASE("a value already serialised is written as it is, wherever it sits", "[protocol]") {
    std::mt19937_64 random(5);
    for (int round = 0; round < 500; ++round) {
        const Json value = random_value(random, 0);
        const std::string text = written(value);
        INFO(text);
        // As a tool result holds it: beside its own serialisation, inside an object and an array.
        Json spliced{{"a", protocol::serialized_json(text)},
                     {"b", Json::array({protocol::serialized_json(text)})},
                     {"text", text}};
        Json plain{{"a", value}, {"b", Json::array({value})}, {"text", text}};
        REQUIRE(written(spliced) == dumped(plain));
    }
    // Other binary values are still written as nlohmann writes them.
    const Json binary = Json::binary({1, 2, 3}, 7);
    CHECK(written(binary) == dumped(binary));
}
