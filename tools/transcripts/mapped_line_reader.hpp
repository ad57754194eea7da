// The LineReader for files large enough to map (see LineReader::open): lines are yielded from
// FileWindows, memory-mapped where the file allows, so a line is handed to the parser where the page
// cache holds it instead of being copied into a buffer first; a read of a 100 MB transcript spent an
// eighth of its CPU time in that copy. Same contract as the buffered reader (line_reader.hpp), including a
// file that grows while it is read. A file that shrinks is an io_error, also when it shrinks under a
// line already yielded (file_window.hpp): error() says so as soon as the reader knows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "tools/transcripts/line_reader.hpp"

namespace tools::transcripts {

// Takes ownership of fd, an open regular file of size bytes.
std::unique_ptr<LineReader> open_mapped_line_reader(int fd, std::uint64_t size, std::uint64_t start_offset,
                                                    std::uint64_t start_line, std::size_t max_line_bytes);

}  // namespace tools::transcripts
