// LineReader on files large enough to be read through memory-mapped windows: the same lines as the
// buffered reader would yield, wherever the windows end; a file that grows is read on; a file that
// shrinks under the reader (SIGBUS territory) is an error, and the process lives on.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <csignal>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "tools/transcripts/entry_stream.hpp"
#include "tools/transcripts/line_reader.hpp"
#include "transcript_support.hpp"

using tools::transcripts::EntryStream;
using tools::transcripts::Line;
using tools::transcripts::LineReader;
using namespace transcripts_test;

namespace mapped_test {

constexpr std::size_t kMiB = 1u << 20;
constexpr std::size_t kLimit = LineReader::default_max_line_bytes;
constexpr auto kWhole = tools::transcripts::ReadExtent::whole;

void append_file(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << content;
}

// Lines of many lengths (so lines straddle every window boundary at a different place), one longer
// than a window, one over the limit, and a last line without '\n'.
struct Layout {
    std::string content;
    std::vector<std::string> lines;  // as they should be read; "" for the oversized one
    std::size_t oversized_index = 0;
};

Layout make_layout(std::size_t limit) {
    Layout layout;
    for (int i = 0; i < 700; ++i) {
        std::string text = "line " + std::to_string(i) + " " +
                           std::string((i * 7919) % 40000, static_cast<char>('a' + i % 26));
        if (i == 150) {
            text = std::string(5 * kMiB, 'w');  // longer than a window, under the limit
        }
        if (i == 400) {
            text = std::string(limit + 1, 'z');
            layout.oversized_index = layout.lines.size();
        }
        layout.content += text + "\n";
        layout.lines.push_back(i == 400 ? std::string() : text);
    }
    layout.content += "the last line, still being written";
    layout.lines.emplace_back("the last line, still being written");
    return layout;
}

}  // namespace mapped_test

using namespace mapped_test;

TEST_CASE("a large file yields the same lines through windows, held or not", "[tools][transcripts]") {
    TempDir dir;
    const std::size_t limit = 6 * kMiB;
    const Layout layout = make_layout(limit);
    REQUIRE(layout.content.size() > 20 * kMiB);
    write_file(dir.path() / "big.jsonl", layout.content);

    auto reader = LineReader::open(dir.path() / "big.jsonl", 0, 1, limit, kWhole);
    REQUIRE(reader.has_value());
    // Holders of the last 64 lines, as EntryStream's slots keep them, checked when let go.
    struct Held {
        std::string_view text;
        std::shared_ptr<const void> holder;
        std::size_t index;
    };
    std::deque<Held> held;
    std::size_t mismatches = 0;
    const auto let_go = [&] {
        if (held.front().text != layout.lines[held.front().index]) {
            ++mismatches;
        }
        held.pop_front();
    };
    Line line;
    std::uint64_t expected_offset = 0;
    std::size_t count = 0;
    while ((*reader)->next(line)) {
        REQUIRE(count < layout.lines.size());
        CHECK(line.number == count + 1);
        CHECK(line.offset == expected_offset);
        CHECK(line.oversized == (count == layout.oversized_index));
        CHECK(line.complete == (count + 1 < layout.lines.size()));
        held.push_back({line.text, (*reader)->hold(), count});
        if (held.size() > 64) {
            let_go();
        }
        expected_offset = line.next_offset;
        ++count;
    }
    while (!held.empty()) {
        let_go();
    }
    CHECK((*reader)->error() == nullptr);
    CHECK(count == layout.lines.size());
    CHECK(mismatches == 0);
    CHECK(expected_offset == layout.content.size());
}

TEST_CASE("a large file's lines over the limit are skipped, and the lines after them read whole",
          "[tools][transcripts]") {
    // With a 1 MiB limit, the 5 MiB line is over it before a window reaches its end: the reader stops
    // holding it and maps windows from where it searches, not from where the line starts.
    TempDir dir;
    const Layout layout = make_layout(6 * kMiB);
    write_file(dir.path() / "big.jsonl", layout.content);
    auto reader = LineReader::open(dir.path() / "big.jsonl", 0, 1, kMiB, kWhole);
    REQUIRE(reader.has_value());
    Line line;
    std::uint64_t expected_offset = 0;
    std::size_t count = 0;
    std::vector<std::size_t> oversized;
    std::size_t mismatches = 0;
    while ((*reader)->next(line) && count < layout.lines.size()) {
        CHECK(line.offset == expected_offset);
        if (line.oversized) {
            oversized.push_back(count);
            CHECK(line.text.empty());
        } else if (line.text != layout.lines[count]) {
            ++mismatches;
        }
        expected_offset = line.next_offset;
        ++count;
    }
    CHECK((*reader)->error() == nullptr);
    CHECK(count == layout.lines.size());
    CHECK(mismatches == 0);
    CHECK(oversized == std::vector<std::size_t>{150, layout.oversized_index});
    CHECK(expected_offset == layout.content.size());
}

TEST_CASE("a large file resumed at a line offset is read from there", "[tools][transcripts]") {
    TempDir dir;
    std::string content;
    for (int i = 0; i < 3000; ++i) {
        content += std::to_string(i) + std::string(1000, '.') + "\n";
    }
    write_file(dir.path() / "r.jsonl", content);
    const std::uint64_t offset = content.find("\n1010.") + 1;  // line 1011 (1-based) starts here
    auto reader = LineReader::open(dir.path() / "r.jsonl", offset, 1011, kLimit, kWhole);
    REQUIRE(reader.has_value());
    Line line;
    REQUIRE((*reader)->next(line));
    CHECK(line.number == 1011);
    CHECK(line.text == "1010" + std::string(1000, '.'));
    std::size_t rest = 1;
    while ((*reader)->next(line)) {
        ++rest;
    }
    CHECK(rest == 3000 - 1010);
    CHECK(line.text == "2999" + std::string(1000, '.'));
}

