// How each kind of transcript line becomes text: user prompts and tool results, assistant text,
// thinking and tool calls, system markers. The rest of Condenser (grouping, skipping, emitting units)
// is in condenser.cpp.
#include <algorithm>
#include <string>

#include "tools/core/utf8.hpp"
#include "tools/transcripts/condenser.hpp"
#include "tools/transcripts/render.hpp"

namespace tools::transcripts {
namespace {

constexpr std::size_t max_failure_chars = 160;
constexpr std::size_t max_notice_chars = 300;

void append_item(std::string& body, std::string_view text) {
    if (!body.empty()) {
        body += '\n';
    }
    body.append(text);
}

}  // namespace

std::string_view Condenser::label(bool sidechain, std::string_view role) const {
    const bool inline_sidechain = sidechain && !m_subagent_file;
    if (role == "user") {
        return inline_sidechain ? "(subagent) user:" : "user:";
    }
    return inline_sidechain ? "(subagent) assistant:" : "assistant:";
}

void Condenser::failure_line(const Block& block, std::string& out) {
    std::string_view name = "tool";
    if (m_group.open) {
        for (const auto& [id, tool] : m_group.tools) {
            if (id == block.tool_use_id) {
                name = tool;
                break;
            }
        }
    }
    const std::string message = shown_line(block.text, max_failure_chars);
    append_item(out,
                "  \xE2\x9C\x97 " + std::string(name) + " failed" + (message.empty() ? "" : ": ") + message);
}

void Condenser::add_user(const Line& line, const Entry& entry) {
    if (entry.is_meta) {
        count_line(line);
        skip("meta");
        return;
    }
    if (entry.is_compact_summary) {
        flush_group(at(line));
        count_line(line);
        std::string summary;
        for (const Block& block : entry.blocks) {
            if (block.kind == BlockKind::text) {
                append_item(summary, tidy_text(block.text));
            }
        }
        emit(entry.timestamp, "compact summary: " + summary, after(line));
        return;
    }
    std::string prompt;
    std::string notices;
    std::vector<const Block*> failures;
    std::size_t noise = 0;
    for (const Block& block : entry.blocks) {
        switch (block.kind) {
            case BlockKind::text: {
                UserText text = classify_user_text(block.text);
                if (text.kind == UserTextKind::noise) {
                    ++noise;
                } else if (text.kind == UserTextKind::task_notification) {
                    append_item(notices, "task notification: " + shown_line(text.text, max_notice_chars));
                } else if (!text.text.empty()) {
                    append_item(prompt, text.text);
                }
                break;
            }
            case BlockKind::tool_result:
                if (block.is_error) {
                    failures.push_back(&block);
                }
                break;
            case BlockKind::image:
                skip("image");
                break;
            default:
                break;
        }
    }
    const bool closes = !prompt.empty() || !notices.empty();
    std::string failure_text;
    if (m_options.tool_calls == ToolCallDetail::summary) {
        for (const Block* block : failures) {
            failure_line(*block, failure_text);
        }
    }
    m_stats.failed_tool_results += failures.size();
    if (!closes && m_group.open) {
        // Failures of the open message's calls belong with it.
        count_line(line);
        if (!failure_text.empty()) {
            append_item(m_group.body, failure_text);
        }
        if (noise > 0 && failures.empty()) {
            skip("command_output_or_interrupt");
        }
        return;
    }
    if (closes) {
        flush_group(at(line));
        if (m_stopped) {
            return;
        }
    }
    count_line(line);
    if (!closes && failure_text.empty()) {
        if (noise > 0) {
            skip("command_output_or_interrupt");
        }
        return;
    }
    // Everything one line produces is one unit, so a page never ends in the middle of a line.
    std::string body = failure_text;
    if (!prompt.empty()) {
        ++m_stats.user_prompts;
        ++m_stats.messages;
        append_item(body, std::string(label(entry.is_sidechain, "user")) + " " + prompt);
    }
    if (!notices.empty()) {
        append_item(body, notices);
    }
    emit(entry.timestamp, body, after(line));
}

void Condenser::add_assistant(const Line& line, const Entry& entry) {
    if (entry.is_api_error) {
        count_line(line);
        skip("api_error");
        return;
    }
    const bool continues = m_group.open && !entry.message_id.empty() &&
                           entry.message_id == m_group.message_id && m_group.sidechain == entry.is_sidechain;
    if (!continues) {
        flush_group(at(line));
        if (m_stopped) {
            return;
        }
        m_group.open = true;
        m_group.message_id.assign(entry.message_id);
        m_group.timestamp.assign(entry.timestamp);
        m_group.sidechain = entry.is_sidechain;
        m_group.body.clear();
        m_group.tools.clear();
        ++m_stats.assistant_messages;
        ++m_stats.messages;
    }
    count_line(line);
    for (const Block& block : entry.blocks) {
        switch (block.kind) {
            case BlockKind::text: {
                const std::string text = tidy_text(block.text);
                if (!text.empty()) {
                    append_item(m_group.body, text);
                }
                break;
            }
            case BlockKind::thinking:
                if (m_options.include_thinking) {
                    const std::string text = tidy_text(block.text);
                    if (!text.empty()) {
                        append_item(m_group.body, "(thinking) " + text);
                    }
                } else {
                    skip("thinking");
                }
                break;
            case BlockKind::tool_use:
                ++m_stats.tool_calls;
                if (m_options.tool_calls == ToolCallDetail::summary) {
                    m_group.tools.emplace_back(block.tool_use_id, block.tool_name);
                    secrets::Redaction summary =
                        m_summarizer.summarize(block.tool_name, block.tool_input, m_redactor);
                    m_stats.redactions += summary.count;
                    append_item(m_group.body, "  \xE2\x86\x92 " + summary.text);
                }
                break;
            case BlockKind::redacted_thinking:
                skip("thinking");
                break;
            default:
                break;
        }
    }
}

void Condenser::add_system(const Line& line, const Entry& entry) {
    if (entry.subtype == "local_command") {
        // 2.1.x records slash commands as system lines; keep the command, drop its output.
        UserText command = classify_user_text(entry.system_text);
        if (command.kind == UserTextKind::command) {
            flush_group(at(line));
            if (m_stopped) {
                return;
            }
            count_line(line);
            ++m_stats.user_prompts;
            ++m_stats.messages;
            emit(entry.timestamp, std::string(label(entry.is_sidechain, "user")) + " " + command.text,
                 after(line));
            return;
        }
    }
    if (entry.subtype != "compact_boundary") {
        count_line(line);
        if (entry.subtype.empty()) {
            skip("system");
        } else {
            skip_unknown("system:" + std::string(entry.subtype));
        }
        return;
    }
    flush_group(at(line));
    if (m_stopped) {
        return;
    }
    count_line(line);
    ++m_stats.compactions;
    std::string marker = "--- conversation compacted";
    if (!entry.compact_trigger.empty() || entry.compact_pre_tokens > 0) {
        marker += " (";
        marker += collapse_whitespace(entry.compact_trigger);
        if (entry.compact_pre_tokens > 0) {
            marker += entry.compact_trigger.empty() ? "" : ", ";
            marker += group_thousands(entry.compact_pre_tokens) + " tokens before";
        }
        marker += ")";
    }
    marker += " ---";
    emit(entry.timestamp, marker, after(line));
}

}  // namespace tools::transcripts
