// The lines of one transcript file with their parse results, for extract.cpp.
//
// With read_ahead, a second thread reads the lines ahead and runs simdjson's structural pass (about a
// third of extraction's work) on up to slot_count of them, while the calling thread walks them into
// Entries and condenses; output and errors are exactly those of the plain mode, only the work is
// split. Lines of IndexedLine::large_line_bytes or more are indexed only when every slot is free, so
// at most one such line is held at a time: memory stays bounded by slot_count small lines plus one
// line of the reader's limit. Without read_ahead (a page, which stops early) everything runs on the
// calling thread and nothing is read past the last line asked for.
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
    static constexpr std::size_t slot_count = 16;

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
    };

    EntryStream(std::unique_ptr<LineReader> reader, std::uint64_t start_offset, bool read_ahead);
    void produce();
    bool fill(Slot& slot);  // reads and indexes one line into slot; false at the end

    std::unique_ptr<LineReader> m_reader;  // the producer's (the caller's without read_ahead)
    std::unique_ptr<EntryParser> m_parser = EntryParser::create();
    std::vector<Slot> m_slots;
    std::uint64_t m_start;
    std::uint64_t m_consumed;

    // Shared with the reader thread, under m_mutex.
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Slot*> m_ready;
    std::vector<Slot*> m_free;
    bool m_reader_waiting = false;
    bool m_consumer_waiting = false;
    bool m_end = false;
    bool m_stop = false;
    Error m_error;

    Slot* m_current = nullptr;  // the consumer's, given back on the next call
    std::thread m_thread;
};

}  // namespace tools::transcripts
