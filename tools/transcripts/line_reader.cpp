#include "tools/transcripts/line_reader.hpp"

#include <fcntl.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "tools/transcripts/file_window.hpp"
#include "tools/transcripts/mapped_line_reader.hpp"

namespace tools::transcripts {
namespace {

// Reads of this size keep syscall overhead negligible while the buffer stays small; the buffer only
// grows past it for a line longer than one chunk. The first reads are smaller and double up to it: a
// page of extract_transcript needs a few kilobytes after its cursor, and reading (and allocating) a
// whole chunk for each of thousands of pages cost more than the pages themselves.
constexpr std::size_t chunk_bytes = 1u << 18;
constexpr std::size_t first_chunk_bytes = 1u << 13;
constexpr std::size_t padding = simdjson::SIMDJSON_PADDING;
static_assert(FileWindow::kPaddingBytes >= padding, "a mapped reader's lines need simdjson's padding too");
// Buffers given up while held, kept to be reused once their holders let go.
constexpr std::size_t max_retired_buffers = 8;
// A file read whole is mapped from this many bytes after the start (mapped_line_reader.hpp); a smaller
// rest is read with read(), which for a few hundred kilobytes costs less than mapping a window.
constexpr std::uint64_t map_from_bytes = 1u << 20;

// A read buffer; shared with the holders of lines in it.
struct Buffer {
    explicit Buffer(std::size_t size) : data(new char[size]), capacity(size) {}
    std::unique_ptr<char[]> data;
    std::size_t capacity;
};

class FileLineReader final : public LineReader {
  public:
    FileLineReader(int fd, std::uint64_t start_offset, std::uint64_t start_line, std::size_t max_line_bytes)
        : m_fd(fd),
          m_max_line(max_line_bytes),
          m_buffer(std::make_shared<Buffer>(first_chunk_bytes + padding)),
          m_buf_offset(start_offset),
          m_line_number(start_line) {}
    ~FileLineReader() override { ::close(m_fd); }

    FileLineReader(const FileLineReader&) = delete;
    FileLineReader& operator=(const FileLineReader&) = delete;

    bool next(Line& line) override;
    const Error* error() const override { return m_error.message.empty() ? nullptr : &m_error; }
    std::shared_ptr<const void> hold() const override { return m_buffer; }

  private:
    char* buf() { return m_buffer->data.get(); }
    std::size_t capacity() const { return m_buffer->capacity; }
    bool fill();
    void make_room();
    std::shared_ptr<Buffer> fresh_buffer(std::size_t size);
    void retire(std::shared_ptr<Buffer> buffer);
    void retire_and_replace();  // of the same size
    void yield(Line& line, std::size_t end, bool complete);
    void yield_oversized(Line& line, std::uint64_t end_offset, bool complete);

