#include "tools/transcripts/entry_stream.hpp"

#include <utility>

namespace tools::transcripts {
namespace {

bool is_large(const Line& line) {
    return line.text.size() >= IndexedLine::large_line_bytes;
}

// A line read ahead is indexed where the reader put it (the slot holds that buffer until given back);
// on the calling thread the line is copied, so the reader's buffer stays its own to reuse. The walk
// is left out when walk is false.
void parse_into(Line& line, const LineReader* in_place, IndexedLine& indexed, EntryParser& parser,
                Result<const Entry*>& entry, bool walk = true) {
    if (line.oversized) {
        entry = make_error(ErrorCode::invalid_argument, "oversized");
        return;
    }
    if (in_place != nullptr) {
        indexed.index_in_place(line.text, in_place->hold());
    } else {
        indexed.index(line.text);
    }
    line.text = indexed.text();
    if (walk) {
        entry = parser.parse(indexed);
    }
}

}  // namespace

Result<std::unique_ptr<EntryStream>> EntryStream::open(const std::filesystem::path& path,
                                                       std::uint64_t start_offset, std::uint64_t start_line,
                                                       std::size_t max_line_bytes, bool read_ahead) {
    auto reader = LineReader::open(path, start_offset, start_line, max_line_bytes,
                                   read_ahead ? ReadExtent::whole : ReadExtent::part);
    if (!reader) {
        return tl::unexpected(reader.error());
    }
    return std::unique_ptr<EntryStream>(new EntryStream(std::move(*reader), start_offset, read_ahead));
}

EntryStream::EntryStream(std::unique_ptr<LineReader> reader, std::uint64_t start_offset, bool read_ahead)
    : m_reader(std::move(reader)),
      m_slots(read_ahead ? slot_count : 1),
      m_start(start_offset),
      m_consumed(start_offset) {
    if (read_ahead) {
        for (Slot& slot : m_slots) {
            m_free.push_back(&slot);
        }
        m_thread = std::thread([this] { produce(); });
    }
}

EntryStream::~EntryStream() {
    if (m_thread.joinable()) {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }
}

void EntryStream::Slot::release() {
    indexed->release();
    if (is_large(line)) {
        parser = EntryParser::create();  // its decoded strings may be as large as the line
    }
}

// The consumer waits for handover_lines ready lines unless the reader waits too, so it must hear that
// the reader is about to.
template <typename Ready>
bool EntryStream::wait_as_reader(std::unique_lock<std::mutex>& lock, Ready ready) {
    m_reader_waiting = true;
    if (m_consumer_waiting) {
        m_changed.notify_all();
    }
    m_changed.wait(lock, [&] { return m_stop || ready(); });
    m_reader_waiting = false;
    return !m_stop;
}

// The reader thread. It sleeps when no slot is free and wakes only when a quarter of them are, so the
// two threads hand over lines in groups instead of waking each other for every line.
//
// When the consumer was found waiting at a handover, the reader leaves the walks of the next group to
// it. Which thread has time to spare depends on the text (the consumer redacts it), so a fixed split
// leaves one of them idle for a quarter of a run: with every walk on the reader the consumer waited,
// with every walk on the consumer (where a walk costs more: the line and its index are in the other
// core's cache) the reader did, and the run took 1.09x as long. Following the idle side, a whole
// extraction takes 0.93-0.99x the time of the reader doing every walk.
void EntryStream::produce() {
    std::unique_lock<std::mutex> lock(m_mutex);
    std::vector<Slot*> batch;
    std::vector<Slot*> filled;
    bool consumer_walks = false;
    for (;;) {
        if (!wait_as_reader(lock, [this] { return m_free.size() >= m_slots.size() / 4; })) {
            return;
        }
        batch.clear();
        batch.swap(m_free);
        lock.unlock();
        // Hands the filled slots over; false when the stream stopped.
        const auto publish = [&] {
            lock.lock();
            m_ready.insert(m_ready.end(), filled.begin(), filled.end());
            consumer_walks = m_consumer_waiting;
            const bool wake = m_consumer_waiting && m_ready.size() >= handover_lines;
            const bool stop = m_stop;
            lock.unlock();
            filled.clear();
            if (wake) {
                m_changed.notify_all();
            }
            return !stop;
        };
        std::size_t used = 0;
        bool end = false;
        for (; used < batch.size(); ++used) {
            Slot& slot = *batch[used];
            if (!m_reader->next(slot.line)) {
                end = true;
                break;
            }
            if (is_large(slot.line)) {
                // Out of the budget until the consumer gives the slot back.
                const std::size_t size = slot.line.text.size();
                if (!filled.empty() && !publish()) {
                    return;
                }
                lock.lock();
                if (!wait_as_reader(lock, [&] {
                        return m_large_bytes == 0 || m_large_bytes + size <= large_line_budget;
                    })) {
                    return;
                }
                m_large_bytes += size;
                lock.unlock();
            }
            slot.walked = !consumer_walks || slot.line.oversized;  // an oversized line has no walk
            parse_into(slot.line, m_reader.get(), *slot.indexed, *slot.parser, slot.entry, slot.walked);
            filled.push_back(&slot);
            if (filled.size() >= handover_lines && !publish()) {
                return;
            }
        }
        if (!filled.empty() && !publish()) {
            return;
        }
        lock.lock();
        m_free.insert(m_free.end(), batch.begin() + static_cast<std::ptrdiff_t>(used), batch.end());
        if (end) {
            if (const Error* error = m_reader->error()) {
                m_error = *error;
            }
            m_end = true;
            lock.unlock();
            m_changed.notify_all();
            return;
        }
    }
}

bool EntryStream::give_back(std::vector<Slot*>& slots) {
    bool large = false;
    for (Slot* slot : slots) {
        if (is_large(slot->line)) {
            m_large_bytes -= slot->line.text.size();
            large = true;
        }
        slot->release();
        m_free.push_back(slot);
    }
    slots.clear();
    return large;
}

bool EntryStream::next(Line& line, Result<const Entry*>& entry) {
    Slot* slot = nullptr;
    if (!m_thread.joinable()) {
        slot = &m_slots.front();
        slot->release();  // the previous line's buffers, if it was a large one
        if (!m_reader->next(slot->line)) {
            return false;
        }
        parse_into(slot->line, nullptr, *slot->indexed, *slot->parser, slot->entry);
    } else {
        if (m_current != nullptr) {
            m_done.push_back(m_current);
            m_current = nullptr;
        }
        if (m_taken.empty()) {
            std::unique_lock<std::mutex> lock(m_mutex);
            const bool freed_large = give_back(m_done);
            if (m_reader_waiting && (freed_large || m_free.size() >= m_slots.size() / 4)) {
                lock.unlock();
                m_changed.notify_all();
                lock.lock();
            }
            m_consumer_waiting = true;
            // Woken for a few lines at a time, not for each: a wake-up costs more than parsing a line.
            m_changed.wait(lock, [this] {
                return m_end || (!m_ready.empty() && (m_ready.size() >= handover_lines || m_reader_waiting));
            });
            m_consumer_waiting = false;
            m_taken.swap(m_ready);
            if (m_taken.empty()) {
                m_finished = true;
                return false;
            }
        }
        slot = m_taken.front();
        m_taken.pop_front();
        m_current = slot;
        if (!slot->walked) {
            slot->entry = slot->parser->parse(*slot->indexed);
        }
    }
    line = slot->line;
    m_consumed = line.next_offset;
    entry = slot->entry;
    return true;
}

const Error* EntryStream::error() const {
    if (!m_thread.joinable()) {
        return m_reader->error();
    }
    if (!m_error.message.empty()) {
        return &m_error;
    }
    // Once the reader thread is done with it, its reader is asked again: a mapped file can shrink
    // under a line this thread was still reading, after the reader thread had finished.
    return m_finished ? m_reader->error() : nullptr;
}

}  // namespace tools::transcripts
