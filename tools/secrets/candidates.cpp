// Finding the candidates of one segment: the rules, their keyword hits, the searches near them, and
// which of overlapping matches is kept (see scanner_impl.hpp).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <tuple>

#include "tools/secrets/assignment.hpp"
#include "tools/secrets/near.hpp"
#include "tools/secrets/scanner_impl.hpp"
#include "tools/secrets/validators.hpp"

namespace tools::secrets {
namespace {

// Whether text[from, to) is the rest of an assignment's name and its separator (`_PASSWORD" = '`), so
// that a keyword ending at from names the value that starts at to. A generic rule's match at such a
// keyword would take that same value, and lose to the finding already made for it: text where every
// line is an assignment is then searched once per line, not once per rule.
bool names_value(std::string_view text, std::size_t from, std::size_t to) {
    if (to < from || to - from > 96) {
        return false;
    }
    std::size_t i = after_name_rest(text, from, to);
    if (i + 1 < to && ((text[i] == '=' && text[i + 1] == '>') || (text[i] == ':' && text[i + 1] == '='))) {
        i += 2;
    } else if (i < to && (text[i] == '=' || text[i] == ':')) {
        ++i;
    } else {
        return false;
    }
    while (i < to && (text[i] == ' ' || text[i] == '\t')) {
        ++i;
    }
    if (i < to && (text[i] == '"' || text[i] == '\'' || text[i] == '`')) {
        ++i;
    }
    return i == to;
}

std::vector<Keyword> flatten_keywords(const std::deque<CompiledRule>& rules,
                                      std::vector<std::vector<std::uint32_t>>& keyword_rules) {
    std::vector<Keyword> keywords;
    std::map<std::tuple<std::string, bool, bool, bool, bool>, std::size_t> seen;
    for (std::size_t r = 0; r < rules.size(); ++r) {
        for (const Keyword& k : rules[r].rule.keywords) {
            const auto key = std::make_tuple(k.text, k.case_sensitive, k.word_start, k.word_end, k.prose);
            auto [it, fresh] = seen.emplace(key, keywords.size());
            if (fresh) {
                keywords.push_back(k);
                keyword_rules.emplace_back();
            }
            auto& list = keyword_rules[it->second];
            if (std::find(list.begin(), list.end(), r) == list.end()) {
                list.push_back(static_cast<std::uint32_t>(r));
            }
        }
    }
    return keywords;
}

std::vector<std::uint16_t> by_priority(const std::deque<CompiledRule>& rules) {
    std::vector<std::uint16_t> order(rules.size());
    for (std::size_t r = 0; r < rules.size(); ++r) {
        order[r] = static_cast<std::uint16_t>(r);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::uint16_t a, std::uint16_t b) {
        return rules[a].rule.priority > rules[b].rule.priority;
    });
    return order;
}

std::deque<CompiledRule> make_rules() {
    std::deque<CompiledRule> rules;  // a deque: CompiledRule holds a once_flag and cannot move
    for (Rule& rule : all_rules()) {
        rules.emplace_back(std::move(rule));
    }
    return rules;
}

bool better(const CompiledRule& a, const Candidate& ca, const CompiledRule& b, const Candidate& cb) {
    if (a.rule.priority != b.rule.priority) {
        return a.rule.priority > b.rule.priority;
    }
    if (ca.end - ca.begin != cb.end - cb.begin) {
        return ca.end - ca.begin > cb.end - cb.begin;
    }
    return ca.rule < cb.rule;
}

}  // namespace

void CompiledRule::compile() const {
    RE2::Options options;
    options.set_encoding(RE2::Options::EncodingLatin1);  // every byte is a character: invalid UTF-8 is fine
    options.set_log_errors(false);
    options.set_max_mem(64 << 20);
    auto regex = std::make_unique<RE2>(re2::StringPiece(rule.pattern.data(), rule.pattern.size()), options);
    if (!regex->ok() || regex->NumberOfCapturingGroups() + 1 > kMaxGroups ||
        rule.group > regex->NumberOfCapturingGroups()) {
        spdlog::error("secret rule {} does not compile: {}", rule.id, regex->error());
        return;
    }
    m_groups = regex->NumberOfCapturingGroups() + 1;
    m_regex = std::move(regex);
}

Scanner::Impl::Impl()
    : rules(make_rules()), index(flatten_keywords(rules, keyword_rules)), order(by_priority(rules)) {
    keyword_generic.resize(keyword_rules.size());
    for (std::size_t k = 0; k < keyword_rules.size(); ++k) {
        auto& list = keyword_rules[k];
        const auto generic = std::stable_partition(list.begin(), list.end(), [&](std::uint32_t r) {
            return rules[r].rule.priority != Priority::generic;
        });
        keyword_generic[k].assign(generic, list.end());
        list.erase(generic, list.end());
        if (!keyword_generic[k].empty()) {
            generic_keywords.push_back(static_cast<std::uint16_t>(k));
        }
    }
    rank = rank_of(order, rules.size());
    generic_rank = rank_of(generic_keywords, keyword_rules.size());
}

