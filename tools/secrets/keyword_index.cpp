#include "tools/secrets/keyword_index.hpp"

#include <algorithm>

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

    // Trie (goto function): trie[state * m_columns + column] is the next state, 0 where there is no
    // edge (no edge leads back to the root). Reserved for the most states the keywords could make, so
    // the table is not copied as it grows.
    std::size_t max_states = 1;
    for (const Keyword& keyword : m_keywords) {
        max_states += keyword.text.size();
    }
    std::vector<std::uint32_t> trie;
    trie.reserve(max_states * m_columns);
    trie.assign(m_columns, 0);
    std::vector<std::uint32_t> end_state(m_keywords.size());  // keyword -> the state it ends in
    for (std::uint32_t k = 0; k < m_keywords.size(); ++k) {
        std::uint32_t state = 0;
        for (const char c : m_keywords[k].text) {
            const std::size_t slot = state * m_columns + m_class[static_cast<std::uint8_t>(c)];
            if (trie[slot] == 0) {
                trie[slot] = static_cast<std::uint32_t>(trie.size() / m_columns);
                trie.resize(trie.size() + m_columns, 0);
            }
            state = trie[slot];
        }
        end_state[k] = state;
    }
    const std::size_t states = trie.size() / m_columns;

    // Breadth-first: failure links turn the trie into a full automaton, and the visiting order becomes
    // the rows' order. Text keeps the automaton within a few steps of the root, so the rows it visits
    // sit together in a few kilobytes and stay in L1, where trie order scattered them over the whole
    // table and every byte waited on a cache miss. A state's failure lies nearer the root, so its row
    // is complete before the state's own row is filled from it.
    std::vector<std::uint32_t> order{0};
    order.reserve(states);
    std::vector<std::uint32_t> row_of(states, 0);
    std::vector<std::uint32_t> failure(states, 0);
    for (std::size_t i = 0; i < order.size(); ++i) {
        const std::uint32_t state = order[i];
        const std::size_t row = state * m_columns;
        const std::size_t failure_row = failure[state] * m_columns;
        for (std::size_t column = 0; column < m_columns; ++column) {
            const std::uint32_t child = trie[row + column];
            const std::uint32_t via_failure = state == 0 ? 0 : trie[failure_row + column];
            if (child != 0) {
                failure[child] = via_failure;
                row_of[child] = static_cast<std::uint32_t>(order.size());
                order.push_back(child);
            } else {
                trie[row + column] = via_failure;
            }
        }
    }

    // Each state's keywords: its own, in keyword order (a list per state, built back to front), then
    // its failure's.
    constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    std::vector<std::uint32_t> first_own(states, kNone);
    std::vector<std::uint32_t> next_own(m_keywords.size(), kNone);
    for (std::size_t k = m_keywords.size(); k-- > 0;) {
        next_own[k] = first_own[end_state[k]];
        first_own[end_state[k]] = static_cast<std::uint32_t>(k);
    }
    m_out_begin.reserve(states + 1);
    for (std::size_t row = 0; row < states; ++row) {
        const std::uint32_t state = order[row];
        m_out_begin.push_back(static_cast<std::uint32_t>(m_out.size()));
        for (std::uint32_t k = first_own[state]; k != kNone; k = next_own[k]) {
            m_out.push_back(k);
        }
        if (row == 0) {
            continue;  // the root: no failure
        }
        const std::uint32_t inherited = row_of[failure[state]];  // an earlier row: its range is final
        for (std::uint32_t k = m_out_begin[inherited]; k < m_out_begin[inherited + 1]; ++k) {
            const std::uint32_t keyword = m_out[k];
            m_out.push_back(keyword);
        }
    }
    m_out_begin.push_back(static_cast<std::uint32_t>(m_out.size()));

    // The table is renumbered where it lies: a second one (~256 KB, its pages faulted in one by one)
    // was a quarter of the construction's time. Targets become rows (with the output flag), then each
    // row moves to its place, one cycle of the permutation at a time.
    for (std::uint32_t& target : trie) {
        const std::uint32_t row = row_of[target];
        const bool output = m_out_begin[row + 1] != m_out_begin[row];
        target = static_cast<std::uint32_t>(row * m_columns) | (output ? kHasOutput : 0);
    }
    std::vector<bool> placed(states, false);
    std::vector<std::uint32_t> saved(m_columns);
    const auto row_at = [&](std::size_t row) {
        return trie.begin() + static_cast<std::ptrdiff_t>(row * m_columns);
    };
    for (std::size_t first = 0; first < states; ++first) {
        if (placed[first]) {
            continue;
        }
        std::copy_n(row_at(first), m_columns, saved.begin());
        for (std::size_t row = first;;) {
            placed[row] = true;
            const std::size_t source = order[row];
            if (source == first) {
                std::copy_n(saved.begin(), m_columns, row_at(row));
                break;
            }
            std::copy_n(row_at(source), m_columns, row_at(row));
            row = source;
        }
    }
    m_next = std::move(trie);
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
