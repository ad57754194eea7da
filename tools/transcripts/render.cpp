#include "tools/transcripts/render.hpp"

#include <array>

#include "tools/core/text.hpp"
#include "tools/core/time.hpp"
#include "tools/core/utf8.hpp"

namespace tools::transcripts {
namespace {

// User lines that Claude Code writes although nobody typed them.
constexpr std::array<std::string_view, 6> kNotTyped = {
    "<local-command-",
    "<bash-stdout>",
    "<bash-stderr>",
    "<command-message>",  // a command's wrapper without its name
    "[Request interrupted by user",
    "<command-args>",
};

bool is_command_wrapper(std::string_view text) {
    return text.starts_with("<command-name>") || text.starts_with("<command-message>") ||
           text.starts_with("<command-args>");
}

}  // namespace

UserText classify_user_text(std::string_view raw) {
    const std::string stripped = raw.find("<system-reminder>") == std::string_view::npos
                                     ? std::string(raw)
                                     : remove_tag_blocks(raw, "system-reminder");
    const std::string_view text = trim(stripped);
    UserText out;
    if (text.empty()) {
        return out;
    }
    // Only a text that starts with the wrappers is a command; a prompt may quote the tags.
    if (const auto name = is_command_wrapper(text) ? tag_content(text, "command-name") : std::nullopt) {
        std::string command = collapse_whitespace(*name);
        if (!command.empty() && command.front() != '/') {
            command.insert(command.begin(), '/');
        }
        if (const auto args = tag_content(text, "command-args")) {
            const std::string tidy_args = tidy_text(*args);
            if (!tidy_args.empty()) {
                command += ' ';
                command += tidy_args;
            }
        }
        out.kind = UserTextKind::command;
        out.text = std::move(command);
        return out;
    }
    for (const std::string_view marker : kNotTyped) {
        if (text.starts_with(marker)) {
            return out;
        }
    }
    if (const auto input =
            text.starts_with("<bash-input>") ? tag_content(text, "bash-input") : std::nullopt) {
        out.kind = UserTextKind::shell;
        out.text = "! " + tidy_text(*input);
        return out;
    }
    if (text.starts_with("<task-notification>")) {
        const auto summary = tag_content(text, "summary");
        out.kind = UserTextKind::task_notification;
        out.text = collapse_whitespace(summary ? *summary : text);
        return out;
    }
    out.kind = UserTextKind::prompt;
    out.text = tidy_text(text);
    return out;
}

std::string tidy_text(std::string_view text) {
    text = trim(text);
    std::string out;
    out.reserve(text.size());
    bool previous_blank = false;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
            line.remove_suffix(1);
        }
        const bool blank = line.empty();
        if (blank && previous_blank) {
            continue;  // one blank line is enough to separate paragraphs
        }
        if (!out.empty()) {
            out += '\n';
        }
        out.append(line);
        previous_blank = blank;
    }
    return out;
}

std::string time_prefix(std::string_view timestamp, std::int64_t& last_minute) {
    if (timestamp.empty()) {
        return {};
    }
    const Result<TimeMs> time = parse_iso8601(timestamp);
    if (!time) {
        return {};
    }
    const std::int64_t minute = *time >= 0 ? *time / 60000 : (*time - 59999) / 60000;
    if (minute == last_minute) {
        return {};
    }
    last_minute = minute;
    return "[" + format_minute(*time) + "] ";
}

std::string group_thousands(std::uint64_t value) {
    std::string digits = std::to_string(value);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

bool cut_to_limit(std::string& text, std::size_t limit, std::size_t more_chars) {
    if (text.size() <= limit && more_chars == 0) {
        return false;
    }
    // The marker is at most ~45 bytes; reserve 64 so the result stays under limit.
    const std::size_t keep = limit > 64 ? limit - 64 : 0;
    const std::string_view head = utf8_prefix(text, keep);
    const std::size_t rest = utf8_length(std::string_view(text).substr(head.size())) + more_chars;
    std::string out(head);
    if (!out.empty() && out.back() != '\n') {
        out += '\n';
    }
    out += "[\xE2\x80\xA6 " + group_thousands(rest) + " more characters cut]\n";
    text = std::move(out);
    return true;
}

}  // namespace tools::transcripts