TEST_CASE("a large file that grows while it is read is read to its new end", "[tools][transcripts]") {
    TempDir dir;
    const fs::path path = dir.path() / "growing.jsonl";
    const std::string row(999, 'g');
    std::string content;
    for (int i = 0; i < 2000; ++i) {
        content += row + "\n";
    }
    write_file(path, content + "half of a li");
    auto reader = LineReader::open(path, 0, 1, kLimit, kWhole);
    REQUIRE(reader.has_value());
    Line line;
    for (int i = 0; i < 1000; ++i) {
        REQUIRE((*reader)->next(line));
    }
    append_file(path, "ne\nmore\nand a partial one");
    std::vector<std::string> tail;
    while ((*reader)->next(line)) {
        tail.emplace_back(line.text);
    }
    CHECK((*reader)->error() == nullptr);
    REQUIRE(tail.size() == 1000 + 3);
    CHECK(tail[1000] == "half of a line");
    CHECK(tail[1001] == "more");
    CHECK(tail[1002] == "and a partial one");
    CHECK_FALSE(line.complete);
}

TEST_CASE("a large file that shrinks under the reader is an error, and the process lives on",
          "[tools][transcripts]") {
    TempDir dir;
    const fs::path path = dir.path() / "shrinking.jsonl";
    std::string content;
    for (int i = 0; i < 12000; ++i) {
        content += std::to_string(i) + std::string(1000, 's') + "\n";
    }
    write_file(path, content);
    auto reader = LineReader::open(path, 0, 1, kLimit, kWhole);
    REQUIRE(reader.has_value());
    Line line;
    REQUIRE((*reader)->next(line));
    const std::string_view first = line.text;
    const auto holder = (*reader)->hold();
    CHECK(first.substr(0, 2) == "0s");

    fs::resize_file(path, 0);  // the held line's pages are gone from under it
    std::size_t more = 0;
    while ((*reader)->next(line) && more < 20000) {
        ++more;
    }
    REQUIRE((*reader)->error() != nullptr);
    CHECK((*reader)->error()->code == tools::ErrorCode::io_error);
    CHECK_THAT((*reader)->error()->message, Catch::Contains("shrank"));
    CHECK(more < 20000);
    // Reading the held line touches pages that no longer exist: each byte is the file's or a zero of
    // the page put in their place, and the process does not die of it.
    std::size_t foreign = 0;
    for (std::size_t i = 0; i < first.size(); ++i) {
        foreign += first[i] != content[i] && first[i] != '\0' ? 1 : 0;
    }
    CHECK(foreign == 0);
}

TEST_CASE("a file that shrinks while it is read ahead fails the stream", "[tools][transcripts]") {
    TempDir dir;
    const fs::path path = dir.path() / "session.jsonl";
    std::string content;
    while (content.size() < 3 * kMiB) {
        content += synthetic_session(50);
    }
    write_file(path, content);
    auto stream = EntryStream::open(path, 0, 1, LineReader::default_max_line_bytes, true);
    REQUIRE(stream.has_value());
    Line line;
    tools::Result<const tools::transcripts::Entry*> entry = nullptr;
    REQUIRE((*stream)->next(line, entry));
    fs::resize_file(path, content.size() / 2);
    std::size_t newlines = 0;  // the consumer reads what it is given, as extraction does
    while ((*stream)->next(line, entry)) {
        newlines += static_cast<std::size_t>(std::count(line.text.begin(), line.text.end(), '\n'));
    }
    CHECK(newlines == 0);
    // The reader thread may have read every line before the file shrank; the lines then yielded may
    // still be read from pages the shrinking took away. Either way the stream ends in an error.
    REQUIRE((*stream)->error() != nullptr);
    CHECK((*stream)->error()->code == tools::ErrorCode::io_error);
}

TEST_CASE("a SIGBUS outside the reader's windows still takes its default course", "[tools][transcripts]") {
    TempDir dir;
    const fs::path path = dir.path() / "other.bin";
    write_file(path, std::string(2 * kMiB, 'x'));
    {
        auto reader = LineReader::open(path, 0, 1, kLimit, kWhole);  // installs the SIGBUS handler
        REQUIRE(reader.has_value());
        Line line;
        REQUIRE((*reader)->next(line));
    }
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // Quiet: a sanitizer's report and the test framework's handler for its abort are the child's
        // business, not the test log's.
        std::signal(SIGABRT, SIG_DFL);
        const int null = ::open("/dev/null", O_WRONLY);
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
        // A mapping of our own, not a reader's window, over a file that then shrinks.
        const int fd = ::open(path.c_str(), O_RDWR);
        void* map = fd < 0 ? MAP_FAILED : ::mmap(nullptr, 2 * kMiB, PROT_READ, MAP_SHARED, fd, 0);
        if (map == MAP_FAILED || ::ftruncate(fd, 0) != 0) {
            ::_exit(3);
        }
        const volatile char* bytes = static_cast<const char*>(map);
        const char touched = bytes[kMiB];
        ::_exit(touched == 'x' ? 0 : 4);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    // Killed by SIGBUS, or (under a sanitizer, whose handler ours passed it to) exited with its report.
    const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS;
    const bool reported =
        WIFEXITED(status) && WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 3 && WEXITSTATUS(status) != 4;
    CHECK((killed || reported || (WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT)));
}
