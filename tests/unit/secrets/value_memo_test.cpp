// ValueMemo never answers for a key what was computed for another (a full compare behind the hash),
// computes a key again only after its slot was taken, and never stores an oversized key.
#include "tools/secrets/value_memo.hpp"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

using tools::secrets::ValueMemo;

namespace {

// What a lookup is expected to return: every part of the key, told apart.
std::string describe(std::uint32_t rule, std::string_view a, std::string_view b) {
    return std::to_string(rule) + "|" + std::string(a) + "|" + std::to_string(a.size()) + "|" +
           std::string(b);
}

}  // namespace

TEST_CASE("value memo answers each key with what was computed for that key", "[tools][secrets]") {
    ValueMemo memo;
    std::mt19937 random(11);
    // A small alphabet and short parts: many keys share bytes, hashes and slots, and pairs such as
    // ("ab", "c") and ("a", "bc") concatenate alike.
    const auto part = [&] {
        std::string s;
        for (std::size_t n = random() % 3; n > 0; --n) {
            s.push_back("ab\0c"[random() % 4]);
        }
        return s;
    };
    std::size_t computed = 0;
    for (int round = 0; round < 20000; ++round) {
        const auto rule = static_cast<std::uint32_t>(random() % 2);
        const std::string a = part();
        const std::string b = part();
        const std::string expected = describe(rule, a, b);
        const auto got = memo.get(ValueMemo::Key{rule, {a, b}}, [&](std::string& out) {
            ++computed;
            out = expected;
        });
        REQUIRE(got == expected);
    }
    // 2 * 21 * 21 distinct keys, fewer than the slots: most lookups were answered from the memo.
    CHECK(computed < 10000);
}

TEST_CASE("value memo computes a repeated key once until another key takes its slot", "[tools][secrets]") {
    ValueMemo memo;
    int computed = 0;
    const auto lookup = [&](std::string_view value) {
        return std::string(memo.get(ValueMemo::Key{7, {value}}, [&](std::string& out) {
            ++computed;
            out = "verdict for " + std::string(value);
        }));
    };
    for (int i = 0; i < 100; ++i) {
        CHECK(lookup("hunter2hunter2") == "verdict for hunter2hunter2");
    }
    CHECK(computed == 1);
    // More distinct keys than slots: some of them must have replaced the first one.
    for (std::size_t i = 0; i < 4 * ValueMemo::kSlots; ++i) {
        const std::string value = "value-" + std::to_string(i);
        CHECK(lookup(value) == "verdict for " + value);
    }
    const int before = computed;
    CHECK(lookup("hunter2hunter2") == "verdict for hunter2hunter2");
    CHECK(computed - before <= 1);
}

TEST_CASE("value memo computes a key longer than kMaxKey every time", "[tools][secrets]") {
    ValueMemo memo;
    const std::string long_value(ValueMemo::kMaxKey + 1, 'x');
    int computed = 0;
    for (int i = 0; i < 3; ++i) {
        const auto got = memo.get(ValueMemo::Key{1, {long_value}}, [&](std::string& out) {
            ++computed;
            out = "long";
        });
        CHECK(got == "long");
    }
    CHECK(computed == 3);
}
