#include "tools/core/text.hpp"

namespace tools {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

std::string open_tag(std::string_view tag) {
    return "<" + std::string(tag) + ">";
}

std::string close_tag(std::string_view tag) {
    return "</" + std::string(tag) + ">";
}

}  // namespace

std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::optional<std::string_view> tag_content(std::string_view text, std::string_view tag) {
    const std::string open = open_tag(tag);
    const std::size_t begin = text.find(open);
    if (begin == std::string_view::npos) {
        return std::nullopt;
    }
    const std::size_t content = begin + open.size();
    const std::size_t end = text.find(close_tag(tag), content);
    return text.substr(content, end == std::string_view::npos ? std::string_view::npos : end - content);
}

std::string remove_tag_blocks(std::string_view text, std::string_view tag) {
    const std::string open = open_tag(tag);
    const std::string close = close_tag(tag);
    std::string out;
    for (;;) {
        const std::size_t begin = text.find(open);
        if (begin == std::string_view::npos) {
            out.append(text);
            return out;
        }
        out.append(text.substr(0, begin));
        const std::size_t end = text.find(close, begin + open.size());
        if (end == std::string_view::npos) {
            return out;
        }
        text.remove_prefix(end + close.size());
    }
}

}  // namespace tools
