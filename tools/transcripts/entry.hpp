// One Claude Code transcript line, reduced to the fields context-sync uses.
//
// EntryParser turns a JSONL line into an Entry. String views in Entry point into the parser's own
// buffers (unescaped JSON strings) or into the line, and stay valid until the next parse() call on the
// same parser. Unknown line types parse fine (kind == EntryKind::other, raw type kept); a line that is
// not a JSON object, or that is not valid UTF-8, is an ErrorCode::invalid_argument error that callers
// count and skip. Not thread-safe; one parser per thread.
//
// Speed: only the fields below are touched; everything else (toolUseResult, usage, snapshots, the
// bodies of successful tool results) is skipped by simdjson without being copied or unescaped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "tools/core/result.hpp"

namespace tools::transcripts {

enum class EntryKind {
    user,
    assistant,
    system,
    summary,       // {"type":"summary","summary":...,"leafUuid":...}
    custom_title,  // {"type":"custom-title","customTitle":...}
    ai_title,      // {"type":"ai-title", ...}
    other,         // progress, file-history-snapshot, queue-operation, attachment, and anything unknown
};

enum class BlockKind { text, thinking, redacted_thinking, tool_use, tool_result, image, other };

struct Block {
    BlockKind kind = BlockKind::other;
    // text, thinking, or a tool_result's text content (text parts joined by '\n'). For tool_result
    // blocks the content is only decoded when is_error is true; successful results keep text empty.
    std::string_view text;
    std::string_view tool_name;    // tool_use: "Bash", "Read", "mcp__x__y", ...
    std::string_view tool_use_id;  // tool_use id or tool_result tool_use_id
    std::string_view tool_input;   // tool_use: the raw JSON of "input" (points into the line)
    bool is_error = false;         // tool_result
};

struct Entry {
    EntryKind kind = EntryKind::other;
    std::string_view type;     // the raw "type" value
    std::string_view subtype;  // system lines: "compact_boundary", "away_summary", ...
    std::string_view uuid;
    std::string_view parent_uuid;
    std::string_view session_id;
    std::string_view timestamp;  // ISO-8601 as written
    std::string_view cwd;
    std::string_view git_branch;
    std::string_view version;
    std::string_view message_id;           // assistant: message.id, shared by streamed lines of one message
    std::string_view title;                // summary / custom-title / ai-title text
    std::string_view system_text;          // system lines: "content"
    std::string_view agent_id;             // "agentId" of subagent lines
    std::string_view compact_trigger;      // system compact_boundary: compactMetadata.trigger
    std::uint64_t compact_pre_tokens = 0;  // system compact_boundary: compactMetadata.preTokens
    bool is_sidechain = false;
    bool is_meta = false;
    bool is_compact_summary = false;
    bool is_api_error = false;
    bool content_is_string = false;  // user: message.content was a plain string (held in one text block)
    std::vector<Block> blocks;
};

// One line put through simdjson's structural pass (stage 1), ready for EntryParser::parse(IndexedLine&):
// copied with simdjson's padding by index(), or left where it is by index_in_place(), whose holder
// keeps its bytes and the padding after them valid (LineReader::hold()). Indexing may run on another
// thread than parse(), one line at a time per object: EntryStream runs it ahead on a second thread.
// release() lets go of the holder and, after a line longer than large_line_bytes, gives the buffers
// back, so idle slots stay small. Not thread-safe.
class IndexedLine {
  public:
    static constexpr std::size_t large_line_bytes = 64u << 10;

    static std::unique_ptr<IndexedLine> create();
    virtual ~IndexedLine() = default;

    virtual void index(std::string_view line) = 0;
    virtual void index_in_place(std::string_view line, std::shared_ptr<const void> holder) = 0;
    virtual std::string_view text() const = 0;  // the line indexed, valid until the next index or release
    virtual void release() = 0;
};

class EntryParser {
  public:
    static std::unique_ptr<EntryParser> create();
    virtual ~EntryParser() = default;

    // line must be followed by at least 64 readable bytes (simdjson padding); LineReader guarantees it.
    // simdjson's On-Demand parser validates what it reads and only the nesting of what it skips, so a
    // line malformed inside a skipped value (e.g. `["":}]` in content) may be accepted, read as the
    // parser resynchronises. Such a line is corrupt either way; what is read from it is still checked
    // (UTF-8, types) and redacted like any other.
    virtual Result<const Entry*> parse(std::string_view line) = 0;

    // parse() for a line already indexed; views point into line as well, valid until both change.
    virtual Result<const Entry*> parse(IndexedLine& line) = 0;
};

}  // namespace tools::transcripts
