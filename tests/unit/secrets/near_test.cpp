// The prose rules' looks after a keyword (near.hpp): which connectors count, where the line's window of
// 110 bytes ends, and which bytes end it early.
#include "tools/secrets/near.hpp"

#include <catch2/catch.hpp>
#include <string>

using tools::secrets::near_prose_connector;
using tools::secrets::near_prose_quote;

namespace {

// The hit is the first "key" of text.
bool connector(const std::string& text) {
    const std::size_t begin = text.find("key");
    return near_prose_connector(text, begin, begin + 3);
}

bool quote(const std::string& text) {
    const std::size_t begin = text.find("key");
    return near_prose_quote(text, begin, begin + 3);
}

}  // namespace

TEST_CASE("a connector is a verb standing as a word, a sign or an arrow, with a value in reach",
          "[secrets]") {
    CHECK(connector("the api key is hunter2hunter2"));
    CHECK(connector("the api key for staging was set: hunter2hunter2"));
    CHECK(connector("the api key ARE hunter2hunter2"));
    CHECK(connector("key=hunter2hunter2"));
    CHECK(connector("key -> hunter2hunter2"));
    CHECK(connector("keyis hunter2hunter2"));  // the window starts a word where the keyword ends
    CHECK_FALSE(connector("the api key this hunter2hunter2"));  // "is" inside a word
    CHECK_FALSE(connector("the api key island hunter2hunter2"));
    CHECK_FALSE(connector("the key-value store hunter2hunter2"));  // a dash that is no arrow
    CHECK_FALSE(connector("the api key is reported"));             // no value the check could take
    CHECK_FALSE(connector("key"));
}

TEST_CASE("a connector counts only before the line's end, a quote or a brace", "[secrets]") {
    CHECK_FALSE(connector("the api key \"is\" hunter2hunter2"));
    CHECK_FALSE(connector("the api key { is } hunter2hunter2"));
    CHECK_FALSE(connector("the api key\nis hunter2hunter2"));
    CHECK(connector("the api key hunter2hunter2 is \"x\""));
}

TEST_CASE("a connector counts within 110 bytes after the keyword, an arrow only whole", "[secrets]") {
    // The value right after the keyword, the connector pushed to the window's edge.
    const std::string head = "key hunter2hunter2";
    const auto at = [&](std::size_t offset, const std::string& connector_text) {
        std::string text = head;
        text.resize(3 + offset, ' ');
        return text + connector_text + " tail";
    };
    CHECK(connector(at(108, "->")));
    CHECK_FALSE(connector(at(109, "->")));  // '>' is the 111th byte
    CHECK(connector(at(109, "=")));
    CHECK_FALSE(connector(at(110, "=")));
    CHECK(connector(at(107, " is")));
    CHECK_FALSE(connector(at(108, " is")));  // only "i" falls inside
}

TEST_CASE("a quoted value is a backtick or a parenthesis before the line's end", "[secrets]") {
    CHECK(quote("the refresh key `abc` expired"));
    CHECK(quote("the refresh key (abc) expired"));
    CHECK_FALSE(quote("the refresh key \"x\" `abc`"));
    CHECK_FALSE(quote("the refresh key\n`abc`"));
    CHECK_FALSE(quote("the refresh key abc"));
    CHECK_FALSE(quote("the refresh key" + std::string(110, ' ') + "`abc`"));
    CHECK(quote("the refresh key" + std::string(109, ' ') + "`abc`"));
}
