// The scanner's prefilter: finds every occurrence of a set of short literal keywords ("ghp_", "AKIA",
// "password", "://") in one pass over the text (Aho-Corasick over ASCII-case-folded bytes), so only the
// rules whose keyword occurs run their regex, and only near the occurrence.
//
// A keyword may require exact case (the fold is undone by comparing the original bytes), may require
// to start a word (the byte before it is not [A-Za-z0-9]) and may require to end one (the byte after it
// is not [a-z], so "token" matches TOKEN=, token_ and authToken but not "tokens" or "tokenizer").
// Immutable after construction and safe to share between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tools::secrets {

struct Keyword {
    std::string text;
    bool case_sensitive = false;
    bool word_start = false;
    bool word_end = false;
    bool prose = false;  // also not after "_", "-", ".", "/" or "~" (a word in a sentence, not in a name)
};

class KeywordIndex {
  public:
    explicit KeywordIndex(std::vector<Keyword> keywords);

    const std::vector<Keyword>& keywords() const { return m_keywords; }

    // Calls on_hit(keyword_index, begin_offset) once for every occurrence. Order: the text is split
    // into quarters (size / 4 bytes, the last one taking the rest) searched side by side; the hits
    // ending in one quarter are reported in the order of their last bytes, interleaved with the other
    // quarters' (a short text is one run in that order). Callers may rely on it only for speed.
    template <typename OnHit>
    void find(std::string_view text, OnHit&& on_hit) const;

  private:
    bool accept(std::string_view text, std::size_t keyword, std::size_t begin) const;

    std::vector<Keyword> m_keywords;
    static constexpr std::uint32_t kHasOutput = 0x80000000u;

    std::uint8_t m_class[256] = {};  // byte -> column in the transition table
    std::size_t m_columns = 1;
    std::size_t m_max_length = 1;  // of the longest keyword
    // Transitions: m_next[row + column] is the next state's row (state * m_columns), with kHasOutput
    // set when some keyword ends in that state, so the scan loop does one load per byte.
    std::vector<std::uint32_t> m_next;
    std::vector<std::uint32_t> m_out_begin;  // state -> range in m_out (keywords ending here)
    std::vector<std::uint32_t> m_out;
};

template <typename OnHit>
void KeywordIndex::find(std::string_view text, OnHit&& on_hit) const {
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const std::uint32_t* next = m_next.data();
    const std::uint8_t* classes = m_class;
    // Rare: a state where keywords end. Kept out of the loop body so the loop stays small.
    const auto report = [&](std::uint32_t row, std::size_t i) __attribute__((noinline)) {
        const std::size_t state = (row & ~kHasOutput) / m_columns;
        for (std::uint32_t k = m_out_begin[state]; k < m_out_begin[state + 1]; ++k) {
            const std::uint32_t keyword = m_out[k];
            const std::size_t start = i + 1 - m_keywords[keyword].text.size();
            if (accept(text, keyword, start)) {
                on_hit(static_cast<std::size_t>(keyword), start);
            }
        }
    };
#define CS_KEYWORD_STEP(row, i)                                    \
    do {                                                           \
        (row) = next[((row) & ~kHasOutput) + classes[bytes[(i)]]]; \
        if ((row)&kHasOutput) [[unlikely]] {                       \
            report((row), (i));                                    \
        }                                                          \
    } while (false)

    // The automaton costs one dependent load per byte; four independent lanes over four quarters of
    // the text keep the CPU busy while each load completes. A lane first runs silently over the
    // max_length - 1 bytes before its quarter, so it knows every keyword that ends inside its quarter.
    const std::size_t size = text.size();
    const std::size_t quarter = size / 4;
    if (quarter < 16 * m_max_length) {
        std::uint32_t row = 0;
        for (std::size_t i = 0; i < size; ++i) {
            CS_KEYWORD_STEP(row, i);
        }
        return;
    }
    std::uint32_t row[4] = {};
    for (std::size_t l = 1; l < 4; ++l) {
        for (std::size_t i = l * quarter - (m_max_length - 1); i < l * quarter; ++i) {
            row[l] = next[(row[l] & ~kHasOutput) + classes[bytes[i]]];
        }
    }
    std::uint32_t r0 = row[0], r1 = row[1], r2 = row[2], r3 = row[3];
    for (std::size_t i = 0; i < quarter; ++i) {
        CS_KEYWORD_STEP(r0, i);
        CS_KEYWORD_STEP(r1, quarter + i);
        CS_KEYWORD_STEP(r2, 2 * quarter + i);
        CS_KEYWORD_STEP(r3, 3 * quarter + i);
    }
    for (std::size_t i = 4 * quarter; i < size; ++i) {
        CS_KEYWORD_STEP(r3, i);
    }
#undef CS_KEYWORD_STEP
}

}  // namespace tools::secrets
