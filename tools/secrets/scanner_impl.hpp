// The scanner's insides, shared by scanner.cpp (the engine that cuts text into segments and reports
// findings, and the public API) and candidates.cpp (the rules, and finding candidates in one segment).
// Internal to tools/secrets: nothing outside includes it. Scanner::Impl is immutable after
// construction and safe to share between threads; a Scratch belongs to one scan at a time.
#pragma once

#include <re2/re2.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string_view>
#include <vector>

#include "tools/secrets/hits.hpp"
#include "tools/secrets/keyword_index.hpp"
#include "tools/secrets/rule.hpp"
#include "tools/secrets/scanner.hpp"
#include "tools/secrets/value_memo.hpp"

namespace tools::secrets {

constexpr int kMaxGroups = 8;

// A rule's regex is compiled the first time one of its keywords occurs. Most texts wake only a few of
// the rules, and compiling all of them up front would cost as much as scanning megabytes, in every
// process. call_once keeps this safe when threads share the scanner.
class CompiledRule {
  public:
    explicit CompiledRule(Rule r) : rule(std::move(r)) {}

    // Null when the pattern does not compile (logged once; the rule then never matches).
    const RE2* regex() const {
        std::call_once(m_once, [this] { compile(); });
        return m_regex.get();
    }
    int groups() const {
        regex();
        return m_groups;
    }

    const Rule rule;

  private:
    void compile() const;

    mutable std::once_flag m_once;
    mutable std::unique_ptr<RE2> m_regex;
    mutable int m_groups = 0;
};

// A match that passed its rule's check: the secret is the segment's decoded text [begin, end). Twelve
// bytes, because a text with a finding on every line holds tens of thousands of them per segment, and
// sorting and sifting them ran at the speed of memory.
struct Candidate {
    std::uint32_t rule;
    std::uint32_t begin;
    std::uint32_t end;
};

struct Scanner::Impl {
    std::deque<CompiledRule> rules;
    std::vector<std::vector<std::uint32_t>> keyword_rules;  // keyword -> its rules
    KeywordIndex index;
    std::vector<std::uint16_t> order;  // rule numbers by priority (specific first), then table order
    // keyword -> its generic rules; keyword_rules then keeps the others. A keyword hit is kept once for
    // all of its generic rules until those that only name a value already found are dropped.
    std::vector<std::vector<std::uint32_t>> keyword_generic;
    std::vector<std::uint16_t> generic_keywords;  // the keywords with generic rules
    std::vector<std::uint16_t> rank;              // rule -> its place in order
    std::vector<std::uint16_t> generic_rank;      // keyword -> its place in generic_keywords

    Impl();

    // Buffers candidates() reuses from one segment to the next, and the scan's memo.
    struct Scratch {
        std::vector<Hit> raw;          // of rules (group: the rule), as the keyword pass reports them
        std::vector<Hit> generic_raw;  // of keywords with generic rules (group: the keyword)
        HitBuckets hits;
        HitBuckets generic_hits;
        std::vector<Candidate> found;
        std::vector<std::uint32_t> starts;
        std::vector<Candidate> kept;
        ValueMemo* judgements = nullptr;  // of the assignment rules, by (rule, name, value)

        // Gives back what a dense segment grew, so an idle thread holds kilobytes, not megabytes.
        void trim();
    };
    class ScratchLease;

    void run(std::size_t r, std::string_view text, std::size_t from, std::size_t to, RE2::Anchor anchor,
             Scratch& scratch) const;
    // Runs rule r near each of its hits (in offset order).
    void search(std::size_t r, std::string_view text, std::span<const Hit> hits, Scratch& scratch) const;
    // The hits of the generic rules, once the others have run: scratch.hits.
    void generic_hits(std::string_view text, Scratch& scratch) const;
    // The candidates of text, in offset order, in scratch.kept.
    void candidates(std::string_view text, Scratch& scratch) const;

    class Engine;
};

}  // namespace tools::secrets
