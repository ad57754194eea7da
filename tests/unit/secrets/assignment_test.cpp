// The hand-written assignment matcher against RE2 running the rules' own patterns: same leftmost match,
// same name and value, from any start and to any end, on generated text built from the pattern's pieces
// and on real text (the project's test data, and ../shared's corpus and transcripts when present).
#include "tools/secrets/assignment.hpp"

#include <re2/re2.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "../support/skip.hpp"
#include "tools/secrets/rule.hpp"

namespace fs = std::filesystem;
using tools::secrets::AssignmentMatch;
using tools::secrets::find_assignment;
using tools::secrets::Rule;

namespace {

struct Compiled {
    Rule rule;
    std::unique_ptr<RE2> regex;
};

std::vector<Compiled> assignment_rules() {
    std::vector<Compiled> out;
    for (Rule& rule : tools::secrets::all_rules()) {
        if (rule.assignment_words.empty()) {
            continue;
        }
        RE2::Options options;
        options.set_encoding(RE2::Options::EncodingLatin1);  // as the scanner compiles them
        options.set_log_errors(false);
        auto regex =
            std::make_unique<RE2>(re2::StringPiece(rule.pattern.data(), rule.pattern.size()), options);
        REQUIRE(regex->ok());
        REQUIRE(regex->NumberOfCapturingGroups() == 2);
        out.push_back({std::move(rule), std::move(regex)});
    }
    return out;
}

// "name value begin end" of RE2's match, or "none".
std::string by_regex(const Compiled& c, std::string_view text, std::size_t pos, std::size_t to) {
    re2::StringPiece groups[3];
    if (!c.regex->Match(re2::StringPiece(text.data(), text.size()), pos, to, RE2::UNANCHORED, groups, 3)) {
        return "none";
    }
    const auto at = [&](const re2::StringPiece& g) { return std::to_string(g.data() - text.data()); };
    return at(groups[1]) + "+" + std::to_string(groups[1].size()) + " " + at(groups[2]) + "+" +
           std::to_string(groups[2].size()) + " " + at(groups[0]) + "+" + std::to_string(groups[0].size());
}

std::string by_hand(const Compiled& c, std::string_view text, std::size_t pos, std::size_t to) {
    const auto m = find_assignment(text, pos, to, c.rule.assignment_words);
    if (!m) {
        return "none";
    }
    return std::to_string(m->name_begin) + "+" + std::to_string(m->name_end - m->name_begin) + " " +
           std::to_string(m->value_begin) + "+" + std::to_string(m->value_end - m->value_begin) + " " +
           std::to_string(m->begin) + "+" + std::to_string(m->value_end - m->begin);
}

// Every match of a whole text, as the scanner walks them (from the end of one to the next), by both.
std::size_t compare_walk(const std::vector<Compiled>& rules, std::string_view text) {
    std::size_t matches = 0;
    for (const Compiled& c : rules) {
        std::size_t pos = 0;
        while (pos < text.size()) {
            const std::string expected = by_regex(c, text, pos, text.size());
            INFO(c.rule.id << " at " << pos);
            REQUIRE(by_hand(c, text, pos, text.size()) == expected);
            if (expected == "none") {
                break;
            }
            ++matches;
            // Resume inside the value, as the scanner does after a rejected one: the harder case.
            pos = std::stoul(expected.substr(expected.find(' ') + 1)) + 1;
        }
    }
    return matches;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_CASE("assignment matcher agrees with RE2 on generated text, from any start to any end",
          "[tools][secrets]") {
    const auto rules = assignment_rules();
    REQUIRE(rules.size() == 5);
    // Pieces of the pattern and of what breaks it, so that near misses are common.
    const std::vector<std::string> pieces = {
        "password", "PASS",     "Pwd",      "pw",      "secret",  "TOKEN", "api_key", "Key", "cred", "auth",
        "_",        ".",        "-",        "x",       "9",       "db",    " ",       "\t",  "\n",   "=",
        ":",        ":=",       "=>",       "\"",      "'",       "`",     "]",       "--",  "-",    "body",
        "BODY",     " --body ", " -body\t", "hunter2", "S3cr3t!", "<",     ">",       "(",   ",",    ";",
        "\\",       "\f",       "\v",       "\xE9",    "\xFF",    "{",     "}",       "[",   "$",    "@"};
    // Half the texts follow the pattern's shape (name, closers, blanks, separator, blanks, quote,
    // value), each part drawn from a few choices that fit it and some that do not.
    const std::vector<std::vector<std::string>> shape = {
        {"", " ", ":", "x", "\n", "(", "\n  "},
        {"password", "DB_PASSWORD", "api.key", "x-auth", "myToken", "secret_", "credz", "name"},
        {"", "", "\"", "']", "\"\"\"", "x"},
        {"", " ", " \t", "\n"},
        {"=", ":", ":=", "=>", " --body", "-body", "--BODY", "==", "=:", "-", " ", "x"},
        {"", " ", "\t", "  "},
        {"", "'", "\"", "`", "(", "<"},
        {"hunter2hunter2", "S3cr3t!;x", "", "a", "=", ">", "v\\", "ab cd", "\xE9\xFF"},
        {"", "\n", "\"", ";", " password=again"}};
    std::mt19937_64 random(20261202);
    std::size_t found = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string text;
        if (round % 2 == 0) {
            for (const auto& choices : shape) {
                text += choices[random() % choices.size()];
            }
        }
        const std::size_t count = random() % 14;
        for (std::size_t i = 0; i < count || text.empty(); ++i) {
            text += pieces[random() % pieces.size()];
        }
        // The whole text, then a random part of it.
        const std::size_t pos = random() % 3 == 0 ? 0 : random() % (text.size() + 1);
        const std::size_t to = pos + random() % (text.size() - pos + 1);
        for (const auto& [from, end] : {std::pair<std::size_t, std::size_t>{0, text.size()}, {pos, to}}) {
            for (const Compiled& c : rules) {
                const std::string expected = by_regex(c, text, from, end);
                INFO(c.rule.id << " on \"" << text << "\" from " << from << " to " << end);
                REQUIRE(by_hand(c, text, from, end) == expected);
                found += expected != "none";
            }
        }
    }
    CHECK(found > 3000);  // the generator reaches matches, not only misses
}

TEST_CASE("assignment matcher agrees with RE2 on the project's test data", "[tools][secrets]") {
    const auto rules = assignment_rules();
    std::size_t files = 0;
    std::size_t matches = 0;
    for (const auto& entry : fs::recursive_directory_iterator(CS_TEST_DATA_DIR)) {
        if (entry.is_regular_file() && entry.file_size() < (4u << 20)) {
            matches += compare_walk(rules, read_file(entry.path()));
            ++files;
        }
    }
    CHECK(files > 10);
    CHECK(matches > 0);
}

TEST_CASE("assignment matcher agrees with RE2 on the shared corpus and transcripts",
          "[tools][secrets][shared]") {
    const fs::path shared = test_support::shared_dir();
    if (!fs::exists(shared / "bench" / "secrets" / "positives.jsonl")) {
        CS_SKIP_TEST("../shared is absent");
    }
    const auto rules = assignment_rules();
    std::size_t matches = 0;
    for (const char* name : {"positives.jsonl", "negatives.jsonl"}) {
        matches += compare_walk(rules, read_file(shared / "bench" / "secrets" / name));
    }
    for (const auto& entry : fs::recursive_directory_iterator(shared / "fixtures" / "transcripts")) {
        if (entry.is_regular_file() && entry.file_size() < (4u << 20)) {
            matches += compare_walk(rules, read_file(entry.path()));
        }
    }
    CHECK(matches > 100);
}
