// EntryStream: reading ahead on a second thread yields exactly what the plain mode yields.
#include "tools/transcripts/entry_stream.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "transcript_support.hpp"

using tools::transcripts::EntryStream;
using tools::transcripts::IndexedLine;
using tools::transcripts::Line;
using namespace transcripts_test;

namespace {

// What a consumer can observe of one line: position, flags, and the parse result's gist.
std::string describe(const Line& line, const tools::Result<const tools::transcripts::Entry*>& entry) {
    std::string out = std::to_string(line.number) + "@" + std::to_string(line.offset) + "-" +
                      std::to_string(line.next_offset) + (line.complete ? "" : " incomplete") +
                      (line.oversized ? " oversized" : "") + " " + std::to_string(line.text.size()) + ": ";
    if (!entry) {
        return out + "error";
    }
    out += std::string((*entry)->type) + " " + std::string((*entry)->uuid);
    for (const auto& block : (*entry)->blocks) {
        out += " [" + std::string(block.text.substr(0, 20)) + "]";
    }
    return out;
}

// slow_until: the consumer pauses after each of its first lines, so the reader runs ahead of it.
std::vector<std::string> read_all(const fs::path& path, bool read_ahead, std::uint64_t offset = 0,
                                  std::size_t stop_after = SIZE_MAX, std::size_t slow_until = 0) {
    auto stream = EntryStream::open(path, offset, 1, 1u << 20, read_ahead);
    REQUIRE(stream.has_value());
    std::vector<std::string> out;
    Line line;
    tools::Result<const tools::transcripts::Entry*> entry = tools::make_error(tools::ErrorCode::io_error, "");
    while (out.size() < stop_after && (*stream)->next(line, entry)) {
        out.push_back(describe(line, entry));
        if (out.size() < slow_until) {
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
    }
    return out;
}

}  // namespace

TEST_CASE("entry stream reads ahead without changing a single line", "[tools][transcripts]") {
    TempDir dir;
    std::string content;
    for (int i = 0; i < 500; ++i) {
        const std::string n = std::to_string(i);
        content += jsonl({user_line("u" + n, "2026-03-01T10:00:00Z", "prompt " + n)});
        if (i % 37 == 0) {
            content += "{\"type\":\"user\",\"message\":{\"content\":\"cut off\n";  // corrupt
        }
        if (i % 53 == 0) {  // large lines, held one at a time
            content += jsonl({user_line(
                "big" + n, "2026-03-01T10:00:00Z",
                std::string(IndexedLine::large_line_bytes + 10 * static_cast<std::size_t>(i), 'x'))});
        }
        if (i == 250) {
            content += std::string(2u << 20, 'y') + "\n";  // over the 1 MiB limit of this test
        }
    }
    content += "{\"type\":\"user\",\"uuid\":\"last\"";  // being written
    write_file(dir.path() / "s.jsonl", content);
    const std::vector<std::string> plain = read_all(dir.path() / "s.jsonl", false);
    REQUIRE(plain.size() == 500 + 14 + 10 + 1 + 1);
    for (int round = 0; round < 3; ++round) {
        CHECK(read_all(dir.path() / "s.jsonl", true) == plain);
    }
    // A consumer that keeps up waits for lines and walks them itself; a slow one gets them walked. The
    // switch between the two, either way, changes nothing it sees.
    CHECK(read_all(dir.path() / "s.jsonl", true, 0, SIZE_MAX, plain.size() / 2) == plain);
    // From a line in the middle, and stopping early (the reader thread is stopped and joined).
    const std::size_t middle = content.find("\"u300\"");
    const std::size_t start = content.rfind('\n', middle) + 1;
    CHECK(read_all(dir.path() / "s.jsonl", true, start) == read_all(dir.path() / "s.jsonl", false, start));
    for (const std::size_t stop : {0u, 1u, 7u, 8u, 9u, 100u}) {
        CHECK(read_all(dir.path() / "s.jsonl", true, 0, stop) ==
              std::vector<std::string>(plain.begin(), plain.begin() + static_cast<std::ptrdiff_t>(stop)));
    }
}

TEST_CASE("entry stream holds large lines within its budget and yields them all", "[tools][transcripts]") {
    // Runs of lines over the large-line size: a few fit the budget at once, the rest wait their turn.
    TempDir dir;
    std::string content;
    const std::size_t large = EntryStream::large_line_budget / 3;
    for (int i = 0; i < 40; ++i) {
        const std::string n = std::to_string(i);
        content += jsonl({user_line("big" + n, "2026-03-01T10:00:00Z", std::string(large + i, 'x'))});
        if (i % 10 == 9) {
            content += jsonl({user_line("small" + n, "2026-03-01T10:00:00Z", "between")});
        }
    }
    write_file(dir.path() / "s.jsonl", content);
    const std::vector<std::string> plain = read_all(dir.path() / "s.jsonl", false);
    REQUIRE(plain.size() == 44);
    CHECK(read_all(dir.path() / "s.jsonl", true) == plain);
    CHECK(read_all(dir.path() / "s.jsonl", true, 0, 5) ==
          std::vector<std::string>(plain.begin(), plain.begin() + 5));
}

TEST_CASE("entry stream yields every line whichever thread parses it, and never stalls",
          "[tools][transcripts]") {
    // Many short lines, where the two threads race for the same lines all the time, with long ones
    // (the reader's work) in runs between them. Consumers of every pace: one that keeps up, one that
    // pauses now and then, one that stops halfway. A stream that stalls fails the test instead of
    // hanging it.
    TempDir dir;
    std::string content;
    for (int i = 0; i < 20000; ++i) {
        const std::string n = std::to_string(i);
        const bool long_run = (i / 500) % 4 == 3;
        content += jsonl({user_line("u" + n, "2026-03-01T10:00:00Z",
                                    long_run ? std::string(3000 + i % 997, 'x') : "p" + n)});
        if (i % 1009 == 0) {
            content += "{\"type\":\"user\",\"message\":{\"content\":\"cut off\n";  // corrupt
        }
        if (i % 4999 == 0) {
            content += jsonl({user_line("big" + n, "2026-03-01T10:00:00Z",
                                        std::string(IndexedLine::large_line_bytes + 1, 'y'))});
        }
    }
    write_file(dir.path() / "s.jsonl", content);
    const std::vector<std::string> plain = read_all(dir.path() / "s.jsonl", false);
    REQUIRE(plain.size() == 20000 + 20 + 5);
    for (int round = 0; round < 24; ++round) {
        const std::size_t stop = round % 3 == 2 ? plain.size() / 2 : SIZE_MAX;
        const std::size_t slow_until = round % 3 == 1 ? 400 : 0;
        std::promise<std::vector<std::string>> result;
        std::future<std::vector<std::string>> done = result.get_future();
        std::thread run([&, stop, slow_until, out = std::move(result)]() mutable {
            try {  // a failed REQUIRE throws: rethrown by get() below, on the test's thread
                out.set_value(read_all(dir.path() / "s.jsonl", true, 0, stop, slow_until));
            } catch (...) {
                out.set_exception(std::current_exception());
            }
        });
        if (done.wait_for(std::chrono::seconds(60)) != std::future_status::ready) {
            run.detach();  // stuck for good; the process ends with it
            FAIL("the stream stalled in round " << round);
        }
        run.join();
        const std::size_t expected = std::min(stop, plain.size());
        CHECK(done.get() ==
              std::vector<std::string>(plain.begin(), plain.begin() + static_cast<std::ptrdiff_t>(expected)));
    }
}
