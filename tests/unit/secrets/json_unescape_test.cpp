#include "tools/secrets/json_unescape.hpp"

#include <catch2/catch.hpp>
#include <string>

using tools::secrets::DecodedText;

TEST_CASE("text without escapes is scanned as is, with identity offsets", "[tools][secrets]") {
    const std::string original = "plain text, no backslash";
    const DecodedText decoded(original);
    CHECK(decoded.text() == original);
    CHECK(decoded.text().data() == original.data());  // no copy
    CHECK(decoded.to_original_begin(6) == 6);
    CHECK(decoded.to_original_end(10) == 10);
}

TEST_CASE("JSON escapes are undone and offsets map back over them", "[tools][secrets]") {
    const std::string original = R"(a\"b\ncd\\e\u00e9f\ud83d\ude00g)";
    const DecodedText decoded(original);
    CHECK(decoded.text() ==
          "a\"b\ncd\\e\xC3\xA9"
          "f\xF0\x9F\x98\x80g");
    // 'b' is decoded[2], original[3]; 'c' decoded[4], original[6].
    CHECK(decoded.to_original_begin(2) == 3);
    CHECK(decoded.to_original_begin(4) == 6);
    // The span "\n" (decoded[3, 4)) covers the whole escape in the original.
    CHECK(decoded.to_original_begin(3) == 4);
    CHECK(decoded.to_original_end(4) == 6);
    // A position inside the UTF-8 output of \u00e9 maps to the escape, never splits it.
    const std::size_t e_acute = decoded.text().find('\xC3');
    CHECK(decoded.to_original_begin(e_acute + 1) == original.find("\\u00e9"));
    CHECK(decoded.to_original_end(e_acute + 1) == original.find("\\u00e9") + 6);
    // The surrogate pair is one 12-byte escape.
    const std::size_t g = decoded.text().find('g');
    CHECK(decoded.to_original_begin(g) == original.find('g'));
}

TEST_CASE("backslashes that are not JSON escapes are kept", "[tools][secrets]") {
    const std::string original = R"(C:\Users\dana and password\s*[:=] and \ud800 lone)";
    const DecodedText decoded(original);
    CHECK(decoded.text() == original);
    CHECK(decoded.to_original_begin(20) == 20);
}

TEST_CASE("a trailing backslash or a truncated u-escape does not crash", "[tools][secrets]") {
    for (const std::string& original : {std::string("abc\\"), std::string("abc\\u12"), std::string("\\"),
                                        std::string("\\n\\"), std::string("\\u")}) {
        const DecodedText decoded(original);
        CHECK(decoded.to_original_end(decoded.text().size()) == original.size());
    }
}
