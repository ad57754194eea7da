// The lines of one transcript file with their parse results, for extract.cpp.
//
// With read_ahead, a second thread finds the lines ahead and parses them into Entries (simdjson's
// structural pass and the walk: about half of extraction's work), while the calling thread condenses
// and redacts; output and errors are exactly those of the plain mode, only the work is split. Which
// thread parses a line is decided line by line: each line found is up for grabs, the reader thread
// takes the oldest one nobody has taken, and the calling thread takes the line it needs next when
// nobody has, or, when the reader is still parsing that one, any later line nobody has taken. So
// whichever thread would otherwise wait parses, whatever the mix of long tool results (the reader's
// work) and prose to redact (the caller's). Each slot has its own parser, so an Entry stays valid
// while its slot is out. On the 100 MB benchmark session this takes 0.87-0.90x the time of handing
// over groups of lines parsed by the reader, on a session of short lines the same time.
//
// Neither thread waits for the other for ever: the reader waits only while all slot_count lines are
// out (the caller gives them back as it goes) or for room in the large-line budget (all of it is free
// whenever the caller waits for a line); the caller waits only for a line not found yet or one the
// reader is in the middle of parsing.
//
// Memory: at most slot_count lines are out at once. A slot keeps its buffers (its parser, several times
// the line) only for lines under IndexedLine::large_line_bytes, so idle slots hold little. Larger lines
// share a budget of large_line_budget bytes; one that does not fit waits until the others are given
// back, so a line of the reader's limit is held alone. Without read_ahead (a page, which stops early)
// everything runs on the calling thread and nothing is read past the last line asked for.
//
// next() yields each line (as LineReader does; Line::text points into the stream and, like the Entry,
// stays valid until the next call) and its parse result: an error for oversized lines and for lines
// that are not a JSON object. One consumer thread; destroying the stream stops and joins the reader.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "tools/core/result.hpp"
#include "tools/transcripts/entry.hpp"
#include "tools/transcripts/line_reader.hpp"

namespace tools::transcripts {

class EntryStream {
  public:
    static constexpr std::size_t slot_count = 64;
    static constexpr std::size_t find_ahead = 8;  // lines found and not yet taken, before the reader parses
    static constexpr std::size_t reader_wake_lines = slot_count / 4;
    static constexpr std::size_t large_line_budget = 1u << 20;

    static Result<std::unique_ptr<EntryStream>> open(const std::filesystem::path& path,
                                                     std::uint64_t start_offset, std::uint64_t start_line,
                                                     std::size_t max_line_bytes, bool read_ahead);
    ~EntryStream();
    EntryStream(const EntryStream&) = delete;
    EntryStream& operator=(const EntryStream&) = delete;

    // False at the end of the file (or after an I/O error, reported by error()).
    bool next(Line& line, Result<const Entry*>& entry);
    const Error* error() const;
    std::uint64_t bytes_read() const { return m_consumed; }  // up to the end of the last line yielded

  private:
    // A line read ahead goes found -> parsing -> parsed; the claim is a compare-exchange from found,
    // so exactly one thread parses it.
    enum State : int { found, parsing, parsed };

    struct Slot {
        Line line;
        std::shared_ptr<const void> holder;  // keeps a line read ahead where it is until it is parsed
        std::unique_ptr<IndexedLine> indexed = IndexedLine::create();
        std::unique_ptr<EntryParser> parser = EntryParser::create();
        Result<const Entry*> entry = nullptr;
        std::atomic<int> state{parsed};
        void parse();
        void release();  // its line is done with; after a large line, gives its buffers back
    };

    EntryStream(std::unique_ptr<LineReader> reader, std::uint64_t start_offset, bool read_ahead);
    Slot& slot_of(std::uint64_t line) { return m_slots[line % m_slots.size()]; }
    void produce();
    bool find_line();  // the reader's: false at the end
    void publish();    // the reader's: shows the lines found so far
    bool claim_and_parse(Slot& slot);
    // Returns once done() holds: polls for a short while (unless poll is false), then sleeps until
    // notify().
    template <typename Done>
    void await(Done done, bool poll = true);
    void notify();

    std::unique_ptr<LineReader> m_reader;  // the producer's (the caller's without read_ahead)
    std::vector<Slot> m_slots;
    Error m_error;       // the reader's, read once m_end is seen
    std::mutex m_mutex;  // only for sleeping
    std::condition_variable m_changed;

    // Shared by the two threads. Lines are counted from the stream's start; line i lives in
    // slot_of(i) from when m_found passes i until m_given does. What each thread writes for every line
    // has a cache line of its own: on a shared one, each write would take the line from the other core.
    alignas(64) std::uint64_t m_read = 0;  // the reader's: lines found, the last ones perhaps not yet shown
    alignas(64) std::atomic<std::uint64_t> m_found{0};  // written by the reader
    std::atomic<bool> m_end{false};                     // m_found is final, and m_error set
    alignas(64) std::atomic<int> m_sleepers{0};
    std::atomic<std::size_t> m_large_bytes{0};
    std::atomic<bool> m_stop{false};
    alignas(64) std::atomic<std::uint64_t> m_given{0};  // written by the consumer

    // The consumer's own: the line it yields next, whether it yielded one before, and where it ends.
    std::uint64_t m_next = 0;
    bool m_holding = false;
    bool m_finished = false;  // next() returned false: the reader thread no longer touches m_reader
    std::uint64_t m_consumed;
    std::thread m_thread;
};

}  // namespace tools::transcripts
