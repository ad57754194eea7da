// Measured against the shared data when ../shared exists (skipped otherwise): the real transcripts
// must come out clean, and the labeled corpus must reach the targets. Only aggregate rates are
// asserted, never per-record expectations, so nothing here is tuned to the corpus's ids or values.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "../support/skip.hpp"
#include "../support/temp_dir.hpp"
#include "tools/secrets/scanner.hpp"

namespace fs = std::filesystem;
using tools::secrets::Scanner;

namespace {

struct Rates {
    std::size_t positives = 0, caught = 0, negatives = 0, flagged = 0;
};

void score_file(const fs::path& file, bool positive, Rates& rates) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        const auto record = nlohmann::json::parse(line);
        const bool found = !Scanner::instance().scan(record.at("text").get<std::string>()).empty();
        if (positive) {
            ++rates.positives;
            rates.caught += found;
        } else {
            ++rates.negatives;
            rates.flagged += found;
        }
    }
}

Rates score_dir(const fs::path& dir) {
    Rates rates;
    score_file(dir / "positives.jsonl", true, rates);
    score_file(dir / "negatives.jsonl", false, rates);
    return rates;
}

void check_targets(const Rates& rates) {
    REQUIRE(rates.positives > 0);
    REQUIRE(rates.negatives > 0);
    const double recall = double(rates.caught) / double(rates.positives);
    const double fp_rate = double(rates.flagged) / double(rates.negatives);
    INFO("recall " << rates.caught << "/" << rates.positives << ", false positives " << rates.flagged << "/"
                   << rates.negatives);
    CHECK(recall >= 0.98);
    CHECK(fp_rate <= 0.005);
}

}  // namespace

TEST_CASE("real Claude Code transcripts hold no secrets and the scanner flags nothing in them",
          "[tools][secrets][shared]") {
    const fs::path fixtures = test_support::shared_dir() / "fixtures" / "transcripts";
    if (!fs::is_directory(fixtures)) {
        CS_SKIP_TEST(fixtures << " is absent");
    }
    std::size_t files = 0;
    std::size_t lines = 0;
    for (const auto& entry : fs::recursive_directory_iterator(fixtures)) {
        const auto ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".jsonl" && ext != ".json")) {
            continue;
        }
        ++files;
        std::ifstream in(entry.path(), std::ios::binary);
        std::string line;
        std::size_t number = 0;
        while (std::getline(in, line)) {
            ++number;
            ++lines;
            for (const auto& f : Scanner::instance().scan(line)) {
                // Rule and position only: a real finding must not be printed by a test either.
                FAIL_CHECK(entry.path().string()
                           << ":" << number << ":" << f.column << " " << f.rule_id << " " << f.preview);
            }
        }
    }
    CHECK(files > 0);
    CHECK(lines > 1000);
}

TEST_CASE("labeled corpus: recall >= 98% and false positives <= 0.5%", "[tools][secrets][shared]") {
    const fs::path corpus = test_support::shared_dir() / "bench" / "secrets";
    if (!fs::exists(corpus / "positives.jsonl")) {
        CS_SKIP_TEST(corpus << " is absent");
    }
    check_targets(score_dir(corpus));
}

TEST_CASE("fresh corpus from the generator with another seed meets the same targets",
          "[tools][secrets][shared]") {
    const fs::path generator = test_support::shared_dir() / "bench" / "secrets" / "gen_corpus.py";
    if (!fs::exists(generator) || std::system("python3 --version > /dev/null 2>&1") != 0) {
        CS_SKIP_TEST("no generator in " << generator.parent_path() << " or no python3");
    }
    const test_support::TempDir temp("cs-secrets-corpus");
    const fs::path& out = temp.path();
    const std::string command =
        "python3 '" + generator.string() + "' --seed 4242 --out '" + out.string() + "' > /dev/null";
    REQUIRE(std::system(command.c_str()) == 0);
    check_targets(score_dir(out));
}
