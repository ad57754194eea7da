#include "tools/secrets/keyword_index.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <utility>

#include "fake_secrets.hpp"

using tools::secrets::Keyword;
using tools::secrets::KeywordIndex;

namespace {

std::set<std::pair<std::size_t, std::size_t>> hits(const KeywordIndex& index, const std::string& text) {
    std::set<std::pair<std::size_t, std::size_t>> out;
    index.find(text,
               [&](std::size_t keyword, std::size_t begin) { CHECK(out.emplace(keyword, begin).second); });
    return out;
}

// Case-insensitive keywords without word or prose conditions, one per word.
KeywordIndex plain_index(const std::vector<std::string>& words) {
    std::vector<Keyword> keywords;
    keywords.reserve(words.size());
    for (const auto& w : words) {
        keywords.push_back({w, false, false, false});
    }
    return KeywordIndex(std::move(keywords));
}

// What plain_index(words) must find in text, by searching each word in the lower-cased text.
std::set<std::pair<std::size_t, std::size_t>> naive_hits(const std::vector<std::string>& words,
                                                         const std::string& text) {
    std::string lower = text;
    for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::set<std::pair<std::size_t, std::size_t>> out;
    for (std::size_t k = 0; k < words.size(); ++k) {
        for (std::size_t at = lower.find(words[k]); at != std::string::npos;
             at = lower.find(words[k], at + 1)) {
            out.emplace(k, at);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("keyword index finds every occurrence, case-folded, overlapping ones too", "[tools][secrets]") {
    const KeywordIndex index(
        {{"token", false, false, false}, {"ken", false, false, false}, {"AKIA", true, false, false}});
    const auto found = hits(index, "TOKEN tokens akia AKIA");
    CHECK(found == std::set<std::pair<std::size_t, std::size_t>>{{0, 0}, {1, 2}, {0, 6}, {1, 8}, {2, 18}});
}

TEST_CASE("keyword index honours word start, word end and prose flags", "[tools][secrets]") {
    const KeywordIndex index(
        {{"pw", false, true, true}, {"token", false, false, true}, {"key", false, true, false, true}});
    CHECK(hits(index, "db_pw=1 xpw=2 pwned").size() == 1);            // only db_pw
    CHECK(hits(index, "input_tokens authToken token_").size() == 2);  // not "tokens"
    CHECK(hits(index, "api key, cache_key, a.key").size() == 1);      // prose: only "key" after a space
}

TEST_CASE("keyword index agrees with a naive search on long random text", "[tools][secrets]") {
    const std::vector<std::string> words = {"ab", "abc", "bca", "cab", "aaaa", "b"};
    const KeywordIndex index = plain_index(words);
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        const std::string text = secrets_test::random_chars("abcABC ", 20000 + seed * 77, seed);
        CHECK(hits(index, text) == naive_hits(words, text));
    }
}

TEST_CASE("keyword index agrees with a naive search for many overlapping keywords", "[tools][secrets]") {
    // Enough keywords over a small alphabet that the automaton is deep, most states inherit keywords
    // through their failure links, and its rows are reordered through long cycles.
    std::vector<std::string> words;
    for (std::uint64_t seed = 1; words.size() < 80; ++seed) {
        std::string word = secrets_test::random_chars("abcd", 1 + seed % 7, seed);
        if (std::find(words.begin(), words.end(), word) == words.end()) {
            words.push_back(std::move(word));
        }
    }
    const std::string text = secrets_test::random_chars("abcdABCD e", 50000, 11);
    const auto expected = naive_hits(words, text);
    CHECK(expected.size() > 10000);
    CHECK(hits(plain_index(words), text) == expected);
}