    int m_fd;
    std::size_t m_max_line;
    std::shared_ptr<Buffer> m_buffer;
    std::vector<std::shared_ptr<Buffer>> m_retired;  // held when given up
    std::size_t m_chunk = first_chunk_bytes;         // the next read's size, doubling up to chunk_bytes
    std::size_t m_begin = 0;                         // first byte of the line being assembled
    std::size_t m_scan = 0;                          // bytes before this were already searched for '\n'
    std::size_t m_end = 0;                           // end of valid data
    std::uint64_t m_buf_offset;                      // file offset of buf()[0]
    std::uint64_t m_line_number;
    bool m_eof = false;
    bool m_done = false;
    // Skipping an oversized line: its first byte's offset, and whether we are inside it.
    bool m_skipping = false;
    std::uint64_t m_skip_offset = 0;
    Error m_error;
};

void FileLineReader::yield(Line& line, std::size_t end, bool complete) {
    if (end - m_begin > m_max_line) {
        // The last read brought the '\n' of a line just over the limit: the limit is exact, whatever
        // the chunk boundaries, so listing and extraction skip exactly the same lines.
        m_skip_offset = m_buf_offset + m_begin;
        yield_oversized(line, m_buf_offset + end, complete);
        return;
    }
    line.text = std::string_view(buf() + m_begin, end - m_begin);
    line.number = m_line_number++;
    line.offset = m_buf_offset + m_begin;
    line.next_offset = m_buf_offset + end + (complete ? 1 : 0);
    line.complete = complete;
    line.oversized = false;
}

void FileLineReader::yield_oversized(Line& line, std::uint64_t end_offset, bool complete) {
    line.text = {};
    line.number = m_line_number++;
    line.offset = m_skip_offset;
    line.next_offset = end_offset + (complete ? 1 : 0);
    line.complete = complete;
    line.oversized = true;
    m_skipping = false;
}

// A buffer of at least size bytes: a retired one nobody holds any more, or a new one.
std::shared_ptr<Buffer> FileLineReader::fresh_buffer(std::size_t size) {
    for (auto& retired : m_retired) {
        if (retired.use_count() == 1 && retired->capacity >= size) {
            // The last holder's release, on another thread, happens before this reuse.
            std::atomic_thread_fence(std::memory_order_acquire);
            std::shared_ptr<Buffer> reused = std::move(retired);
            retired = std::move(m_retired.back());
            m_retired.pop_back();
            return reused;
        }
    }
    return std::make_shared<Buffer>(size);
}

void FileLineReader::retire(std::shared_ptr<Buffer> buffer) {
    if (m_retired.size() == max_retired_buffers) {
        m_retired.erase(m_retired.begin());  // freed when its holders let go
    }
    m_retired.push_back(std::move(buffer));
}

void FileLineReader::retire_and_replace() {
    std::shared_ptr<Buffer> next = fresh_buffer(capacity());
    retire(std::move(m_buffer));
    m_buffer = std::move(next);
}

// Makes at least half a chunk of free space after m_end (always keeping the padding free), first by
// moving the partial line to the front, then by growing the buffer. A buffer someone holds is left as
// it is: the partial line goes to another buffer.
void FileLineReader::make_room() {
    if (capacity() - padding - m_end >= m_chunk / 2) {
        return;
    }
    const bool held = m_buffer.use_count() > 1;
    if (!held && m_begin > 0) {
        std::memmove(buf(), buf() + m_begin, m_end - m_begin);
    }
    if (held || capacity() - padding - (m_end - m_begin) < m_chunk / 2) {
        const std::size_t size = m_end - m_begin;
        const std::size_t wanted = held ? std::max(capacity(), size + m_chunk + padding)
                                        : std::max(capacity() * 2, size + m_chunk + padding);
        std::shared_ptr<Buffer> next = fresh_buffer(wanted);
        std::memcpy(next->data.get(), held ? buf() + m_begin : buf(), size);
        if (held) {
            retire(std::move(m_buffer));
        }
        m_buffer = std::move(next);
    }
    m_buf_offset += m_begin;
    m_scan -= m_begin;
    m_end -= m_begin;
    m_begin = 0;
}

bool FileLineReader::fill() {
    make_room();
    m_chunk = std::min(m_chunk * 2, chunk_bytes);
    for (;;) {
        const ssize_t n = ::read(m_fd, buf() + m_end, capacity() - padding - m_end);
        if (n > 0) {
            m_end += static_cast<std::size_t>(n);
            return true;
        }
        if (n == 0) {
            m_eof = true;
            return false;
        }
        if (errno != EINTR) {
            m_error = Error{ErrorCode::io_error, std::string("read failed: ") + std::strerror(errno)};
            m_eof = true;
            return false;
        }
    }
}

bool FileLineReader::next(Line& line) {
    if (m_done) {
        return false;
    }
    for (;;) {
        const char* found = static_cast<const char*>(std::memchr(buf() + m_scan, '\n', m_end - m_scan));
        if (found != nullptr) {
            const auto end = static_cast<std::size_t>(found - buf());
            if (!m_skipping && end - m_begin > m_max_line) {
                // One read brought in the whole of a line over the limit: the same as skipping it.
                m_skipping = true;
                m_skip_offset = m_buf_offset + m_begin;
            }
            if (m_skipping) {
                yield_oversized(line, m_buf_offset + end, true);
            } else {
                yield(line, end, true);
            }
            m_begin = m_scan = end + 1;
            return true;
        }
        m_scan = m_end;
        if (!m_skipping && m_end - m_begin > m_max_line) {
            // Too long to buffer: forget what we have and discard up to the next '\n'.
            m_skipping = true;
            m_skip_offset = m_buf_offset + m_begin;
        }
        if (m_skipping) {
            m_buf_offset += m_end;
            m_begin = m_scan = m_end = 0;
            if (m_buffer.use_count() > 1) {
                retire_and_replace();  // the next read would overwrite held lines
            }
        }
        if (m_eof || !fill()) {
            m_done = true;
            if (m_skipping) {
                yield_oversized(line, m_buf_offset + m_end, false);
                return true;
            }
            if (m_end > m_begin) {
                yield(line, m_end, false);
                m_begin = m_scan = m_end;
                return true;
            }
            return false;
        }
    }
}

}  // namespace

Result<std::unique_ptr<LineReader>> LineReader::open(const std::filesystem::path& path,
                                                     std::uint64_t start_offset, std::uint64_t start_line,
                                                     std::size_t max_line_bytes, ReadExtent extent) {
    // O_NONBLOCK and the check on the opened descriptor: a transcript swapped for a FIFO or a device
    // after it was listed must fail here, not block or stream forever. Regular files ignore O_NONBLOCK.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        return make_error(errno == ENOENT ? ErrorCode::not_found : ErrorCode::io_error,
                          "cannot open " + path.string() + ": " + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return make_error(ErrorCode::io_error, path.string() + " is not a regular file");
    }
    if (start_offset > 0 && ::lseek(fd, static_cast<off_t>(start_offset), SEEK_SET) < 0) {
        const int saved = errno;
        ::close(fd);
        return make_error(ErrorCode::io_error,
                          "cannot seek in " + path.string() + ": " + std::strerror(saved));
    }
    const auto size = static_cast<std::uint64_t>(info.st_size);
    if (extent == ReadExtent::whole && size > start_offset && size - start_offset >= map_from_bytes) {
        return open_mapped_line_reader(fd, size, start_offset, start_line, max_line_bytes);
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return std::unique_ptr<LineReader>(new FileLineReader(fd, start_offset, start_line, max_line_bytes));
}

}  // namespace tools::transcripts
