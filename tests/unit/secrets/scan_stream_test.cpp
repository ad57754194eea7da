// Findings stream out as segments are scanned, a text fed in pieces gives the same findings as the
// whole text, and a cancelled scan stops.
#include <atomic>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "fake_secrets.hpp"
#include "tools/secrets/scanner.hpp"

using namespace secrets_test;
using tools::secrets::Finding;
using tools::secrets::Scanner;
using tools::secrets::ScanOptions;

namespace {

// About 4.5 MiB: long lines, a one-line stretch longer than a segment, and tokens everywhere,
// including right at the 1 MiB marks where segments are cut.
std::string mixed_text() {
    std::string text;
    std::uint64_t seed = 100;
    while (text.size() < (9u << 19)) {
        text += "line " + std::to_string(seed) + " " + random_chars(kAlnum, 90, seed) + "\n";
        if (seed % 97 == 0) {
            text += "GITHUB_TOKEN=" + join("gh", "p_") + random_chars(kAlnum, 36, seed) + "\n";
        }
        if (seed == 5000) {
            text +=
                std::string(1300 << 10, 'q') + " " + join("gh", "p_") + random_chars(kAlnum, 36, 1) + "\n";
        }
        ++seed;
    }
    for (std::size_t mark = 1 << 20; mark < text.size(); mark += 1 << 20) {
        text.replace(mark - 20, 40, " " + join("np", "m_") + random_chars(kAlnum, 36, mark) + " ");
    }
    return text;
}

struct Seen {
    std::size_t line, column, offset, length;
    std::string rule;
    bool operator==(const Seen&) const = default;
};

std::vector<Seen> collect_stream(const std::string& text, std::size_t piece) {
    std::vector<Seen> out;
    Scanner::Stream stream(Scanner::instance(), ScanOptions{}, [&](Finding&& f) {
        out.push_back({f.line, f.column, f.offset, f.length, f.rule_id});
        return true;
    });
    for (std::size_t at = 0; at < text.size(); at += piece) {
        REQUIRE(stream.feed(std::string_view(text).substr(at, piece)));
    }
    REQUIRE(stream.finish());
    return out;
}

}  // namespace

TEST_CASE("a text fed in pieces of any size gives exactly the findings of the whole text",
          "[tools][secrets]") {
    const std::string text = mixed_text();
    std::vector<Seen> whole;
    for (const Finding& f : Scanner::instance().scan(text)) {
        whole.push_back({f.line, f.column, f.offset, f.length, f.rule_id});
    }
    REQUIRE(whole.size() > 100);
    for (const std::size_t piece : {std::size_t{4093}, std::size_t{1} << 20, std::size_t{3} << 20}) {
        INFO("piece " << piece);
        CHECK(collect_stream(text, piece) == whole);
    }
    for (const Seen& s : whole) {
        CHECK(text.substr(s.offset, 4) == (s.rule == "github-pat" ? join("gh", "p_") : join("np", "m_")));
    }
}

TEST_CASE("findings reach the sink before the text ends, and the sink can stop the scan",
          "[tools][secrets]") {
    const std::string line = "password = hunter2hunter2\n";
    std::size_t seen = 0;
    Scanner::Stream stream(Scanner::instance(), ScanOptions{}, [&](Finding&&) {
        ++seen;
        return true;
    });
    std::string piece;
    while (piece.size() < (1 << 20)) {
        piece += line;
    }
    constexpr int kPieces = 12;
    for (int i = 0; i < kPieces; ++i) {
        REQUIRE(stream.feed(piece));
    }
    CHECK(seen > 0);  // streamed: some were sent while much of the text was still to come
    REQUIRE(stream.finish());
    CHECK(seen == kPieces * (piece.size() / line.size()));

    std::size_t taken = 0;
    REQUIRE(Scanner::instance().scan(piece + piece, ScanOptions{}, [&](Finding&&) { return ++taken < 10; }));
    CHECK(taken == 10);
}

TEST_CASE("a cancelled scan stops between segments and says so", "[tools][secrets]") {
    std::string text;
    while (text.size() < (5 << 20)) {
        text += "GITHUB_TOKEN=" + join("gh", "p_") + random_chars(kAlnum, 36, text.size()) + "\n";
    }
    std::atomic<bool> cancel{false};
    const tools::Progress progress(&cancel, nullptr);
    ScanOptions options;
    options.progress = &progress;
    std::size_t seen = 0;
    const auto result = Scanner::instance().scan(text, options, [&](Finding&&) {
        cancel = true;  // as if the client's notifications/cancelled arrived now
        ++seen;
        return true;
    });
    REQUIRE_FALSE(result);
    CHECK(result.error().code == tools::ErrorCode::cancelled);
    CHECK(seen > 0);
    CHECK(seen < text.size() / 60);  // the rest of the text was not scanned

    Scanner::Stream stream(Scanner::instance(), options, [](Finding&&) { return true; });
    const bool fed = stream.feed(text) && stream.finish();
    CHECK_FALSE(fed);
}
