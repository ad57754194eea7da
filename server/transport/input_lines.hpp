// Pulls newline-delimited lines from a file descriptor (stdin) one at a time, holding at most one line
// in memory besides a fixed read buffer.
//
// next() returns the next line without its '\n'; a last line without '\n' at end of input is a line
// too. A line longer than max_line_bytes is not kept: its bytes are counted and dropped while streaming,
// and next() reports it as oversized with dropped_bytes(). next() blocks in poll() on the input and on
// stop_fd (may be -1); it returns end at end of input, on a read error, or once stop_fd is readable (at
// the next read of the input: lines already buffered are still returned).
//
// Not thread-safe: one thread at a time (a hand-over between threads needs a happens-before, such as a
// mutex both take).
#pragma once

#include <cstddef>
#include <string>

namespace server::transport {

class InputLines {
  public:
    enum class Status { line, oversized, end };

    InputLines(int fd, int stop_fd, std::size_t max_line_bytes);

    Status next(std::string& line);
    std::size_t dropped_bytes() const { return m_reported_dropped; }

  private:
    bool fill();
    void append(const char* data, std::size_t size);
    Status take(std::string& line);

    const int m_fd;
    const int m_stop_fd;
    const std::size_t m_max_line_bytes;
    std::string m_buffer;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    std::string m_line;
    std::size_t m_dropped = 0;
    std::size_t m_reported_dropped = 0;
    bool m_ended = false;
};

}  // namespace server::transport
