#include "tools/transcripts/condenser.hpp"

#include <algorithm>
#include <array>

#include "tools/core/utf8.hpp"
#include "tools/transcripts/render.hpp"

namespace tools::transcripts {
namespace {

constexpr std::size_t max_reason_chars = 48;
// Distinct reasons kept in stats.skipped; a transcript with a new made-up type on every line would
// otherwise grow the result (and the memory behind it) without bound.
constexpr std::size_t max_skip_reasons = ExtractStats::max_skipped_reasons;
constexpr std::string_view other_reason = "other";

// Line types Claude Code is known to write; anything else also counts as unknown_types.
constexpr std::array<std::string_view, 16> known_types{
    "user",
    "assistant",
    "system",
    "summary",
    "custom-title",
    "ai-title",
    "progress",
    "attachment",
    "queue-operation",
    "last-prompt",
    "agent-name",
    "permission-mode",
    "worktree-state",
    "tag",
    "mode",
    "file-history-snapshot",
};

}  // namespace

Condenser::Condenser(const ExtractOptions& options, const secrets::Redactor& redactor, ExtractStats& stats,
                     UuidSet& seen, UnitSink sink, std::int64_t last_minute)
    : m_options(options),
      m_redactor(redactor),
      m_stats(stats),
      m_seen(seen),
      m_sink(std::move(sink)),
      m_last_minute(last_minute),
      m_unit_limit(page_budget_bytes(options.max_tokens)) {}

void Condenser::begin_file(std::size_t index, bool subagent_file, std::string header) {
    m_file = index;
    m_subagent_file = subagent_file;
    m_pending_header = std::move(header);
    if (!m_pending_header.empty()) {
        m_last_minute = -1;  // a subagent's first unit always shows its time
    }
    m_group = Group{};
    ++m_stats.files;
}

void Condenser::end_file(const StreamPosition& eof) {
    flush_group(eof);
}

void Condenser::count_line(const Line& line) {
    ++m_stats.lines;
    m_stats.bytes += line.next_offset - line.offset;
}

std::string Condenser::shown_line(std::string_view text, std::size_t max_chars) {
    secrets::Redaction shown = m_redactor.line(text, max_chars);
    m_stats.redactions += shown.count;
    return std::move(shown.text);
}

// Reasons named by the transcript (unknown line types, system subtypes) are redacted like any text the
// result shows: a crafted `"type":"ghp_…"` must not come back as a key of stats.skipped.
// A reason that already is a key was shown as it is, so it needs no second look.
void Condenser::skip_unknown(std::string_view reason) {
    if (reason.empty()) {
        skip("untyped");
    } else if (m_stats.skipped.count(reason) != 0 ||
               std::find(known_types.begin(), known_types.end(), reason) != known_types.end()) {
        skip(reason);
    } else {
        skip(shown_line(reason, max_reason_chars));
    }
}

void Condenser::skip(std::string_view reason) {
    auto found = m_stats.skipped.find(reason);
    if (found == m_stats.skipped.end() && m_stats.skipped.size() >= max_skip_reasons) {
        found = m_stats.skipped.find(other_reason);
        if (found == m_stats.skipped.end()) {
            found = m_stats.skipped.emplace(std::string(other_reason), 0).first;
        }
    }
    if (found != m_stats.skipped.end()) {
        ++found->second;
    } else {
        m_stats.skipped.emplace(std::string(reason), 1);
    }
}

void Condenser::add_line(const Line& line, const Result<const Entry*>& entry) {
    if (m_stopped) {
        return;
    }
    if (line.oversized || !entry) {
        count_line(line);
        ++m_stats.bad_lines;
        return;
    }
    add_entry(line, **entry);
}

void Condenser::add_entry(const Line& line, const Entry& entry) {
    m_seen.set_stamp(stream_stamp(at(line)));
    switch (admit(entry, m_subagent_file, m_options.include_subagents, m_seen)) {
        case Admission::skip_type:
            count_line(line);
            skip_unknown(entry.type);
            if (std::find(known_types.begin(), known_types.end(), entry.type) == known_types.end()) {
                ++m_stats.unknown_types;
            }
            return;
        case Admission::skip_sidechain:
            count_line(line);
            skip("sidechain");
            return;
        case Admission::duplicate:
            count_line(line);
            ++m_stats.duplicate_uuids;
            return;
        case Admission::keep:
            break;
    }
    switch (entry.kind) {
        case EntryKind::user:
            add_user(line, entry);
            return;
        case EntryKind::assistant:
            add_assistant(line, entry);
            return;
        default:
            add_system(line, entry);
            return;
    }
}

void Condenser::flush_group(const StreamPosition& after_position) {
    if (!m_group.open) {
        return;
    }
    m_group.open = false;
    if (m_group.body.empty()) {
        return;
    }
    std::string text(label(m_group.sidechain, "assistant"));
    if (m_group.body.front() != ' ') {
        text += ' ';
    } else {
        text += '\n';  // the message starts with a tool line
    }
    text += m_group.body;
    emit(m_group.timestamp, text, after_position);
}

bool Condenser::emit(std::string_view timestamp, std::string_view body,
                     const StreamPosition& after_position) {
    if (m_stopped) {
        return false;
    }
    std::string text = m_pending_header;
    text += time_prefix(timestamp, m_last_minute);
    text += body;
    text += '\n';
    // Redact first, then cut: only the part a page can show (plus the redactor's margin) is scanned.
    secrets::Redactor::Head head = m_redactor.head(text, m_unit_limit);
    m_stats.redactions += head.count;
    const std::size_t unscanned_chars = utf8_length(std::string_view(text).substr(head.scanned));
    if (unscanned_chars == 0 && (head.text.empty() || head.text.back() != '\n')) {
        head.text += '\n';  // a unit ends in a newline even if a secret ended it
    }
    if (cut_to_limit(head.text, m_unit_limit, unscanned_chars)) {
        ++m_stats.truncated_messages;
    }
    text = std::move(head.text);
    if (!m_sink(text, ResumeState{after_position, m_last_minute})) {
        m_stopped = true;
        return false;
    }
    m_pending_header.clear();
    return true;
}

}  // namespace tools::transcripts
