// Reads generated transcripts through EntryStream with read-ahead, under ThreadSanitizer, and checks
// that every run yields exactly what the single-threaded mode yields. The shapes make the two threads
// trade lines all the time: runs of short lines (the caller catches up and takes lines itself), runs
// of long ones (the reader falls behind), lines over the large-line size (the budget), corrupt lines,
// and callers that keep up, dawdle, or stop halfway. A run that stalls is a failure: alarm() ends the
// process.
//
// usage: entry_stream_race WORK_DIR
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tools/transcripts/entry_stream.hpp"

namespace {

using tools::transcripts::Entry;
using tools::transcripts::EntryStream;
using tools::transcripts::IndexedLine;
using tools::transcripts::Line;

std::string user_line(int i, std::size_t text_size) {
    std::string text = "p" + std::to_string(i);
    text.resize(std::max(text.size(), text_size), 'x');
    return R"({"type":"user","uuid":"u)" + std::to_string(i) + R"(","message":{"role":"user","content":")" +
           text + "\"}}\n";
}

std::string make_transcript() {
    std::string out;
    for (int i = 0; i < 30000; ++i) {
        const bool long_run = (i / 700) % 3 == 2;
        out += user_line(i, long_run ? 2000 + static_cast<std::size_t>(i % 3001) : 0);
        if (i % 997 == 0) {
            out += "{\"type\":\"user\",\"message\":{\"content\":\"cut off\n";
        }
        if (i % 6007 == 0) {
            out += user_line(i, IndexedLine::large_line_bytes + static_cast<std::size_t>(i));
        }
    }
    return out + R"({"type":"user","uuid":"last")";
}

// What a caller sees of each line; pause_every > 0 sleeps now and then, so the reader runs ahead.
std::vector<std::string> read_all(const std::filesystem::path& path, bool read_ahead, int pause_every,
                                  std::size_t stop_after) {
    auto stream = EntryStream::open(path, 0, 1, 1u << 20, read_ahead);
    if (!stream) {
        std::fprintf(stderr, "cannot open %s\n", path.c_str());
        std::exit(2);
    }
    std::vector<std::string> out;
    Line line;
    tools::Result<const Entry*> entry = nullptr;
    while (out.size() < stop_after && (*stream)->next(line, entry)) {
        std::string seen = std::to_string(line.number) + "@" + std::to_string(line.offset) + " " +
                           std::to_string(line.text.size());
        if (entry) {
            seen += " " + std::string((*entry)->uuid);
            for (const auto& block : (*entry)->blocks) {
                seen += " " + std::string(block.text.substr(0, 12));
            }
        } else {
            seen += " error";
        }
        out.push_back(std::move(seen));
        if (pause_every > 0 && out.size() % static_cast<std::size_t>(pause_every) == 0) {
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: entry_stream_race WORK_DIR\n");
        return 2;
    }
    const std::filesystem::path path = std::filesystem::path(argv[1]) / "entry_stream_race.jsonl";
    std::ofstream(path, std::ios::binary) << make_transcript();
    ::alarm(240);  // a stalled stream: SIGALRM ends the process and the test fails

    const std::vector<std::string> plain = read_all(path, false, 0, SIZE_MAX);
    int failures = 0;
    constexpr int rounds = 12;
    for (int round = 0; round < rounds; ++round) {
        const int pause_every = round % 3 == 1 ? 97 : 0;
        const std::size_t stop =
            round % 3 == 2 ? plain.size() / 2 + static_cast<std::size_t>(round) : SIZE_MAX;
        const std::vector<std::string> got = read_all(path, true, pause_every, stop);
        const std::size_t expected = std::min(stop, plain.size());
        if (got !=
            std::vector<std::string>(plain.begin(), plain.begin() + static_cast<std::ptrdiff_t>(expected))) {
            std::fprintf(stderr, "round %d: read-ahead yielded something else than the plain read\n", round);
            ++failures;
        }
    }
    std::filesystem::remove(path);
    std::printf("%zu lines, %d rounds, %d differing\n", plain.size(), rounds, failures);
    return failures == 0 ? 0 : 1;
}
