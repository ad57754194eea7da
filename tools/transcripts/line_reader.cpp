#include "tools/transcripts/line_reader.hpp"

#include <fcntl.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace tools::transcripts {
namespace {

// Reads of this size keep syscall overhead negligible while the buffer stays small; the buffer only
// grows past it for a line longer than one chunk. The first reads are smaller and double up to it: a
// page of extract_transcript needs a few kilobytes after its cursor, and reading (and allocating) a
// whole chunk for each of thousands of pages cost more than the pages themselves.
constexpr std::size_t chunk_bytes = 1u << 18;
constexpr std::size_t first_chunk_bytes = 1u << 13;
constexpr std::size_t padding = simdjson::SIMDJSON_PADDING;

class FileLineReader final : public LineReader {
  public:
    FileLineReader(int fd, std::uint64_t start_offset, std::uint64_t start_line, std::size_t max_line_bytes)
        : m_fd(fd), m_max_line(max_line_bytes), m_buf_offset(start_offset), m_line_number(start_line) {
        m_capacity = first_chunk_bytes + padding;
        m_buf.reset(new char[m_capacity]);
    }
    ~FileLineReader() override { ::close(m_fd); }

    FileLineReader(const FileLineReader&) = delete;
    FileLineReader& operator=(const FileLineReader&) = delete;

    bool next(Line& line) override;
    const Error* error() const override { return m_error.message.empty() ? nullptr : &m_error; }
    std::uint64_t bytes_read() const override { return m_bytes_read; }

  private:
    bool fill();
    void make_room();
    void yield(Line& line, std::size_t end, bool complete);
    void yield_oversized(Line& line, std::uint64_t end_offset, bool complete);

    int m_fd;
    std::size_t m_max_line;
    std::unique_ptr<char[]> m_buf;
    std::size_t m_capacity = 0;
    std::size_t m_chunk = first_chunk_bytes;  // the next read's size, doubling up to chunk_bytes
    std::size_t m_begin = 0;                  // first byte of the line being assembled
    std::size_t m_scan = 0;                   // bytes before this were already searched for '\n'
    std::size_t m_end = 0;                    // end of valid data
    std::uint64_t m_buf_offset;               // file offset of m_buf[0]
    std::uint64_t m_line_number;
    std::uint64_t m_bytes_read = 0;
    bool m_eof = false;
    bool m_done = false;
    // Skipping an oversized line: its first byte's offset, and whether we are inside it.
    bool m_skipping = false;
    std::uint64_t m_skip_offset = 0;
    Error m_error;
};

void FileLineReader::yield(Line& line, std::size_t end, bool complete) {
    line.text = std::string_view(m_buf.get() + m_begin, end - m_begin);
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

// Makes at least half a chunk of free space after m_end (always keeping the padding free), first by
// moving the partial line to the front, then by growing the buffer.
void FileLineReader::make_room() {
    if (m_capacity - padding - m_end >= m_chunk / 2) {
        return;
    }
    if (m_begin > 0) {
        std::memmove(m_buf.get(), m_buf.get() + m_begin, m_end - m_begin);
        m_buf_offset += m_begin;
        m_scan -= m_begin;
        m_end -= m_begin;
        m_begin = 0;
    }
    if (m_capacity - padding - m_end >= m_chunk / 2) {
        return;
    }
    const std::size_t wanted = std::max(m_capacity * 2, m_end + m_chunk + padding);
    std::unique_ptr<char[]> bigger(new char[wanted]);
    std::memcpy(bigger.get(), m_buf.get(), m_end);
    m_buf = std::move(bigger);
    m_capacity = wanted;
}

bool FileLineReader::fill() {
    make_room();
    m_chunk = std::min(m_chunk * 2, chunk_bytes);
    for (;;) {
        const ssize_t n = ::read(m_fd, m_buf.get() + m_end, m_capacity - padding - m_end);
        if (n > 0) {
            m_end += static_cast<std::size_t>(n);
            m_bytes_read += static_cast<std::uint64_t>(n);
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
        const char* found = static_cast<const char*>(std::memchr(m_buf.get() + m_scan, '\n', m_end - m_scan));
        if (found != nullptr) {
            const auto end = static_cast<std::size_t>(found - m_buf.get());
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
                                                     std::size_t max_line_bytes) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return make_error(errno == ENOENT ? ErrorCode::not_found : ErrorCode::io_error,
                          "cannot open " + path.string() + ": " + std::strerror(errno));
    }
    if (start_offset > 0 && ::lseek(fd, static_cast<off_t>(start_offset), SEEK_SET) < 0) {
        const int saved = errno;
        ::close(fd);
        return make_error(ErrorCode::io_error,
                          "cannot seek in " + path.string() + ": " + std::strerror(saved));
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return std::unique_ptr<LineReader>(new FileLineReader(fd, start_offset, start_line, max_line_bytes));
}

}  // namespace tools::transcripts
