#include "tools/transcripts/entry_stream.hpp"

#include <utility>

namespace tools::transcripts {

Result<std::unique_ptr<EntryStream>> EntryStream::open(const std::filesystem::path& path,
                                                       std::uint64_t start_offset, std::uint64_t start_line,
                                                       std::size_t max_line_bytes, bool read_ahead) {
    auto reader = LineReader::open(path, start_offset, start_line, max_line_bytes);
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

bool EntryStream::fill(Slot& slot) {
    if (!m_reader->next(slot.line)) {
        return false;
    }
    if (slot.line.oversized) {
        slot.entry = make_error(ErrorCode::invalid_argument, "oversized");
        return true;
    }
    slot.indexed->index(slot.line.text);
    slot.line.text = slot.indexed->text();
    slot.entry = slot.parser->parse(*slot.indexed);
    return true;
}

void EntryStream::Slot::release() {
    if (line.text.size() >= IndexedLine::large_line_bytes) {
        indexed->release();
        parser = EntryParser::create();  // its decoded strings may be as large as the line
    }
}

// Sleeps until free slots are available (or stop). The consumer waits for handover_lines ready lines
// unless the reader waits too, so it must hear that the reader is about to.
void EntryStream::wait_as_reader(std::unique_lock<std::mutex>& lock, std::size_t free_slots) {
    m_reader_waiting = true;
    if (m_consumer_waiting) {
        m_changed.notify_all();
    }
    m_changed.wait(lock, [this, free_slots] { return m_stop || m_free.size() >= free_slots; });
    m_reader_waiting = false;
}

// The reader thread. It sleeps when no slot is free and wakes only when half of them are, so the two
// threads hand over lines in batches instead of waking each other for every line.
void EntryStream::produce() {
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        wait_as_reader(lock, m_slots.size() / 2);
        if (m_stop) {
            return;
        }
        std::vector<Slot*> batch;
        batch.swap(m_free);
        lock.unlock();
        std::size_t filled = 0;
        bool end = false;
        bool large = false;
        std::vector<Slot*> filled_slots;
        const auto publish = [&] {
            lock.lock();
            m_ready.insert(m_ready.end(), filled_slots.begin(), filled_slots.end());
            const bool wake = m_consumer_waiting && m_ready.size() >= handover_lines;
            const bool stop = m_stop;
            lock.unlock();
            filled_slots.clear();
            if (wake) {
                m_changed.notify_all();
            }
            return !stop;
        };
        for (Slot* slot : batch) {
            if (!fill(*slot)) {
                end = true;
                break;
            }
            ++filled;
            filled_slots.push_back(slot);
            large = slot->line.text.size() >= IndexedLine::large_line_bytes;
            if (large) {
                break;  // hold no other line while a large one is out
            }
            // Lines go over in groups: one lock for several lines, as the consumer takes them.
            if (filled_slots.size() >= handover_lines && !publish()) {
                return;
            }
        }
        if (!filled_slots.empty() && !publish()) {
            return;
        }
        lock.lock();
        m_free.insert(m_free.end(), batch.begin() + static_cast<std::ptrdiff_t>(filled), batch.end());
        if (end) {
            if (const Error* error = m_reader->error()) {
                m_error = *error;
            }
            m_end = true;
            lock.unlock();
            m_changed.notify_all();
            return;
        }
        if (large) {
            // Wait until the consumer gave every slot back before the next line.
            wait_as_reader(lock, m_slots.size());
            if (m_stop) {
                return;
            }
        }
    }
}

bool EntryStream::next(Line& line, Result<const Entry*>& entry) {
    Slot* slot = nullptr;
    if (!m_thread.joinable()) {
        slot = &m_slots.front();
        slot->release();  // the previous line's buffers, if it was a large one
        if (!fill(*slot)) {
            return false;
        }
    } else {
        if (m_current != nullptr) {
            m_current->release();
            m_done.push_back(m_current);
            m_current = nullptr;
        }
        if (m_taken.empty()) {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_free.insert(m_free.end(), m_done.begin(), m_done.end());
            m_done.clear();
            if (m_reader_waiting && m_free.size() >= m_slots.size() / 2) {
                lock.unlock();
                m_changed.notify_all();
                lock.lock();
            }
            m_consumer_waiting = true;
            // Woken for a few lines at a time, not for each: a wake-up costs more than indexing a line.
            m_changed.wait(lock, [this] {
                return m_end || (!m_ready.empty() && (m_ready.size() >= handover_lines || m_reader_waiting));
            });
            m_consumer_waiting = false;
            m_taken.swap(m_ready);
            if (m_taken.empty()) {
                return false;
            }
        }
        slot = m_taken.front();
        m_taken.pop_front();
        m_current = slot;
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
    return m_error.message.empty() ? nullptr : &m_error;
}

}  // namespace tools::transcripts
