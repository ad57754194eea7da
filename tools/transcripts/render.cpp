#include "tools/transcripts/render.hpp"

#include "tools/core/time.hpp"
#include "tools/core/utf8.hpp"

namespace tools::transcripts {
namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// The text between <tag> and </tag>, or nullopt-like empty flag when the tag is absent.
bool tag_content(std::string_view text, std::string_view tag, std::string_view& out) {
    const std::string open = "<" + std::string(tag) + ">";
    const std::string close = "</" + std::string(tag) + ">";
    const std::size_t start = text.find(open);
    if (start == std::string_view::npos) {
        return false;
    }
    const std::size_t body = start + open.size();
    const std::size_t end = text.find(close, body);
    out = text.substr(body, end == std::string_view::npos ? std::string_view::npos : end - body);
    return true;
}

std::string_view trim(std::string_view text) {
    const auto space = [](char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; };
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

}  // namespace

std::string strip_system_reminders(std::string_view text) {
    static constexpr std::string_view open = "<system-reminder>";
    static constexpr std::string_view close = "</system-reminder>";
    std::string out;
    std::size_t pos = 0;
    for (;;) {
        const std::size_t start = text.find(open, pos);
        if (start == std::string_view::npos) {
            out.append(text.substr(pos));
            return out;
        }
        out.append(text.substr(pos, start - pos));
        const std::size_t end = text.find(close, start + open.size());
        if (end == std::string_view::npos) {
            return out;
        }
        pos = end + close.size();
    }
}

UserText classify_user_text(std::string_view raw) {
    const std::string stripped = raw.find("<system-reminder>") == std::string_view::npos
                                     ? std::string(raw)
                                     : strip_system_reminders(raw);
    const std::string_view text = trim(stripped);
    UserText out;
    if (text.empty()) {
        return out;
    }
    std::string_view inner;
    // Only a text that starts with the wrappers is a command; a prompt may quote the tags.
    const bool command_wrapper = starts_with(text, "<command-name>") ||
                                 starts_with(text, "<command-message>") ||
                                 starts_with(text, "<command-args>");
    if (command_wrapper && tag_content(text, "command-name", inner)) {
        std::string name = collapse_whitespace(inner);
        if (!name.empty() && name.front() != '/') {
            name.insert(name.begin(), '/');
        }
        std::string_view args;
        if (tag_content(text, "command-args", args)) {
            const std::string tidy_args = tidy_text(args);
            if (!tidy_args.empty()) {
                name += ' ';
                name += tidy_args;
            }
        }
        out.kind = UserTextKind::command;
        out.text = std::move(name);
        return out;
    }
    if (starts_with(text, "<local-command-") || starts_with(text, "<bash-stdout>") ||
        starts_with(text, "<bash-stderr>") || starts_with(text, "[Request interrupted by user") ||
        starts_with(text, "<command-message>")) {
        return out;
    }
    if (starts_with(text, "<bash-input>") && tag_content(text, "bash-input", inner)) {
        out.kind = UserTextKind::shell;
        out.text = "! " + tidy_text(inner);
        return out;
    }
    if (starts_with(text, "<task-notification>")) {
        std::string_view summary;
        out.kind = UserTextKind::task_notification;
        out.text = collapse_whitespace(tag_content(text, "summary", summary) ? summary : text);
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