// Searches rule r in text[from, to) (the whole text stays the context for \b and ^) and keeps the
// matches its check accepts.
void Scanner::Impl::run(std::size_t r, std::string_view text, std::size_t from, std::size_t to,
                        RE2::Anchor anchor, Scratch& scratch) const {
    const CompiledRule& rule = rules[r];
    std::vector<Candidate>& out = scratch.found;

    re2::StringPiece pieces[kMaxGroups];
    std::string_view groups[kMaxGroups];
    const re2::StringPiece context(text.data(), text.size());
    std::size_t pos = from;
    // The assignment rules match by hand (assignment.hpp): same matches, a fraction of the cost.
    const bool by_hand = !rule.rule.assignment_words.empty() && anchor == RE2::UNANCHORED;
    const RE2* regex = by_hand ? nullptr : rule.regex();
    const int group_count = by_hand ? 3 : rule.groups();
    const auto match = [&]() {
        if (by_hand) {
            const auto m = find_assignment(text, pos, to, rule.rule.assignment_words);
            if (m) {
                groups[0] = text.substr(m->begin, m->value_end - m->begin);
                groups[1] = text.substr(m->name_begin, m->name_end - m->name_begin);
                groups[2] = text.substr(m->value_begin, m->value_end - m->value_begin);
            }
            return m.has_value();
        }
        if (regex == nullptr || !regex->Match(context, pos, to, anchor, pieces, group_count)) {
            return false;
        }
        for (int g = 0; g < group_count; ++g) {
            groups[g] = pieces[g].data() == nullptr ? std::string_view()
                                                    : std::string_view(pieces[g].data(), pieces[g].size());
        }
        return true;
    };
    while (pos < to && match()) {
        std::string_view secret;
        if (rule.rule.group >= 0) {
            secret = groups[rule.rule.group];
        } else {
            for (int g = 1; g < group_count && secret.empty(); ++g) {
                secret = groups[g];
            }
        }
        const std::size_t match_end =
            static_cast<std::size_t>(groups[0].data() + groups[0].size() - text.data());
        const Groups view(groups, static_cast<std::size_t>(group_count));
        const auto judge = [&] {
            return rule.rule.check != nullptr ? rule.rule.check(secret, view)
                                              : check_not_placeholder(secret, view);
        };
        bool accepted = false;
        if (secret.empty()) {
        } else if (by_hand) {
            // An assignment's check reads the name and the value only (rule.hpp), so equal ones are
            // judged once.
            const ValueMemo::Key key{static_cast<std::uint32_t>(r), {groups[1], secret}};
            accepted = scratch.judgements->get(
                           key, [&](std::string& verdict) { verdict.push_back(judge() ? '1' : '0'); }) == "1";
        } else {
            accepted = judge();
        }
        std::size_t next = match_end;
        if (accepted) {
            const auto begin = static_cast<std::size_t>(secret.data() - text.data());
            out.push_back(Candidate{static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(begin),
                                    static_cast<std::uint32_t>(begin + secret.size())});
        } else if (!secret.empty()) {
            // A rejected value may hide a later candidate inside the same match ("password is stored
            // in the vault; the password is …"): resume just after where the value started.
            next = static_cast<std::size_t>(secret.data() - text.data()) + 1;
        }
        if (anchor == RE2::ANCHOR_START) {
            break;
        }
        pos = std::max(next, pos + 1);
    }
}

void Scanner::Impl::search(std::size_t r, std::string_view text, std::span<const Hit> hits,
                           Scratch& scratch) const {
    const Rule& rule = rules[r].rule;
    const std::size_t size = text.size();
    if (rule.before == 0) {
        // The match starts at the keyword: one anchored attempt per distinct hit.
        std::size_t previous = static_cast<std::size_t>(-1);
        for (const Hit& h : hits) {
            if (h.begin != previous) {
                previous = h.begin;
                run(r, text, previous, std::min(size, previous + rule.after), RE2::ANCHOR_START, scratch);
            }
        }
        return;
    }
    // Otherwise search windows around the hits, merged so no byte is searched twice.
    std::size_t from = 0;
    std::size_t to = 0;
    bool open = false;
    for (const Hit& h : hits) {
        const std::size_t begin = h.begin > rule.before ? h.begin - rule.before : 0;
        std::size_t window_end = std::min(size, std::size_t{h.begin} + rule.after);
        if (rule.single_line) {
            const auto* newline = static_cast<const char*>(
                std::memchr(text.data() + h.begin, '\n', window_end - std::size_t{h.begin}));
            if (newline != nullptr) {
                window_end = static_cast<std::size_t>(newline - text.data());
            }
        }
        if (open && begin <= to) {
            to = std::max(to, window_end);
            continue;
        }
        if (open) {
            run(r, text, from, to, RE2::UNANCHORED, scratch);
        }
        from = begin, to = window_end, open = true;
    }
    if (open) {
        run(r, text, from, to, RE2::UNANCHORED, scratch);
    }
}

