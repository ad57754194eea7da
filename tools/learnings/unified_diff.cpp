#include "tools/learnings/unified_diff.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace tools::learnings {
namespace {

constexpr std::size_t kContext = 3;

// Lines with their '\n' (the last one may lack it), so a missing final newline is a difference.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        const std::size_t stop = end == std::string_view::npos ? text.size() : end + 1;
        lines.push_back(text.substr(start, stop - start));
        start = stop;
    }
    return lines;
}

enum class Op { keep, remove, add };

struct Edit {
    Op op;
    std::size_t old_index;  // into a (keep, remove)
    std::size_t new_index;  // into b (keep, add)
};

// Myers' greedy forward search, keeping each round's frontier to walk the path back.
std::vector<Edit> shortest_edit(const std::vector<std::string_view>& a, std::size_t a_begin,
                                std::size_t a_end, const std::vector<std::string_view>& b,
                                std::size_t b_begin, std::size_t b_end) {
    const auto n = static_cast<std::ptrdiff_t>(a_end - a_begin);
    const auto m = static_cast<std::ptrdiff_t>(b_end - b_begin);
    const std::ptrdiff_t max = n + m;
    const std::ptrdiff_t offset = max + 1;
    std::vector<std::ptrdiff_t> v(static_cast<std::size_t>(2 * max + 3), 0);
    std::vector<std::vector<std::ptrdiff_t>> trace;
    auto at = [&](std::vector<std::ptrdiff_t>& frontier, std::ptrdiff_t k) -> std::ptrdiff_t& {
        return frontier[static_cast<std::size_t>(k + offset)];
    };
    auto equal = [&](std::ptrdiff_t x, std::ptrdiff_t y) {
        return a[a_begin + static_cast<std::size_t>(x)] == b[b_begin + static_cast<std::size_t>(y)];
    };
    std::ptrdiff_t final_d = 0;
    for (std::ptrdiff_t d = 0; d <= max; ++d) {
        bool done = false;
        for (std::ptrdiff_t k = -d; k <= d; k += 2) {
            std::ptrdiff_t x = 0;
            if (k == -d || (k != d && at(v, k - 1) < at(v, k + 1))) {
                x = at(v, k + 1);
            } else {
                x = at(v, k - 1) + 1;
            }
            std::ptrdiff_t y = x - k;
            while (x < n && y < m && equal(x, y)) {
                ++x;
                ++y;
            }
            at(v, k) = x;
            if (x >= n && y >= m) {
                done = true;
                break;
            }
        }
        trace.push_back(v);
        if (done) {
            final_d = d;
            break;
        }
    }

    std::vector<Edit> edits;
    std::ptrdiff_t x = n;
    std::ptrdiff_t y = m;
    for (std::ptrdiff_t d = final_d; d > 0; --d) {
        std::vector<std::ptrdiff_t>& prev = trace[static_cast<std::size_t>(d - 1)];
        const std::ptrdiff_t k = x - y;
        const bool down = k == -d || (k != d && at(prev, k - 1) < at(prev, k + 1));
        const std::ptrdiff_t prev_k = down ? k + 1 : k - 1;
        const std::ptrdiff_t prev_x = at(prev, prev_k);
        const std::ptrdiff_t prev_y = prev_x - prev_k;
        while (x > prev_x && y > prev_y) {
            --x;
            --y;
            edits.push_back(
                {Op::keep, a_begin + static_cast<std::size_t>(x), b_begin + static_cast<std::size_t>(y)});
        }
        if (down) {
            --y;
            edits.push_back(
                {Op::add, a_begin + static_cast<std::size_t>(x), b_begin + static_cast<std::size_t>(y)});
        } else {
            --x;
            edits.push_back(
                {Op::remove, a_begin + static_cast<std::size_t>(x), b_begin + static_cast<std::size_t>(y)});
        }
    }
    while (x > 0 && y > 0) {
        --x;
        --y;
        edits.push_back(
            {Op::keep, a_begin + static_cast<std::size_t>(x), b_begin + static_cast<std::size_t>(y)});
    }
    std::reverse(edits.begin(), edits.end());
    return edits;
}

std::vector<Edit> diff_lines(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
    std::size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) {
        ++prefix;
    }
    std::size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
        ++suffix;
    }
    std::vector<Edit> edits;
    for (std::size_t i = 0; i < prefix; ++i) {
        edits.push_back({Op::keep, i, i});
    }
    const std::vector<Edit> middle =
        shortest_edit(a, prefix, a.size() - suffix, b, prefix, b.size() - suffix);
    edits.insert(edits.end(), middle.begin(), middle.end());
    for (std::size_t i = suffix; i > 0; --i) {
        edits.push_back({Op::keep, a.size() - i, b.size() - i});
    }
    return edits;
}

// "-l,n" in the form diff and git print: ",1" left out, and an empty range names the line before it.
std::string range(std::size_t first, std::size_t count) {
    std::string text = std::to_string(count == 0 ? first : first + 1);
    if (count != 1) {
        text += "," + std::to_string(count);
    }
    return text;
}

void append_line(std::string& out, char mark, std::string_view line) {
    out += mark;
    out += line;
    if (line.empty() || line.back() != '\n') {
        out += "\n\\ No newline at end of file\n";
    }
}

}  // namespace

std::string unified_diff(std::string_view path, const std::optional<std::string>& before,
                         const std::optional<std::string>& after) {
    const std::vector<std::string_view> a = split_lines(before ? std::string_view(*before) : "");
    const std::vector<std::string_view> b = split_lines(after ? std::string_view(*after) : "");
    const std::vector<Edit> edits = diff_lines(a, b);

    std::string out;
    std::size_t i = 0;
    while (i < edits.size()) {
        if (edits[i].op == Op::keep) {
            ++i;
            continue;
        }
        // A hunk: from kContext kept lines before this change to kContext after the last change that
        // is at most 2 * kContext kept lines from the previous one.
        const std::size_t start = i >= kContext ? i - kContext : 0;
        std::size_t end = i;
        std::size_t kept_run = 0;
        for (std::size_t j = i; j < edits.size(); ++j) {
            if (edits[j].op == Op::keep) {
                if (++kept_run > 2 * kContext) {
                    break;
                }
            } else {
                kept_run = 0;
                end = j + 1;
            }
        }
        end = std::min(edits.size(), end + kContext);
        std::size_t old_count = 0;
        std::size_t new_count = 0;
        for (std::size_t j = start; j < end; ++j) {
            old_count += edits[j].op != Op::add ? 1 : 0;
            new_count += edits[j].op != Op::remove ? 1 : 0;
        }
        if (out.empty()) {
            out += "--- " + (before ? "a/" + std::string(path) : std::string("/dev/null")) + "\n";
            out += "+++ " + (after ? "b/" + std::string(path) : std::string("/dev/null")) + "\n";
        }
        out += "@@ -" + range(edits[start].old_index, old_count) + " +" +
               range(edits[start].new_index, new_count) + " @@\n";
        for (std::size_t j = start; j < end; ++j) {
            const Edit& e = edits[j];
            if (e.op == Op::keep) {
                append_line(out, ' ', a[e.old_index]);
            } else if (e.op == Op::remove) {
                append_line(out, '-', a[e.old_index]);
            } else {
                append_line(out, '+', b[e.new_index]);
            }
        }
        i = end;
    }
    return out;
}

}  // namespace tools::learnings
