#include "tools/learnings/claude_md.hpp"

#include <cctype>

#include "tools/core/text.hpp"

namespace tools::learnings {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

// What goes after the existing text so the appended block starts after one blank line.
std::string separator(std::string_view text, std::string_view eol) {
    if (text.empty()) {
        return "";
    }
    std::string sep;
    if (text.back() != '\n') {
        sep += eol;
    }
    const bool ends_blank = text.ends_with("\n\n") || text.ends_with("\n\r\n");
    if (!ends_blank) {
        sep += eol;
    }
    return sep;
}

}  // namespace

bool has_learnings_directive(std::string_view claude_md) {
    return lower(claude_md).find("accumulated learnings") != std::string::npos;
}

std::string with_learnings_directive(std::string_view claude_md, std::string_view claude_md_path) {
    const std::string_view eol = claude_md.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
    const std::string import = claude_md_path == kDotClaudeMd ? "@learnings.md" : "@.claude/learnings.md";
    std::string out(claude_md);
    out += separator(claude_md, eol);
    for (const std::string& line :
         {std::string("## Accumulated Learnings"), std::string(),
          std::string("What earlier sessions learned about this project, on every machine, newest first."),
          std::string("context-sync keeps this file; add to it through its commit_learnings tool."),
          std::string(), import}) {
        out += line;
        out += eol;
    }
    return out;
}

bool has_union_merge(std::string_view gitattributes) {
    std::size_t start = 0;
    while (start <= gitattributes.size()) {
        std::size_t end = gitattributes.find('\n', start);
        if (end == std::string_view::npos) {
            end = gitattributes.size();
        }
        if (trim(gitattributes.substr(start, end - start)) == kUnionMergeLine) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

std::string with_union_merge(std::string_view gitattributes) {
    const std::string_view eol = gitattributes.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
    std::string out(gitattributes);
    if (!out.empty() && out.back() != '\n') {
        out += eol;
    }
    out += kUnionMergeLine;
    out += eol;
    return out;
}

}  // namespace tools::learnings
