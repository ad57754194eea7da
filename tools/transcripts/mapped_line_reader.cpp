#include "tools/transcripts/mapped_line_reader.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#include "tools/transcripts/file_window.hpp"

namespace tools::transcripts {
namespace {

// Large enough that mapping and unmapping cost nothing beside parsing what they hold; small enough
// that the two or three windows a read keeps at once (held lines, the one being read) add little to
// the process's resident memory, which counts mapped pages.
constexpr std::size_t kWindowBytes = 4u << 20;

class MappedLineReader final : public LineReader {
  public:
    MappedLineReader(int fd, std::uint64_t size, std::uint64_t start_offset, std::uint64_t start_line,
                     std::size_t max_line_bytes)
        : m_fd(fd),
          m_size(size),
          m_max_line(max_line_bytes),
          m_pos(start_offset),
          m_scan(start_offset),
          m_line_number(start_line) {}
    ~MappedLineReader() override { ::close(m_fd); }

    MappedLineReader(const MappedLineReader&) = delete;
    MappedLineReader& operator=(const MappedLineReader&) = delete;

    bool next(Line& line) override;
    const Error* error() const override {
        if (!m_error.message.empty()) {
            return &m_error;
        }
        return m_faulted->load(std::memory_order_acquire) ? &shrank() : nullptr;
    }
    std::shared_ptr<const void> hold() const override { return m_window; }

  private:
    static const Error& shrank() {
        static const Error error{ErrorCode::io_error, "the file shrank while it was being read"};
        return error;
    }
    bool fail(Error error);
    bool refresh_size();
    bool load_window();
    void yield(Line& line, std::uint64_t end, bool complete);

    int m_fd;
    std::uint64_t m_size;  // as last seen: the file may grow while it is read
    std::size_t m_max_line;
    std::uint64_t m_pos;   // offset of the line being assembled
    std::uint64_t m_scan;  // bytes before this offset were already searched for '\n'
    std::uint64_t m_line_number;
    bool m_skipping = false;  // the line at m_pos is over the limit: only its end is looked for
    bool m_done = false;
    std::shared_ptr<const FileWindow> m_window;  // holds m_scan (and m_pos unless skipping) when set
    std::shared_ptr<std::atomic<bool>> m_faulted = std::make_shared<std::atomic<bool>>(false);
    Error m_error;
};

bool MappedLineReader::fail(Error error) {
    m_error = std::move(error);
    m_done = true;
    return false;
}

bool MappedLineReader::refresh_size() {
    struct stat info {};
    if (::fstat(m_fd, &info) != 0) {
        return fail(Error{ErrorCode::io_error, std::string("cannot stat: ") + std::strerror(errno)});
    }
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (size < m_size) {
        return fail(shrank());
    }
    m_size = size;
    return true;
}

// A window from the line's start (from the search position while skipping), twice as long as what
// is held of the line so far, so a line of any length is found in a few windows and then mapped whole.
bool MappedLineReader::load_window() {
    const std::uint64_t begin = m_skipping ? m_scan : m_pos;
    std::uint64_t length = kWindowBytes;
    if (!m_skipping) {
        length = std::max<std::uint64_t>(length, 2 * (m_scan - m_pos));
    }
    length = std::min(length, m_size - begin);
    m_window.reset();  // first, so a window nobody else holds is unmapped before the next is mapped
    auto loaded = FileWindow::load(m_fd, begin, static_cast<std::size_t>(length), m_faulted);
    if (!loaded) {
        return fail(loaded.error());
    }
    m_window = std::move(*loaded);
    return true;
}

void MappedLineReader::yield(Line& line, std::uint64_t end, bool complete) {
    const bool oversized = m_skipping || end - m_pos > m_max_line;
    line.text = oversized ? std::string_view()
                          : std::string_view(m_window->data() + (m_pos - m_window->offset()),
                                             static_cast<std::size_t>(end - m_pos));
    line.number = m_line_number++;
    line.offset = m_pos;
    line.next_offset = end + (complete ? 1 : 0);
    line.complete = complete;
    line.oversized = oversized;
    m_skipping = false;
    m_pos = m_scan = line.next_offset;
}

bool MappedLineReader::next(Line& line) {
    if (m_done) {
        return false;
    }
    for (;;) {
        if (m_faulted->load(std::memory_order_acquire)) {
            return fail(shrank());
        }
        if (m_window != nullptr && m_scan < m_window->end()) {
            const char* data = m_window->data();
            const auto from = static_cast<std::size_t>(m_scan - m_window->offset());
            const void* newline = std::memchr(data + from, '\n', m_window->size() - from);
            if (m_faulted->load(std::memory_order_acquire)) {
                return fail(shrank());  // what the search read is zeros, not the file
            }
            if (newline != nullptr) {
                yield(
                    line,
                    m_window->offset() + static_cast<std::uint64_t>(static_cast<const char*>(newline) - data),
                    true);
                return true;
            }
            m_scan = m_window->end();
        }
        if (m_scan - m_pos > m_max_line) {
            m_skipping = true;
        }
        if (m_scan >= m_size && !refresh_size()) {
            return false;
        }
        if (m_scan >= m_size) {
            // The end, for now: a last line without '\n' may still be being written.
            m_done = true;
            if (m_pos < m_size) {
                yield(line, m_size, false);
                return true;
            }
            return false;
        }
        if (!load_window()) {
            return false;
        }
    }
}

}  // namespace

std::unique_ptr<LineReader> open_mapped_line_reader(int fd, std::uint64_t size, std::uint64_t start_offset,
                                                    std::uint64_t start_line, std::size_t max_line_bytes) {
    return std::make_unique<MappedLineReader>(fd, size, start_offset, start_line, max_line_bytes);
}

}  // namespace tools::transcripts
