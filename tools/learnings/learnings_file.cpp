#include "tools/learnings/learnings_file.hpp"

#include <cctype>
#include <cstddef>

#include "tools/core/text.hpp"
#include "tools/core/utf8.hpp"

namespace tools::learnings {
namespace {

constexpr std::size_t kMaxMachineChars = 64;

struct Line {
    std::string_view text;  // without '\n' or a trailing '\r'
    enum Kind { other, title, heading, item } kind = other;
    std::string_view value;  // heading text or item text
};

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

bool opens_fence(std::string_view line) {
    const std::string_view t = trim(line);
    return t.substr(0, 3) == "```" || t.substr(0, 3) == "~~~";
}

std::vector<Line> classify(std::string_view text) {
    std::vector<Line> lines;
    bool in_fence = false;
    for (std::string_view raw : split_lines(text)) {
        Line line;
        line.text = raw;
        if (!line.text.empty() && line.text.back() == '\r') {
            line.text.remove_suffix(1);
        }
        if (opens_fence(line.text)) {
            in_fence = !in_fence;
        } else if (!in_fence) {
            const std::string_view t = line.text;
            if (t.substr(0, 3) == "## ") {
                line.kind = Line::heading;
                line.value = trim(t.substr(3));
            } else if (t.substr(0, 2) == "# ") {
                line.kind = Line::title;
            } else {
                std::size_t indent = 0;
                while (indent < t.size() && indent < 4 && t[indent] == ' ') {
                    ++indent;
                }
                const std::string_view rest = t.substr(indent);
                if (indent < 4 && rest.size() >= 2 && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+') &&
                    (rest[1] == ' ' || rest[1] == '\t') && !trim(rest.substr(2)).empty()) {
                    line.kind = Line::item;
                    line.value = trim(rest.substr(2));
                }
            }
        }
        lines.push_back(line);
    }
    return lines;
}

bool is_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
            return false;
        }
    }
    return true;
}

// "2026-12-02 (vm)" -> date and machine; nothing for a heading written by hand.
void parse_heading(std::string_view heading, Section& section) {
    if (heading.size() < 14 || !is_date(heading.substr(0, 10)) || heading.substr(10, 2) != " (" ||
        heading.back() != ')') {
        return;
    }
    section.date = std::string(heading.substr(0, 10));
    section.machine = std::string(heading.substr(12, heading.size() - 13));
}

// Lines keep their own '\r' (a CRLF file stays CRLF), so joining adds only '\n'.
std::string join(const std::vector<std::string>& lines, bool final_newline) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out += lines[i];
        if (i + 1 < lines.size() || final_newline) {
            out += '\n';
        }
    }
    return out;
}

}  // namespace

std::vector<Section> parse_sections(std::string_view text) {
    std::vector<Section> sections(1);
    for (const Line& line : classify(text)) {
        if (line.kind == Line::heading) {
            Section section;
            section.heading = std::string(line.value);
            parse_heading(line.value, section);
            sections.push_back(std::move(section));
        } else if (line.kind == Line::item) {
            sections.back().items.emplace_back(line.value);
        }
    }
    if (sections.front().items.empty()) {
        sections.erase(sections.begin());
    }
    return sections;
}

std::vector<std::string> all_items(std::string_view text) {
    std::vector<std::string> items;
    for (const Line& line : classify(text)) {
        if (line.kind == Line::item) {
            items.emplace_back(line.value);
        }
    }
    return items;
}

std::string add_learnings(std::string_view text, std::string_view date, std::string_view machine,
                          const std::vector<std::string>& items) {
    const std::vector<Line> lines = classify(text);
    const bool crlf = text.find("\r\n") != std::string_view::npos;
    const std::string cr = crlf ? "\r" : "";
    std::vector<std::string> out;
    out.reserve(lines.size() + items.size() + 4);
    for (std::string_view raw : split_lines(text)) {
        out.emplace_back(raw);
    }
    const bool final_newline = text.empty() || text.back() == '\n';
    const std::string heading = std::string(date) + " (" + std::string(machine) + ")";
    std::vector<std::string> bullets;
    bullets.reserve(items.size());
    for (const std::string& item : items) {
        bullets.push_back("- " + item + cr);
    }

    std::optional<std::size_t> same_section;
    std::optional<std::size_t> first_dated;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].kind != Line::heading) {
            continue;
        }
        Section section;
        parse_heading(lines[i].value, section);
        if (section.date && !first_dated) {
            first_dated = i;
        }
        if (section.date && *section.date == date && section.machine && *section.machine == machine) {
            same_section = i;
            break;
        }
    }

    if (same_section) {
        std::size_t insert_at = *same_section + 1;
        for (std::size_t i = *same_section + 1; i < lines.size(); ++i) {
            if (lines[i].kind == Line::heading || lines[i].kind == Line::title) {
                break;
            }
            if (lines[i].kind == Line::item) {
                insert_at = i + 1;
            }
        }
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(insert_at), bullets.begin(), bullets.end());
        return join(out, final_newline);
    }

    std::vector<std::string> block;
    block.push_back("## " + heading + cr);
    block.insert(block.end(), bullets.begin(), bullets.end());
    if (first_dated) {
        block.push_back(cr);
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(*first_dated), block.begin(), block.end());
        return join(out, final_newline);
    }
    if (out.empty()) {
        out.push_back("# Learnings" + cr);
    }
    if (!trim(out.back()).empty()) {
        out.push_back(cr);
    }
    out.insert(out.end(), block.begin(), block.end());
    return join(out, true);
}

Result<std::string> validate_machine(std::string_view machine) {
    const std::string_view name = trim(machine);
    if (name.empty()) {
        return make_error(ErrorCode::invalid_argument, "machine: is empty");
    }
    if (!is_valid_utf8(name) || utf8_length(name) > kMaxMachineChars) {
        return make_error(ErrorCode::invalid_argument, "machine: must be valid UTF-8 of at most " +
                                                           std::to_string(kMaxMachineChars) + " characters");
    }
    for (char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f || c == '(' || c == ')' || c == '[' || c == ']') {
            return make_error(ErrorCode::invalid_argument,
                              "machine: no parentheses, brackets or control characters");
        }
    }
    return std::string(name);
}

}  // namespace tools::learnings
