#include "tools/sessions/session_scan.hpp"

#include <spdlog/spdlog.h>

#include <functional>
#include <unordered_set>

#include "tools/core/utf8.hpp"
#include "tools/sessions/prompt_text.hpp"
#include "tools/transcripts/line_reader.hpp"

namespace tools::sessions {
namespace {

using transcripts::Entry;
using transcripts::EntryKind;

constexpr std::size_t kMaxTextChars = 200;
constexpr std::uint64_t kCancelCheckLines = 4096;
constexpr std::uint64_t kHeadLines = 64;

std::uint64_t hash_of(std::string_view text) {
    return std::hash<std::string_view>{}(text);
}

// Accumulates one file's summary line by line.
class SummaryBuilder {
  public:
    explicit SummaryBuilder(const secrets::Redactor& redactor) : m_redactor(redactor) {}

    void add(const Entry& entry) {
        if (!entry.uuid.empty() && (entry.kind == EntryKind::user || entry.kind == EntryKind::assistant)) {
            if (!m_uuids.insert(hash_of(entry.uuid)).second) {
                return;  // a repeated line of a resumed session
            }
        }
        note_metadata(entry);
        switch (entry.kind) {
            case EntryKind::user:
            case EntryKind::assistant:
                if (entry.is_sidechain) {
                    note_sidechain(entry);
                } else if (entry.kind == EntryKind::user) {
                    note_user(entry);
                } else {
                    note_assistant(entry);
                }
                break;
            case EntryKind::custom_title:
                remember_title(m_custom_title, entry.title);
                break;
            case EntryKind::ai_title:
                remember_title(m_ai_title, entry.title);
                break;
            case EntryKind::summary:
                remember_title(m_summary, entry.title);
                break;
            default:
                break;
        }
    }

    FileSummary finish(std::uint64_t bad_lines) {
        m_result.bad_lines = bad_lines;
        m_result.git_branch = shown(m_result.git_branch);
        m_result.version = shown(m_result.version);
        m_result.session_id = redacted(m_result.session_id);
        m_result.cwd = redacted(m_result.cwd);
        m_result.first_prompt = !m_first_prompt.empty() ? m_first_prompt : m_first_command;
        m_result.title = !m_custom_title.empty() ? m_custom_title
                         : !m_ai_title.empty()   ? m_ai_title
                                                 : m_summary;
        m_result.sidechains = m_sidechain_roots > 0 ? m_sidechain_roots : (m_has_sidechain ? 1 : 0);
        return std::move(m_result);
    }

  private:
    void note_metadata(const Entry& entry) {
        if (!m_result.started_at && !entry.timestamp.empty()) {
            if (auto time = parse_iso8601(entry.timestamp)) {
                m_result.started_at = *time;
            }
        }
        if (m_result.cwd.empty() && !entry.cwd.empty()) {
            m_result.cwd = sanitize_utf8(entry.cwd);
        }
        if (m_result.session_id.empty() && !entry.session_id.empty()) {
            m_result.session_id = sanitize_utf8(entry.session_id);
        }
        if (!entry.git_branch.empty()) {
            m_result.git_branch.assign(entry.git_branch);
        }
        if (!entry.version.empty()) {
            m_result.version.assign(entry.version);
        }
    }

    void note_user(const Entry& entry) {
        const std::optional<Prompt> prompt = user_prompt(entry);
        if (!prompt) {
            return;
        }
        ++m_result.messages;
        std::string& slot = prompt->is_command ? m_first_command : m_first_prompt;
        if (slot.empty()) {
            slot = shown(prompt->text);
        }
    }

