// Reads a JSONL file line by line in bounded memory, whatever the line lengths.
//
// Contract: next() yields each line without its '\n'. Line::text points into the reader's buffer and
// stays valid only until the next call. A final line with no '\n' is yielded with complete=false (the
// file may be still being written). Lines longer than max_line_bytes are yielded with text empty and
// oversized=true, after being skipped without buffering them whole. The buffer keeps at least
// simdjson::SIMDJSON_PADDING readable bytes after every yielded line, so text can be handed to a
// simdjson parser without a copy. hold() shares the buffer the last line lives in: while a holder
// keeps it, the reader moves on to another buffer instead of overwriting it, so a line read ahead can
// be parsed in place on another thread. Not thread-safe, except that holders may be released on any
// thread; one reader per thread. A large file read whole is read through memory-mapped windows instead
// of a buffer (mapped_line_reader.hpp), with the same contract; its error() may also be read from
// another thread once next() has returned false and the threads have synchronised.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "tools/core/limits.hpp"
#include "tools/core/result.hpp"

namespace tools::transcripts {

struct Line {
    std::string_view text;
    std::uint64_t number = 0;       // 1-based line number in the file
    std::uint64_t offset = 0;       // byte offset of the line's first byte
    std::uint64_t next_offset = 0;  // byte offset just past the line and its '\n' (where the next starts)
    bool complete = true;           // false for a trailing line without '\n'
    bool oversized = false;         // true when the line exceeded max_line_bytes and was skipped
};

// How much of the file the caller means to read. A large file read whole is read through memory-mapped
// windows, which spares copying it; for the few kilobytes a page or a file's first lines need, a read()
// costs less than mapping and unmapping a window.
enum class ReadExtent { part, whole };

class LineReader {
  public:
    static constexpr std::size_t default_max_line_bytes = kMaxLineBytes;  // the one limit, tools/core

    // Opens path and positions at start_offset (which must be the start of a line); start_line is the
    // line number that line has, for messages. io_error when the file cannot be opened.
    static Result<std::unique_ptr<LineReader>> open(const std::filesystem::path& path,
                                                    std::uint64_t start_offset = 0,
                                                    std::uint64_t start_line = 1,
                                                    std::size_t max_line_bytes = default_max_line_bytes,
                                                    ReadExtent extent = ReadExtent::part);
    virtual ~LineReader() = default;

    // False at end of file. An I/O error mid-file ends the stream and is reported by error().
    virtual bool next(Line& line) = 0;
    virtual const Error* error() const = 0;
    // Keeps the bytes of the last line yielded (and the padding after them) valid until released.
    virtual std::shared_ptr<const void> hold() const = 0;
};

}  // namespace tools::transcripts
