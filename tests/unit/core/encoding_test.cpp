#include <catch2/catch.hpp>

#include "tools/core/base64.hpp"
#include "tools/core/hash.hpp"

TEST_CASE("base64url matches RFC 4648 without padding", "[tools][core]") {
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},          {"foo", "Zm9v"},
        {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}, {"\xfb\xff", "-_8"},
    };
    for (const auto& [plain, encoded] : vectors) {
        INFO(encoded);
        CHECK(tools::base64url_encode(plain) == encoded);
        CHECK(tools::base64url_decode(encoded) == std::optional<std::string>(plain));
    }
}

TEST_CASE("base64url decoding accepts only what encoding produces", "[tools][core]") {
    for (const char* bad : {"Z", "Zm9vY", "Zh", "Zm9=", "Zm9v+", "Zm9v/", "Zm 9v", "Zm9\n"}) {
        INFO(bad);
        CHECK_FALSE(tools::base64url_decode(bad));
    }
}

TEST_CASE("the stable hash is 64-bit FNV-1a", "[tools][core]") {
    CHECK(tools::stable_hash("") == 0xcbf29ce484222325ull);
    CHECK(tools::stable_hash("a") == 0xaf63dc4c8601ec8cull);
    CHECK(tools::stable_hash("foobar") == 0x85944171f73967e8ull);
    CHECK(tools::stable_hash_hex("") == "cbf29ce484222325");
    CHECK(tools::stable_hash_hex("a") == "af63dc4c8601ec8c");
}