    void note_assistant(const Entry& entry) {
        if (entry.is_api_error) {
            return;
        }
        const std::string_view key = !entry.message_id.empty() ? entry.message_id : entry.uuid;
        if (key.empty() || m_message_ids.insert(hash_of(key)).second) {
            ++m_result.messages;
        }
        // A session that synced learnings is mostly other transcripts and those learnings: listing it
        // again would have the next sync learn from itself.
        for (const transcripts::Block& block : entry.blocks) {
            if (block.kind == transcripts::BlockKind::tool_use && block.tool_name.starts_with("mcp__") &&
                block.tool_name.ends_with("__commit_learnings")) {
                m_result.ran_sync = true;
            }
        }
    }

    void note_sidechain(const Entry& entry) {
        m_has_sidechain = true;
        if (entry.parent_uuid.empty()) {
            ++m_sidechain_roots;
        }
    }

    // At most kMaxTextChars code points, the ellipsis of a cut included, redacted before the cut.
    std::string shown(std::string_view text) {
        secrets::Redaction redaction = m_redactor.line(text, kMaxTextChars - 1);
        m_result.redactions += redaction.count;
        return std::move(redaction.text);
    }

    std::string redacted(std::string_view text) {
        secrets::Redaction redaction = m_redactor.redact(text);
        m_result.redactions += redaction.count;
        return std::move(redaction.text);
    }

    void remember_title(std::string& slot, std::string_view title) {
        std::string text = shown(title);
        if (!text.empty()) {
            slot = std::move(text);
        }
    }

    const secrets::Redactor& m_redactor;
    FileSummary m_result;
    std::unordered_set<std::uint64_t> m_uuids;
    std::unordered_set<std::uint64_t> m_message_ids;
    std::string m_first_prompt;
    std::string m_first_command;
    std::string m_custom_title;
    std::string m_ai_title;
    std::string m_summary;
    std::uint64_t m_sidechain_roots = 0;
    bool m_has_sidechain = false;
};

}  // namespace

SessionScanner::SessionScanner() : m_parser(transcripts::EntryParser::create()) {}
SessionScanner::~SessionScanner() = default;

Result<FileSummary> SessionScanner::scan(const std::filesystem::path& path, const secrets::Redactor& redactor,
                                         const Progress& progress) {
    auto reader = transcripts::LineReader::open(path);
    if (!reader) {
        return tl::unexpected(reader.error());
    }
    SummaryBuilder builder(redactor);
    std::uint64_t bad_lines = 0;
    transcripts::Line line;
    while ((*reader)->next(line)) {
        if (line.number % kCancelCheckLines == 0 && progress.cancelled()) {
            return make_error(ErrorCode::cancelled, "cancelled while reading " + path.string());
        }
        if (line.oversized) {
            ++bad_lines;
            spdlog::debug("{}:{}: line too long, skipped", path.string(), line.number);
            continue;
        }
        if (line.text.empty()) {
            continue;
        }
        const Result<const Entry*> entry = m_parser->parse(line.text);
        if (!entry) {
            ++bad_lines;
            spdlog::debug("{}:{}: {}", path.string(), line.number, entry.error().message);
            continue;
        }
        builder.add(**entry);
    }
    if (const Error* error = (*reader)->error()) {
        return tl::unexpected(*error);
    }
    return builder.finish(bad_lines);
}

Result<SessionScanner::Head> SessionScanner::scan_head(const std::filesystem::path& path) {
    auto reader = transcripts::LineReader::open(path);
    if (!reader) {
        return tl::unexpected(reader.error());
    }
    Head head;
    transcripts::Line line;
    while ((head.session_id.empty() || head.cwd.empty()) && (*reader)->next(line) &&
           line.number <= kHeadLines) {
        if (line.oversized || line.text.empty()) {
            continue;
        }
        const Result<const Entry*> entry = m_parser->parse(line.text);
        if (!entry) {
            continue;
        }
        if (head.session_id.empty()) {
            head.session_id = sanitize_utf8((*entry)->session_id);
        }
        if (head.cwd.empty()) {
            head.cwd = sanitize_utf8((*entry)->cwd);
        }
    }
    if (const Error* error = (*reader)->error()) {
        return tl::unexpected(*error);
    }
    return head;
}

}  // namespace tools::sessions
