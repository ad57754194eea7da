#include "tools/learnings/learning_item.hpp"

#include <cctype>

#include "tools/core/text.hpp"
#include "tools/core/utf8.hpp"

namespace tools::learnings {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

bool starts_with_run(std::string_view text, char c, std::size_t count) {
    std::size_t n = 0;
    while (n < text.size() && text[n] == c) {
        ++n;
    }
    return n >= count;
}

}  // namespace

Result<std::string> validate_learning(std::string_view learning) {
    if (!is_valid_utf8(learning)) {
        return make_error(ErrorCode::invalid_argument, "is not valid UTF-8");
    }
    std::string_view text = trim(learning);
    if (text.find_first_of("\r\n") != std::string_view::npos) {
        return make_error(ErrorCode::invalid_argument,
                          "spans several lines; a learning is one line (split it into several learnings)");
    }
    if (text.size() >= 2 && (text[0] == '-' || text[0] == '*' || text[0] == '+') && is_space(text[1])) {
        text = trim(text.substr(2));
    }
    if (text.empty() || text == "-" || text == "*" || text == "+") {
        return make_error(ErrorCode::invalid_argument, "is empty");
    }
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7f) {
            return make_error(ErrorCode::invalid_argument, "holds a control character");
        }
    }
    if (text.front() == '#') {
        return make_error(ErrorCode::invalid_argument,
                          "is a heading; a learning is one list item (drop the leading '#')");
    }
    if (starts_with_run(text, '`', 3) || starts_with_run(text, '~', 3)) {
        return make_error(ErrorCode::invalid_argument, "opens a code fence; a learning is one list item");
    }
    if (text.find_first_not_of("-*_= \t") == std::string_view::npos) {
        return make_error(ErrorCode::invalid_argument, "is a horizontal rule, not a learning");
    }
    const std::size_t chars = utf8_length(text);
    if (chars > kMaxLearningChars) {
        return make_error(ErrorCode::invalid_argument, "is " + std::to_string(chars) +
                                                           " characters long; the limit is " +
                                                           std::to_string(kMaxLearningChars));
    }
    return std::string(text);
}

std::string normalize_learning(std::string_view item) {
    std::string key;
    key.reserve(item.size());
    bool pending_space = false;
    auto separate = [&] { pending_space = !key.empty(); };
    for (std::size_t i = 0; i < item.size(); ++i) {
        const char c = item[i];
        // "[text](target)": the target is markup, the text is what the learning says.
        if (c == ']' && i + 1 < item.size() && item[i + 1] == '(') {
            const std::size_t close = item.find(')', i + 2);
            if (close != std::string_view::npos) {
                i = close;
                separate();
                continue;
            }
        }
        // "don't" and "dont" are the same word; other punctuation separates words ("a/b", "a-b").
        if (c == '\'') {
            continue;
        }
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80) {
            if (pending_space) {
                key.push_back(' ');
                pending_space = false;
            }
            key.push_back(c);
        } else if (std::isalnum(byte) != 0) {
            if (pending_space) {
                key.push_back(' ');
                pending_space = false;
            }
            key.push_back(static_cast<char>(std::tolower(byte)));
        } else {
            separate();
        }
    }
    return key;
}

}  // namespace tools::learnings
