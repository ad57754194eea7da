// The UTF-8 helpers against byte-at-a-time references written from their contracts, on generated
// text that mixes long ASCII runs (the fast paths' case) with every kind of valid and invalid
// sequence and every whitespace character, at every alignment.
#include "tools/core/utf8.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

namespace {

std::string reference_sanitize(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const tools::CodePoint c = tools::decode_utf8(text, i);
        out += c.valid ? std::string(text.substr(i, c.bytes)) : std::string("\xEF\xBF\xBD");
        i += c.bytes;
    }
    return out;
}

std::string_view reference_prefix_chars(std::string_view text, std::size_t max_chars) {
    std::size_t i = 0;
    for (std::size_t count = 0; i < text.size() && count < max_chars; ++count) {
        i += tools::decode_utf8(text, i).bytes;
    }
    return text.substr(0, i);
}

std::string reference_collapse(std::string_view text) {
    std::string out;
    bool pending = false;
    for (const char c : text) {
        if (std::string_view(" \t\n\v\f\r").find(c) != std::string_view::npos) {
            pending = !out.empty();
            continue;
        }
        if (pending) {
            out += ' ';
            pending = false;
        }
        out += c;
    }
    return out;
}

std::string random_text(std::mt19937_64& random) {
    static const std::vector<std::string> pieces = {"a",
                                                    "word ",
                                                    "0123456789abcdef",
                                                    "the quick brown fox jumps over the lazy dog ",
                                                    " ",
                                                    "  ",
                                                    "\t",
                                                    "\n",
                                                    "\v",
                                                    "\f",
                                                    "\r",
                                                    "\r\n",
                                                    std::string(1, '\0'),
                                                    "\x7f",
                                                    "\xC3\xA9",
                                                    "\xE2\x86\x92",
                                                    "\xF0\x9F\x98\x80",
                                                    "\xEF\xBF\xBD",
                                                    "\xC0\xAF",
                                                    "\xED\xA0\x80",
                                                    "\xF4\x90\x80\x80",
                                                    "\xE2\x82",
                                                    "\xC3",
                                                    "\x80",
                                                    "\xFF",
                                                    "\xF8"};
    std::string text;
    for (std::size_t n = random() % 30; n > 0; --n) {
        text += pieces[random() % pieces.size()];
        if (random() % 4 == 0) {
            text += std::string(random() % 40, static_cast<char>('a' + random() % 26));
        }
    }
    return text;
}

}  // namespace

TEST_CASE("the UTF-8 helpers agree with byte-at-a-time references", "[tools][core]") {
    std::mt19937_64 random(17);
    for (int round = 0; round < 5000; ++round) {
        const std::string text = random_text(random);
        INFO(round);
        REQUIRE(tools::sanitize_utf8(text) == reference_sanitize(text));
        REQUIRE(tools::collapse_whitespace(text) == reference_collapse(text));
        for (const std::size_t max_chars : {std::size_t{0}, std::size_t{1}, std::size_t{7}, text.size() / 2,
                                            text.size(), text.size() + 1}) {
            REQUIRE(tools::utf8_prefix_chars(text, max_chars) == reference_prefix_chars(text, max_chars));
        }
    }
}
