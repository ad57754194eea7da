#include "tools/secrets/keyword_index.hpp"

#include <algorithm>
#include <deque>

#include "tools/secrets/words.hpp"

namespace tools::secrets {
namespace {

bool is_alnum(char c) {
    return words::is_alpha(c) || words::is_digit(c);
}

}  // namespace

KeywordIndex::KeywordIndex(std::vector<Keyword> keywords) : m_keywords(std::move(keywords)) {
    // Columns: one per distinct folded byte used by a keyword; every other byte shares column 0.
    for (const Keyword& keyword : m_keywords) {
        m_max_length = std::max(m_max_length, keyword.text.size());
        for (const char c : keyword.text) {
            const auto folded = static_cast<std::uint8_t>(words::fold(c));
            if (m_class[folded] == 0) {
                m_class[folded] = static_cast<std::uint8_t>(m_columns++);
            }
        }
    }
    for (int c = 'A'; c <= 'Z'; ++c) {
        m_class[c] = m_class[c + 32];
    }

    // Trie (goto function), then breadth-first failure links turn it into a full automaton.
    // Reserved for the most states the keywords could make, so the table is not copied as it grows.
    std::size_t max_states = 1;
    for (const Keyword& keyword : m_keywords) {
        max_states += keyword.text.size();
    }
    std::vector<std::vector<std::uint32_t>> outputs(1);
    outputs.reserve(max_states);
    m_next.reserve(max_states * m_columns);
    m_next.assign(m_columns, 0);
    std::vector<bool> defined(m_columns, false);
    defined.reserve(max_states * m_columns);
    for (std::uint32_t k = 0; k < m_keywords.size(); ++k) {
        std::uint32_t state = 0;
        for (const char c : m_keywords[k].text) {
            const std::size_t column = m_class[static_cast<std::uint8_t>(c)];
            const std::size_t slot = state * m_columns + column;
            if (!defined[slot]) {
                const auto fresh = static_cast<std::uint32_t>(outputs.size());
                outputs.emplace_back();
                m_next.resize(m_next.size() + m_columns, 0);
                defined.resize(defined.size() + m_columns, false);
                m_next[slot] = fresh;
                defined[slot] = true;
            }
            state = m_next[slot];
        }
        outputs[state].push_back(k);
    }

    std::vector<std::uint32_t> failure(outputs.size(), 0);
    std::deque<std::uint32_t> queue;
    for (std::size_t column = 0; column < m_columns; ++column) {
        if (defined[column]) {
            queue.push_back(m_next[column]);
        }
    }
    while (!queue.empty()) {
        const std::uint32_t state = queue.front();
        queue.pop_front();
        const auto& inherited = outputs[failure[state]];
        outputs[state].insert(outputs[state].end(), inherited.begin(), inherited.end());
        for (std::size_t column = 0; column < m_columns; ++column) {
            const std::size_t slot = state * m_columns + column;
            const std::uint32_t via_failure = m_next[failure[state] * m_columns + column];
            if (defined[slot]) {
                failure[m_next[slot]] = via_failure;
                queue.push_back(m_next[slot]);
            } else {
                m_next[slot] = via_failure;
            }
        }
    }

    // Rows in breadth-first order: text keeps the automaton within a few steps of the root, so the
    // rows it visits sit together in a few kilobytes and stay in L1, where trie order scattered them
    // over the whole table and every byte waited on a cache miss.
    std::vector<std::uint32_t> by_depth{0};
    std::vector<std::uint32_t> renumbered(outputs.size(), 0);
    std::vector<bool> visited(outputs.size(), false);
    visited[0] = true;
    for (std::size_t i = 0; i < by_depth.size(); ++i) {
        renumbered[by_depth[i]] = static_cast<std::uint32_t>(i);
        for (std::size_t column = 0; column < m_columns; ++column) {
            const std::size_t slot = by_depth[i] * m_columns + column;
            if (defined[slot] && !visited[m_next[slot]]) {
                visited[m_next[slot]] = true;
                by_depth.push_back(m_next[slot]);
            }
        }
    }

    m_out_begin.reserve(outputs.size() + 1);
    std::vector<std::uint32_t> next(m_next.size());
    for (std::size_t row = 0; row < by_depth.size(); ++row) {
        const std::uint32_t old = by_depth[row];
        m_out_begin.push_back(static_cast<std::uint32_t>(m_out.size()));
        m_out.insert(m_out.end(), outputs[old].begin(), outputs[old].end());
        for (std::size_t column = 0; column < m_columns; ++column) {
            const std::uint32_t target = m_next[old * m_columns + column];
            next[row * m_columns + column] = static_cast<std::uint32_t>(renumbered[target] * m_columns) |
                                             (outputs[target].empty() ? 0 : kHasOutput);
        }
    }
    m_out_begin.push_back(static_cast<std::uint32_t>(m_out.size()));
    m_next = std::move(next);
}

bool KeywordIndex::accept(std::string_view text, std::size_t keyword, std::size_t begin) const {
    const Keyword& k = m_keywords[keyword];
    if ((k.word_start || k.prose) && begin > 0 && is_alnum(text[begin - 1])) {
        return false;
    }
    if (k.prose && begin > 0) {
        const char before = text[begin - 1];
        if (before == '_' || before == '-' || before == '.' || before == '/' || before == '~') {
            return false;
        }
    }
    const std::size_t end = begin + k.text.size();
    if (k.word_end && end < text.size() && text[end] >= 'a' && text[end] <= 'z') {
        return false;
    }
    return !k.case_sensitive || text.substr(begin, k.text.size()) == k.text;
}

}  // namespace tools::secrets
