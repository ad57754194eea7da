#include "tools/transcripts/entry_stream.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace tools::transcripts {
namespace {

bool is_large(const Line& line) {
    return line.text.size() >= IndexedLine::large_line_bytes;
}

void relax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

// How long a thread polls before it sleeps (see await): none with a single core, where polling only
// delays the thread it waits for.
std::chrono::nanoseconds poll_time() {
    static const std::chrono::nanoseconds time =
        std::thread::hardware_concurrency() > 1 ? std::chrono::microseconds(50) : std::chrono::nanoseconds(0);
    return time;
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
    : m_reader(std::move(reader)), m_slots(read_ahead ? slot_count : 1), m_consumed(start_offset) {
    if (read_ahead) {
        m_thread = std::thread([this] { produce(); });
    }
}

EntryStream::~EntryStream() {
    if (m_thread.joinable()) {
        m_stop.store(true);
        notify();
        m_thread.join();
    }
}

// A line read ahead is indexed where the reader left it (holder keeps it there); on the calling
// thread alone there is no holder, and the line is copied, so the reader's buffer stays its own.
void EntryStream::Slot::parse() {
    if (line.oversized) {
        entry = make_error(ErrorCode::invalid_argument, "oversized");
        return;
    }
    if (holder != nullptr) {
        indexed->index_in_place(line.text, std::move(holder));
    } else {
        indexed->index(line.text);
    }
    line.text = indexed->text();
    entry = parser->parse(*indexed);
}

void EntryStream::Slot::release() {
    holder.reset();
    indexed->release();
    if (is_large(line)) {
        parser = EntryParser::create();  // its decoded strings may be as large as the line
    }
}

// Each thread waits for the other often (a thousand times in a 100 MB session) and briefly: the other
// needs a few microseconds to find or parse a line. Waking a thread that sleeps costs more than that
// (tens of microseconds, more on a virtual machine, whose idle CPU halts), so a waiter first polls.
// Sleeping and waking pair up through read-modify-writes of m_sleepers, which are ordered one after
// the other: the waiter counts itself in (under m_mutex) before it checks done() again; the other
// thread changes what done() reads before it reads m_sleepers the same way. If the waiter's comes
// second, it sees the change; if first, the other sees the waiter, and notifies it.
template <typename Done>
void EntryStream::await(Done done, bool poll) {
    if (done()) {
        return;
    }
    const auto deadline =
        std::chrono::steady_clock::now() + (poll ? poll_time() : std::chrono::nanoseconds(0));
    do {
        if (std::chrono::steady_clock::now() >= deadline) {
            std::unique_lock<std::mutex> lock(m_mutex);
            m_sleepers.fetch_add(1, std::memory_order_acq_rel);
            m_changed.wait(lock, done);
            m_sleepers.fetch_sub(1, std::memory_order_relaxed);
            return;
        }
        for (int i = 0; i < 16; ++i) {
            relax();
        }
    } while (!done());
}

void EntryStream::notify() {
    if (m_sleepers.fetch_add(0, std::memory_order_acq_rel) > 0) {
        { const std::lock_guard<std::mutex> lock(m_mutex); }  // a waiter between its check and its sleep
        m_changed.notify_all();
    }
}

bool EntryStream::claim_and_parse(Slot& slot) {
    int expected = found;
    if (!slot.state.compare_exchange_strong(expected, parsing, std::memory_order_acquire)) {
        return false;
    }
    slot.parse();
    slot.state.store(parsed, std::memory_order_release);
    return true;
}

// Finds the next line into its slot (free: the consumer gave the line before it back). A large line
// first waits for room in the budget.
bool EntryStream::find_line() {
    const std::uint64_t index = m_read;
    Slot& slot = slot_of(index);
    if (!m_reader->next(slot.line)) {
        publish();
        if (const Error* error = m_reader->error()) {
            m_error = *error;
        }
        m_end.store(true, std::memory_order_release);
        notify();
        return false;
    }
    if (is_large(slot.line)) {
        const std::size_t size = slot.line.text.size();
        publish();  // the budget may be held by lines found and not yet shown
        await([&] {
            const std::size_t held = m_large_bytes.load(std::memory_order_acquire);
            return m_stop.load(std::memory_order_relaxed) || held == 0 || held + size <= large_line_budget;
        });
        m_large_bytes.fetch_add(size, std::memory_order_relaxed);
    }
    if (!slot.line.oversized) {
        slot.holder = m_reader->hold();
    }
    slot.state.store(found, std::memory_order_relaxed);
    m_read = index + 1;
    return true;
}

void EntryStream::publish() {
    if (m_found.load(std::memory_order_relaxed) != m_read) {
        m_found.store(m_read, std::memory_order_release);
        notify();
    }
}

// The reader thread: keeps up to find_ahead lines found and not taken, and parses the oldest of them
// nobody has taken. It waits only when the slots are all out, until reader_wake_lines are back: waking
// it costs more than parsing a line.
void EntryStream::produce() {
    std::uint64_t parse_from = 0;  // lines before it are taken
    bool end = false;
    while (!m_stop.load(std::memory_order_relaxed)) {
        const std::uint64_t found_lines = m_read;
        const std::uint64_t given = m_given.load(std::memory_order_acquire);
        parse_from = std::max(parse_from, given);
        const bool room = !end && found_lines - given < m_slots.size();
        if (room && found_lines - parse_from < find_ahead) {
            end = !find_line();
            continue;
        }
        publish();
        bool parsed_one = false;
        while (!parsed_one && parse_from < found_lines) {
            parsed_one = claim_and_parse(slot_of(parse_from++));
        }
        if (parsed_one) {
            notify();
        } else if (room) {
            continue;  // the consumer took every line found: find more
        } else if (end) {
            return;
        } else {
            // All slots are out: asleep until a group of them is back. The caller needs that long
            // for reader_wake_lines lines, and polling would only take time from it.
            await(
                [&] {
                    return m_stop.load(std::memory_order_relaxed) ||
                           m_given.load(std::memory_order_acquire) / reader_wake_lines !=
                               given / reader_wake_lines;
                },
                false);
        }
    }
}

bool EntryStream::next(Line& line, Result<const Entry*>& entry) {
    Slot* slot = nullptr;
    if (!m_thread.joinable()) {
        slot = &m_slots.front();
        slot->release();  // the previous line's buffers, if it was a large one
        if (!m_reader->next(slot->line)) {
            return false;
        }
        slot->parse();
    } else {
        if (m_holding) {
            Slot& done = slot_of(m_next - 1);
            const bool large = is_large(done.line);
            done.release();
            if (large) {
                m_large_bytes.fetch_sub(done.line.text.size(), std::memory_order_release);
            }
            m_given.store(m_next, std::memory_order_release);
            if (large || m_next % reader_wake_lines == 0) {
                notify();
            }
            m_holding = false;
        }
        await([this] {
            return m_next < m_found.load(std::memory_order_acquire) || m_end.load(std::memory_order_acquire);
        });
        if (m_next >= m_found.load(std::memory_order_acquire)) {  // m_end: m_found is final
            m_finished = true;
            return false;
        }
        slot = &slot_of(m_next);
        // While the reader parses this line, this thread parses later ones nobody has taken.
        if (!claim_and_parse(*slot)) {
            std::uint64_t help = m_next + 1;
            while (slot->state.load(std::memory_order_acquire) != parsed) {
                const std::uint64_t found_lines = m_found.load(std::memory_order_acquire);
                bool helped = false;
                while (!helped && help < found_lines) {
                    helped = claim_and_parse(slot_of(help++));
                }
                if (!helped) {
                    await([&] {
                        return slot->state.load(std::memory_order_acquire) == parsed ||
                               m_found.load(std::memory_order_acquire) > help;
                    });
                }
            }
        }
        ++m_next;
        m_holding = true;
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
    if (!m_finished) {
        return nullptr;
    }
    if (!m_error.message.empty()) {
        return &m_error;
    }
    // Once the reader thread is done with it, its reader is asked again: a mapped file can shrink
    // under a line this thread was still reading, after the reader thread had finished.
    return m_reader->error();
}

}  // namespace tools::transcripts
