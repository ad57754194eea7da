// The state machine that turns parsed transcript lines into condensed text units (see extract.hpp for
// the output format). Internal to tools/transcripts: extract.cpp drives it, tests use it directly.
//
// A unit is handed to the sink together with the ResumeState after it: the position of the first line
// whose effect is not in this or an earlier unit, and the last printed minute. Starting a fresh
// Condenser there (with the same options, the same uuid set contents and that minute) reproduces the
// following units exactly; that is what makes pages concatenate to the whole. To keep it true, an open
// assistant message is flushed *before* the line that closes it is counted, so its resume position is
// that line. Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tools/secrets/redactor.hpp"
#include "tools/transcripts/admission.hpp"
#include "tools/transcripts/entry.hpp"
#include "tools/transcripts/extract.hpp"
#include "tools/transcripts/line_reader.hpp"
#include "tools/transcripts/tool_summary.hpp"

namespace tools::transcripts {

struct StreamPosition {
    std::size_t file = 0;      // index in the session's file list (0 = main)
    std::uint64_t offset = 0;  // byte offset of a line start
    std::uint64_t line = 1;    // that line's 1-based number
};

// A number that grows along the stream (file index, then byte offset), for UuidSet's journal. Offsets
// past 2^48 (256 TiB) share one stamp, which only makes undo take back a little more than needed.
inline std::uint64_t stream_stamp(const StreamPosition& position) {
    constexpr std::uint64_t offset_bits = 48;
    constexpr std::uint64_t max_offset = (std::uint64_t{1} << offset_bits) - 1;
    return (static_cast<std::uint64_t>(position.file) << offset_bits) | std::min(position.offset, max_offset);
}

struct ResumeState {
    StreamPosition position;
    std::int64_t last_minute = -1;  // minutes since the epoch of the last printed time prefix
};

// Returns false to refuse the unit and stop the stream (a full page).
using UnitSink = std::function<bool(std::string_view text, const ResumeState& after)>;

class Condenser {
  public:
    // redactor must outlive the condenser.
    Condenser(const ExtractOptions& options, const secrets::Redactor& redactor, ExtractStats& stats,
              UuidSet& seen, UnitSink sink, std::int64_t last_minute);

    // header is printed before the file's first unit (only if it has one); empty for none.
    void begin_file(std::size_t index, bool subagent_file, std::string header);
    // One line from the reader with its parse result (ignored for oversized lines).
    void add_line(const Line& line, const Result<const Entry*>& entry);
    // End of the current file; eof is where reading stopped.
    void end_file(const StreamPosition& eof);

    bool stopped() const { return m_stopped; }

  private:
    struct Group {
        bool open = false;
        std::string message_id;
        std::string timestamp;
        bool sidechain = false;
        std::string body;
        std::vector<std::pair<std::string, std::string>> tools;  // tool_use id -> name
    };

    void add_entry(const Line& line, const Entry& entry);
    void add_user(const Line& line, const Entry& entry);
    void add_assistant(const Line& line, const Entry& entry);
    void add_system(const Line& line, const Entry& entry);
    void count_line(const Line& line);
    void skip(std::string_view reason);
    void skip_unknown(std::string_view reason);  // a reason copied from the transcript
    std::string shown_line(std::string_view text, std::size_t max_chars);
    void flush_group(const StreamPosition& after);
    void failure_line(const Block& block, std::string& out);
    bool emit(std::string_view timestamp, std::string_view body, const StreamPosition& after);
    std::string_view label(bool sidechain, std::string_view role) const;
    StreamPosition at(const Line& line) const { return {m_file, line.offset, line.number}; }
    StreamPosition after(const Line& line) const { return {m_file, line.next_offset, line.number + 1}; }

    const ExtractOptions& m_options;
    const secrets::Redactor& m_redactor;
    ExtractStats& m_stats;
    UuidSet& m_seen;
    UnitSink m_sink;
    std::int64_t m_last_minute;
    std::size_t m_unit_limit;
    std::size_t m_file = 0;
    bool m_subagent_file = false;
    std::string m_pending_header;
    bool m_stopped = false;
    Group m_group;
    ToolSummarizer m_summarizer;
};

}  // namespace tools::transcripts
