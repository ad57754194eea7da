// A text with a finding on every line, where values and names repeat (what the scanner memoises and
// sorts fast): the findings are those of each line scanned on its own, fingerprints are those of each
// (rule, value), and a sink that leaves the findings in place sees each one whole.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "fake_secrets.hpp"
#include "tools/secrets/fingerprint.hpp"
#include "tools/secrets/scanner.hpp"

using namespace secrets_test;
using tools::secrets::Finding;
using tools::secrets::FingerprintKey;
using tools::secrets::Scanner;
using tools::secrets::ScanOptions;

namespace {

// Names that take a value and names that do not ("hint", "count"), with keywords of different
// lengths ("pass", "pwd", "password"); values that pass and fail the checks; a token with a preview.
std::vector<std::string> dense_lines() {
    const std::vector<std::string> names = {"password",  "DB_PASS",     "pwd",           "password_hint",
                                            "api_token", "token_count", "client_secret", "SECRET"};
    const std::vector<std::string> values = {
        "hunter2hunter2", "changeme", "Zq8#kLm2Pw9!", "12345678", random_chars(kAlnum, 32, 3),
        "${DB_PASSWORD}"};
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < 3000; ++i) {
        std::string line = names[(i * 7) % names.size()] + " = " + values[(i * 5) % values.size()];
        if (i % 11 == 0) {
            line += " GITHUB_TOKEN=" + join("gh", "p_") + random_chars(kAlnum, 36, i % 3);
        }
        lines.push_back(line);
    }
    return lines;
}

struct WholeFinding {
    std::string rule_id, description, preview, fingerprint;
    std::size_t line, column, offset, length;
    bool verified;
    bool operator==(const WholeFinding&) const = default;
};

WholeFinding whole_finding(const Finding& f) {
    return {f.rule_id, f.description, f.preview, f.fingerprint, f.line,
            f.column,  f.offset,      f.length,  f.verified};
}

std::vector<WholeFinding> scan(std::string_view text, const FingerprintKey& key) {
    ScanOptions options;
    options.key = &key;
    std::vector<WholeFinding> out;
    // Reads the finding in place, never takes it: the scanner refills the same one for the next.
    REQUIRE(Scanner::instance().scan(text, options, [&](Finding&& f) {
        out.push_back(whole_finding(f));
        return true;
    }));
    return out;
}

}  // namespace

TEST_CASE("a dense text gives the findings of its lines scanned one by one", "[tools][secrets]") {
    const auto key = FingerprintKey::random();
    std::string text;
    std::vector<WholeFinding> expected;
    std::size_t accepted = 0;
    std::size_t silent = 0;  // lines without a finding
    std::size_t line_number = 1;
    for (const std::string& line : dense_lines()) {
        const auto alone = scan(line, key);
        silent += alone.empty() ? 1 : 0;
        for (WholeFinding s : alone) {
            s.line = line_number;
            s.offset += text.size();
            expected.push_back(s);
            accepted += s.rule_id.ends_with("-assignment") ? 1 : 0;
        }
        text += line + "\n";
        ++line_number;
    }
    // Both verdicts occur.
    CHECK(accepted > 100);
    CHECK(silent > 100);
    const auto whole = scan(text, key);
    REQUIRE(whole.size() == expected.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
        INFO("finding " << i << " on line " << expected[i].line);
        CHECK(whole[i] == expected[i]);
    }
}

TEST_CASE("a repeated value keeps the fingerprint of its rule and value", "[tools][secrets]") {
    const auto key = FingerprintKey::random();
    const std::string value = random_chars(kAlnum, 24, 9);
    std::string text;
    for (int i = 0; i < 500; ++i) {
        text += (i % 2 == 0 ? "password = " : "client_secret = ") + value + "\n";
    }
    const auto findings = scan(text, key);
    REQUIRE(findings.size() == 500);
    for (const WholeFinding& f : findings) {
        CHECK(f.fingerprint == key.fingerprint(f.rule_id, text.substr(f.offset, f.length)));
    }
    CHECK(findings[0].fingerprint != findings[1].fingerprint);  // same value, another rule
}