void Scanner::Impl::generic_hits(std::string_view text, Scratch& scratch) const {
    std::vector<std::uint32_t>& starts = scratch.starts;  // of the candidates found so far
    starts.clear();
    for (const Candidate& c : scratch.found) {
        starts.push_back(c.begin);
    }
    if (!std::is_sorted(starts.begin(), starts.end())) {
        std::sort(starts.begin(), starts.end());
    }
    sort_hits(scratch.generic_raw, text.size(), generic_keywords, generic_rank, scratch.generic_hits);
    // Drop the keyword hits that only name a value already found (see names_value); the others become
    // hits of the keyword's generic rules whose near() accepts them. A keyword's hits come in offset
    // order, so the first start at or after each keyword's end is found by walking forward (back only
    // at the next keyword).
    std::vector<Hit>& raw = scratch.raw;
    raw.clear();
    auto next = starts.begin();
    for (const Hit& h : scratch.generic_hits.hits) {
        const std::size_t keyword_end = std::size_t{h.begin} + h.length;
        if (next != starts.begin() && *(next - 1) >= keyword_end) {
            next = std::lower_bound(starts.begin(), next, keyword_end);
        }
        for (int step = 0; next != starts.end() && *next < keyword_end; ++step, ++next) {
            if (step == 8) {
                next = std::lower_bound(next, starts.end(), keyword_end);
                break;
            }
        }
        if (next != starts.end() && names_value(text, keyword_end, *next)) {
            continue;
        }
        for (const std::uint32_t r : keyword_generic[h.group]) {
            const Rule& rule = rules[r].rule;
            if (rule.near == nullptr || rule.near(text, h.begin, keyword_end)) {
                raw.push_back(Hit{h.begin, h.length, static_cast<std::uint16_t>(r)});
            }
        }
    }
    sort_hits(raw, text.size(), order, rank, scratch.hits);
}

void Scanner::Impl::candidates(std::string_view text, Scratch& scratch) const {
    std::vector<Hit>& raw = scratch.raw;
    std::vector<Hit>& generic_raw = scratch.generic_raw;
    raw.clear();
    generic_raw.clear();
    const auto& keywords = index.keywords();
    index.find(text, [&](std::size_t keyword, std::size_t begin) {
        const auto length = static_cast<std::uint16_t>(keywords[keyword].text.size());
        for (const std::uint32_t r : keyword_rules[keyword]) {
            const Rule& rule = rules[r].rule;
            if (rule.near == nullptr || rule.near(text, begin, begin + length)) {
                raw.push_back(Hit{static_cast<std::uint32_t>(begin), length, static_cast<std::uint16_t>(r)});
            }
        }
        if (!keyword_generic[keyword].empty()) {
            generic_raw.push_back(
                Hit{static_cast<std::uint32_t>(begin), length, static_cast<std::uint16_t>(keyword)});
        }
    });
    std::vector<Candidate>& found = scratch.found;
    found.clear();
    if (raw.empty() && generic_raw.empty()) {
        // Most texts a transcript holds name no keyword: ordering no hits over every rule would cost
        // more than finding none.
        scratch.kept.clear();
        return;
    }
    // The other rules first (generic ones come last in order), then the generic ones, whose hits can
    // only be sifted once every other rule has run.
    const auto search_runs = [&] {
        std::uint32_t first = 0;
        for (const HitBuckets::Run& run : scratch.hits.runs) {
            search(run.group, text, std::span(scratch.hits.hits).subspan(first, run.end - first), scratch);
            first = run.end;
        }
    };
    sort_hits(raw, text.size(), order, rank, scratch.hits);
    search_runs();
    if (!generic_raw.empty()) {
        generic_hits(text, scratch);
        search_runs();
    }

    // Overlapping candidates: keep the more specific rule (then the longer match).
    const auto by_offset = [](const Candidate& a, const Candidate& b) {
        return std::tie(a.begin, a.end, a.rule) < std::tie(b.begin, b.end, b.rule);
    };
    if (!std::is_sorted(found.begin(), found.end(), by_offset)) {
        std::sort(found.begin(), found.end(), by_offset);
    }
    std::vector<Candidate>& kept = scratch.kept;
    kept.clear();
    for (const Candidate& c : found) {
        bool keep = true;
        while (!kept.empty() && kept.back().end > c.begin) {
            if (better(rules[c.rule], c, rules[kept.back().rule], kept.back())) {
                kept.pop_back();
            } else {
                keep = false;
                break;
            }
        }
        if (keep) {
            kept.push_back(c);
        }
    }
}

}  // namespace tools::secrets
