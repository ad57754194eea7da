#include "tools/secrets/needle_set.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>

using tools::secrets::NeedleSet;

namespace {

std::string lower(std::string s) {
    for (char& c : s) {
        c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    return s;
}

}  // namespace

TEST_CASE("needle set agrees with a search per needle, with and without case folding", "[tools][secrets]") {
    const std::initializer_list<std::string_view> needles = {"ab",  "abc",          "ba", "c",
                                                             "xyz", "\xE2\x80\xA6", "::"};
    const NeedleSet folded(needles, true);
    const NeedleSet exact(needles, false);
    const std::string alphabet = "abcABCxyzXYZ:.\xE2\x80\xA6";
    std::mt19937 random(7);
    std::size_t hits = 0;
    for (int round = 0; round < 5000; ++round) {
        std::string value;
        for (std::size_t n = random() % 7; n > 0; --n) {
            value.push_back(alphabet[random() % alphabet.size()]);
        }
        bool in_exact = false, in_folded = false, starts_exact = false, starts_folded = false;
        for (const std::string_view n : needles) {
            in_exact = in_exact || value.find(n) != std::string::npos;
            in_folded = in_folded || lower(value).find(n) != std::string::npos;
            starts_exact = starts_exact || std::string_view(value).starts_with(n);
            starts_folded = starts_folded || std::string_view(lower(value)).starts_with(n);
        }
        INFO(value);
        CHECK(exact.found_in(value) == in_exact);
        CHECK(folded.found_in(value) == in_folded);
        CHECK(exact.starts(value) == starts_exact);
        CHECK(folded.starts(value) == starts_folded);
        hits += in_exact;
    }
    CHECK(hits > 500);  // the generator reaches both answers
    CHECK_FALSE(exact.found_in(""));
    CHECK_FALSE(exact.starts(""));
}
