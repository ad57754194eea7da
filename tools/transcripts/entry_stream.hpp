// The lines of one transcript file with their parse results, for extract.cpp.
//
// With read_ahead, a second thread reads the lines ahead and parses up to slot_count of them into
// Entries (simdjson's structural pass and the walk: about half of extraction's work), while the calling
// thread condenses and redacts; output and errors are exactly those of the plain mode, only the work
// is split. Each slot has its own parser, so an Entry stays valid while its slot is out. The threads
// hand lines over in groups, since waking the other one costs more than parsing a line. The walk (the
// second half of parsing) goes with the idle thread: a group handed over while the consumer was
// waiting for lines is walked by the consumer, as it takes each line.
//
// Memory: a slot keeps its buffers (a line's copy and its parser, several times the line) only for
// lines under IndexedLine::large_line_bytes, so idle slots hold little. Larger lines share a budget of
// large_line_budget bytes; one that does not fit waits until the others are given back, so a line of
// the reader's limit is held alone. Without read_ahead (a page, which stops early) everything runs on
// the calling thread and nothing is read past the last line asked for.
//
// next() yields each line (as LineReader does; Line::text points into the stream and, like the Entry,
// stays valid until the next call) and its parse result: an error for oversized lines and for lines
// that are not a JSON object. One consumer thread; destroying the stream stops and joins the reader.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
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
    static constexpr std::size_t handover_lines = 8;
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
    struct Slot {
        Line line;
        std::unique_ptr<IndexedLine> indexed = IndexedLine::create();
        std::unique_ptr<EntryParser> parser = EntryParser::create();
        Result<const Entry*> entry = nullptr;
        bool walked = true;  // false: indexed, and entry is for the consumer to fill
        void release();      // after a large line, gives its buffers back
    };

    EntryStream(std::unique_ptr<LineReader> reader, std::uint64_t start_offset, bool read_ahead);
    void produce();
    // Sleeps until ready() holds or the stream stops; false when it stopped.
    template <typename Ready>
    bool wait_as_reader(std::unique_lock<std::mutex>& lock, Ready ready);
    // The consumer's, under m_mutex: back to m_free. True when large lines were among them.
    bool give_back(std::vector<Slot*>& slots);

    std::unique_ptr<LineReader> m_reader;  // the producer's (the caller's without read_ahead)
    std::vector<Slot> m_slots;
    std::uint64_t m_start;
    std::uint64_t m_consumed;

    // Shared with the reader thread, under m_mutex.
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Slot*> m_ready;
    std::vector<Slot*> m_free;
    std::size_t m_large_bytes = 0;  // of large lines out of m_free
    bool m_reader_waiting = false;
    bool m_consumer_waiting = false;
    bool m_end = false;
    bool m_stop = false;
    Error m_error;

    // The consumer's own: the slot of the line it yielded last, the lines it took from m_ready in one go,
    // and the slots it has finished with, given back together the next time it takes the lock.
    Slot* m_current = nullptr;
    bool m_finished = false;  // next() returned false: the reader thread no longer touches m_reader
    std::deque<Slot*> m_taken;
    std::vector<Slot*> m_done;
    std::thread m_thread;
};

}  // namespace tools::transcripts
