#include "tools/transcripts/line_reader.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "transcript_support.hpp"

using tools::transcripts::Line;
using tools::transcripts::LineReader;
using namespace transcripts_test;

namespace {

struct Read {
    std::string text;
    Line line;
};

std::vector<Read> read_records(const fs::path& path, std::uint64_t offset = 0, std::uint64_t line_number = 1,
                               std::size_t max_line = LineReader::default_max_line_bytes) {
    auto reader = LineReader::open(path, offset, line_number, max_line);
    REQUIRE(reader.has_value());
    std::vector<Read> out;
    Line line;
    while ((*reader)->next(line)) {
        out.push_back({std::string(line.text), line});
    }
    CHECK((*reader)->error() == nullptr);
    return out;
}

}  // namespace

TEST_CASE("line reader yields lines with numbers and offsets", "[tools][transcripts]") {
    TempDir dir;
    write_file(dir.path() / "a.jsonl", "first\n\nthird line\r\nlast without newline");
    const auto lines = read_records(dir.path() / "a.jsonl");
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].text == "first");
    CHECK(lines[1].text.empty());
    CHECK(lines[2].text == "third line\r");  // '\r' is JSON whitespace: left to the parser
    CHECK(lines[3].text == "last without newline");
    CHECK(lines[0].line.complete);
    CHECK_FALSE(lines[3].line.complete);
    CHECK(lines[2].line.number == 3);
    CHECK(lines[2].line.offset == 7);
    CHECK(lines[2].line.next_offset == 19);
    CHECK(lines[3].line.next_offset == 39);
}

TEST_CASE("line reader: empty file and missing file", "[tools][transcripts]") {
    TempDir dir;
    write_file(dir.path() / "empty.jsonl", "");
    CHECK(read_records(dir.path() / "empty.jsonl").empty());
    auto missing = LineReader::open(dir.path() / "missing.jsonl");
    REQUIRE_FALSE(missing.has_value());
    CHECK(missing.error().code == tools::ErrorCode::not_found);
}

TEST_CASE("line reader refuses a FIFO or a device at once instead of blocking", "[tools][transcripts]") {
    TempDir dir;
    const fs::path fifo = dir.path() / "fifo.jsonl";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    fs::create_symlink("/dev/zero", dir.path() / "zero.jsonl");
    for (const fs::path& path : {fifo, dir.path() / "zero.jsonl"}) {
        INFO(path);
        auto reader = LineReader::open(path);
        REQUIRE_FALSE(reader.has_value());
        CHECK(reader.error().message.find("not a regular file") != std::string::npos);
    }
}

TEST_CASE("line reader keeps lines longer than its read chunk intact", "[tools][transcripts]") {
    TempDir dir;
    const std::string big(3u << 20, 'b');
    write_file(dir.path() / "big.jsonl", "a\n" + big + "\nc\n");
    const auto lines = read_records(dir.path() / "big.jsonl");
    REQUIRE(lines.size() == 3);
    CHECK(lines[1].text == big);
    CHECK(lines[2].text == "c");
    CHECK(lines[2].line.offset == 2 + big.size() + 1);
}

TEST_CASE("line reader's limit is exact, wherever the read chunks end", "[tools][transcripts]") {
    TempDir dir;
    write_file(dir.path() / "short.jsonl", "0123456789\n01234567890\nend\n");
    const auto lines = read_records(dir.path() / "short.jsonl", 0, 1, 10);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].text == "0123456789");
    CHECK_FALSE(lines[0].line.oversized);
    CHECK(lines[1].line.oversized);  // one byte over, inside one chunk: it used to be yielded whole
    CHECK(lines[1].line.offset == 11);
    CHECK(lines[1].line.next_offset == 23);
    CHECK(lines[2].text == "end");
    CHECK(lines[2].line.number == 3);
}

TEST_CASE("line reader skips lines over the limit without buffering them", "[tools][transcripts]") {
    TempDir dir;
    const std::string huge(5000000, 'h');
    write_file(dir.path() / "huge.jsonl", "a\n" + huge + "\nc\n" + huge);
    const auto lines = read_records(dir.path() / "huge.jsonl", 0, 1, 1000000);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].text == "a");
    CHECK(lines[1].line.oversized);
    CHECK(lines[1].text.empty());
    CHECK(lines[1].line.offset == 2);
    CHECK(lines[1].line.next_offset == 2 + huge.size() + 1);
    CHECK(lines[2].text == "c");
    CHECK_FALSE(lines[2].line.oversized);
    CHECK(lines[3].line.oversized);
    CHECK_FALSE(lines[3].line.complete);
}

TEST_CASE("line reader resumes at a line offset", "[tools][transcripts]") {
    TempDir dir;
    write_file(dir.path() / "r.jsonl", "one\ntwo\nthree\n");
    const auto all = read_records(dir.path() / "r.jsonl");
    REQUIRE(all.size() == 3);
    const auto rest = read_records(dir.path() / "r.jsonl", all[0].line.next_offset, 2);
    REQUIRE(rest.size() == 2);
    CHECK(rest[0].text == "two");
    CHECK(rest[0].line.number == 2);
    CHECK(rest[1].line.offset == all[2].line.offset);
}

TEST_CASE("line reader: a held line keeps its bytes while the reader moves on", "[tools][transcripts]") {
    // Lines of every size around the read sizes, one over the limit (skipped), held in a window of
    // the last few as EntryStream's slots hold them, then let go in order.
    TempDir dir;
    std::string content;
    std::vector<std::string> expected;
    for (int i = 0; i < 400; ++i) {
        std::string text = "line " + std::to_string(i) + " " + std::string((i * 7919) % 70000, 'a' + i % 26);
        if (i == 200) {
            text = std::string(300000, 'z');  // over this test's limit
        }
        content += text + "\n";
        if (i != 200) {
            expected.push_back(text);
        }
    }
    write_file(dir.path() / "a.jsonl", content);
    auto reader = LineReader::open(dir.path() / "a.jsonl", 0, 1, 200000);
    REQUIRE(reader.has_value());
    struct Held {
        std::string_view text;
        std::shared_ptr<const void> holder;
    };
    std::deque<Held> window;
    std::vector<std::string> seen;
    const auto let_go = [&] {
        seen.emplace_back(window.front().text);  // still intact after later reads
        window.pop_front();
    };
    Line line;
    while ((*reader)->next(line)) {
        if (!line.oversized) {
            window.push_back({line.text, (*reader)->hold()});
        }
        if (window.size() > 12) {
            let_go();
        }
    }
    while (!window.empty()) {
        let_go();
    }
    REQUIRE(seen.size() == expected.size());
    std::size_t intact = 0;  // counted, not compared whole: a failure must not print megabytes
    for (std::size_t i = 0; i < seen.size(); ++i) {
        intact += seen[i] == expected[i] ? 1 : 0;
    }
    CHECK(intact == expected.size());
}
