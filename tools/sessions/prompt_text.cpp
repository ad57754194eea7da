#include "tools/sessions/prompt_text.hpp"

#include "tools/core/text.hpp"
#include "tools/core/utf8.hpp"
#include "tools/transcripts/render.hpp"

namespace tools::sessions {
namespace {

using transcripts::BlockKind;
using transcripts::Entry;
using transcripts::EntryKind;
using transcripts::UserTextKind;

// Appends block text to window without its reminders, stopping at kPromptWindowBytes. Reminders are
// removed before the window is cut, so one cut in half cannot swallow what follows it.
void append_to_window(std::string& window, std::string_view text) {
    if (window.size() >= kPromptWindowBytes) {
        return;
    }
    if (!window.empty()) {
        window += '\n';
    }
    const std::size_t room = kPromptWindowBytes - window.size();
    if (text.find("<system-reminder>") == std::string_view::npos) {
        window.append(utf8_prefix(text, room));
    } else {
        window.append(utf8_prefix(remove_tag_blocks(text, "system-reminder"), room));
    }
}

}  // namespace

std::optional<Prompt> clean_prompt_text(std::string_view raw) {
    const transcripts::UserText classified =
        transcripts::classify_user_text(utf8_prefix(raw, kPromptWindowBytes));
    Prompt prompt;
    switch (classified.kind) {
        case UserTextKind::prompt:
            break;
        case UserTextKind::command:
        case UserTextKind::shell:
            prompt.is_command = true;
            break;
        case UserTextKind::task_notification:
        case UserTextKind::noise:
            return std::nullopt;
    }
    prompt.text = collapse_whitespace(sanitize_utf8(classified.text));
    if (prompt.text.empty()) {
        return std::nullopt;
    }
    return prompt;
}

std::optional<Prompt> user_prompt(const Entry& entry) {
    if (entry.kind != EntryKind::user || entry.is_sidechain || entry.is_meta || entry.is_compact_summary) {
        return std::nullopt;
    }
    std::string window;
    bool has_image = false;
    for (const transcripts::Block& block : entry.blocks) {
        switch (block.kind) {
            case BlockKind::tool_result:
                return std::nullopt;  // a tool's answer travelling back to the model
            case BlockKind::image:
                has_image = true;
                break;
            case BlockKind::text:
                append_to_window(window, block.text);
                break;
            default:
                break;
        }
    }
    if (auto prompt = clean_prompt_text(window)) {
        return prompt;
    }
    if (has_image && trim(window).empty()) {
        return Prompt{"[image]", false};
    }
    return std::nullopt;
}

}  // namespace tools::sessions
