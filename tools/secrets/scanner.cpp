#include "tools/secrets/scanner.hpp"

#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <span>
#include <tuple>

#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/assignment.hpp"
#include "tools/secrets/fingerprint.hpp"
#include "tools/secrets/hits.hpp"
#include "tools/secrets/json_unescape.hpp"
#include "tools/secrets/keyword_index.hpp"
#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"
#include "tools/secrets/value_memo.hpp"

namespace tools::secrets {
namespace {

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
    void compile() const {
        RE2::Options options;
        options.set_encoding(
            RE2::Options::EncodingLatin1);  // every byte is a character: invalid UTF-8 is fine
        options.set_log_errors(false);
        options.set_max_mem(64 << 20);
        auto regex =
            std::make_unique<RE2>(re2::StringPiece(rule.pattern.data(), rule.pattern.size()), options);
        if (!regex->ok() || regex->NumberOfCapturingGroups() + 1 > kMaxGroups ||
            rule.group > regex->NumberOfCapturingGroups()) {
            spdlog::error("secret rule {} does not compile: {}", rule.id, regex->error());
            return;
        }
        m_groups = regex->NumberOfCapturingGroups() + 1;
        m_regex = std::move(regex);
    }

    mutable std::once_flag m_once;
    mutable std::unique_ptr<RE2> m_regex;
    mutable int m_groups = 0;
};

// A match that passed its rule's check, in decoded-text coordinates.
struct Candidate {
    std::size_t rule;
    std::size_t begin;
    std::size_t end;
    std::string_view secret;
};

bool is_name_byte(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

// Whether text[from, to) is the rest of an assignment's name and its separator (`_PASSWORD" = '`), so
// that a keyword ending at from names the value that starts at to. A generic rule's match at such a
// keyword would take that same value, and lose to the finding already made for it: text where every
// line is an assignment is then searched once per line, not once per rule.
bool names_value(std::string_view text, std::size_t from, std::size_t to) {
    if (to < from || to - from > 96) {
        return false;
    }
    std::size_t i = from;
    while (i < to && is_name_byte(text[i])) {
        ++i;
    }
    for (int quotes = 0; quotes < 2 && i < to && (text[i] == '"' || text[i] == '\'' || text[i] == ']');
         ++quotes) {
        ++i;
    }
    while (i < to && (text[i] == ' ' || text[i] == '\t')) {
        ++i;
    }
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

// At most 4 characters, fewer for short secrets, so a preview never gives away much of one; nothing
// for a value a person may have chosen. Written into preview, whose buffer is reused.
void make_preview(const Rule& rule, std::string_view secret, std::string& preview) {
    preview.clear();
    if (rule.password || rule.priority != Priority::specific) {
        return;
    }
    const std::size_t shown = std::min<std::size_t>(4, secret.size() / 4);
    for (std::size_t i = 0; i < shown; ++i) {
        const auto c = static_cast<unsigned char>(secret[i]);
        if (c < 0x20 || c >= 0x7f) {
            break;  // keep the preview ASCII: a partial code point would not be valid UTF-8
        }
        preview.push_back(static_cast<char>(c));
    }
    preview.append("\xE2\x80\xA6");
}

}  // namespace

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

    Impl() : rules(make_rules()), index(flatten_keywords(rules, keyword_rules)), order(by_priority(rules)) {
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

    // Buffers candidates() reuses from one segment to the next, and the scan's memo.
    struct Scratch {
        std::vector<Hit> raw;          // of rules (group: the rule), as the keyword pass reports them
        std::vector<Hit> generic_raw;  // of keywords with generic rules (group: the keyword)
        HitBuckets hits;
        HitBuckets generic_hits;
        std::vector<Candidate> found;
        std::vector<std::size_t> starts;
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
            out.push_back(Candidate{r, begin, begin + secret.size(), secret});
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
        const std::size_t window_end = std::min(size, std::size_t{h.begin} + rule.after);
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
    std::vector<std::size_t>& starts = scratch.starts;  // of the candidates found so far
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

void Scanner::Impl::Scratch::trim() {
    constexpr std::size_t kKept = 1u << 14;  // elements
    const auto trim_one = [](auto& buffer) {
        if (buffer.capacity() > kKept) {
            std::remove_reference_t<decltype(buffer)>().swap(buffer);
        }
    };
    trim_one(raw), trim_one(generic_raw), trim_one(hits.hits), trim_one(generic_hits.hits);
    trim_one(found), trim_one(starts), trim_one(kept);
}

// Scratch buffers are lent per thread, to one scan at a time: transcripts are redacted a few hundred
// bytes at a time, and allocating the buffers for every text cost more than scanning it. A scan run
// from inside another one's sink gets buffers of its own, and so does a stream, which may end on
// another thread than the one it began on.
class Scanner::Impl::ScratchLease {
  public:
    explicit ScratchLease(bool borrow) {
        if (borrow && !lent()) {
            lent() = true;
            m_scratch = &shared();
        } else {
            m_own = std::make_unique<Scratch>();
            m_scratch = m_own.get();
        }
    }
    ~ScratchLease() {
        if (m_own == nullptr) {
            m_scratch->judgements = nullptr;
            m_scratch->trim();
            lent() = false;
        }
    }
    ScratchLease(const ScratchLease&) = delete;
    ScratchLease& operator=(const ScratchLease&) = delete;

    Scratch& scratch() { return *m_scratch; }

  private:
    static Scratch& shared() {
        thread_local Scratch scratch;
        return scratch;
    }
    static bool& lent() {
        thread_local bool lent = false;
        return lent;
    }

    Scratch* m_scratch = nullptr;
    std::unique_ptr<Scratch> m_own;
};

// Cuts a text (whole, or the part of a stream held so far) into segments, scans each, and sends the
// findings to the sink. Keeps what must carry across segments and across calls: the absolute offset of
// the view's first byte, the end of the last finding sent, and the line count.
class Scanner::Impl::Engine {
  public:
    // A streaming engine (stream) keeps buffers of its own.
    Engine(const Scanner::Impl& impl, const ScanOptions& options, const FindingSink& sink, bool stream)
        : m_impl(impl), m_options(options), m_sink(sink), m_lease(!stream), m_scratch(m_lease.scratch()) {
        m_scratch.judgements = &m_judgements;
    }

    static constexpr std::size_t kSegment = 1 << 20;
    static constexpr std::size_t kTail = 24 << 10;  // longer than any match can be
    // How much a stream must hold before a segment is cut (a cut may go up to 2 segments past the start
    // when no line ends earlier) so that the segment's tail is there too.
    static constexpr std::size_t kWindow = 2 * kSegment + kTail;

    // Scans view (whose first byte is at absolute offset base) from its start; unless eof, stops where
    // fewer than kWindow bytes remain. Returns how many bytes are done: later findings start after them.
    Result<std::size_t> run(std::string_view view, std::size_t base, bool eof);
    bool stopped() const { return m_stopped; }

  private:
    bool emit(std::string_view view, std::size_t base, const Candidate& c, std::size_t offset,
              std::size_t end);
    void count_lines(std::string_view view, std::size_t base, std::size_t to);

    const Scanner::Impl& m_impl;
    const ScanOptions& m_options;
    const FindingSink& m_sink;
    std::size_t m_kept_end = 0;
    std::size_t m_line = 1;
    std::size_t m_line_start = 0;
    std::size_t m_counted = 0;  // newlines before this absolute offset are counted
    bool m_stopped = false;
    ScratchLease m_lease;
    Scratch& m_scratch;
    ValueMemo m_judgements;
    Finding m_finding;
    ValueMemo m_fingerprints;  // by (rule, value)
};

Result<std::size_t> Scanner::Impl::Engine::run(std::string_view view, std::size_t base, bool eof) {
    std::size_t pos = 0;
    while (!m_stopped && pos < view.size()) {
        const std::size_t remaining = view.size() - pos;
        if (!eof && remaining < kWindow) {
            break;
        }
        if (m_options.progress != nullptr && m_options.progress->cancelled()) {
            return make_error(ErrorCode::cancelled, "secret scan cancelled");
        }
        std::size_t end = view.size();
        if (remaining > kSegment + kTail) {
            // Whole lines keep `^` and JSON escapes intact; a line longer than a segment is cut anyway.
            const std::size_t newline = view.substr(0, pos + 2 * kSegment).find('\n', pos + kSegment);
            end = newline == std::string_view::npos ? pos + kSegment : newline + 1;
        }
        const std::size_t region_end = end == view.size() ? end : std::min(view.size(), end + kTail);
        const DecodedText decoded(view.substr(pos, region_end - pos));
        m_impl.candidates(decoded.text(), m_scratch);
        for (const Candidate& c : m_scratch.kept) {
            const std::size_t offset = pos + decoded.to_original_begin(c.begin);
            if (offset >= end) {
                continue;  // the next segment owns it
            }
            const std::size_t length = pos + decoded.to_original_end(c.end) - offset;
            if (!emit(view, base, c, offset, length)) {
                m_stopped = true;
                break;
            }
        }
        pos = end;
        if (m_options.progress != nullptr) {
            m_options.progress->report(static_cast<double>(base + pos), 0, "scanning for secrets");
        }
    }
    if (!eof) {
        count_lines(view, base, base + pos);  // the caller drops what is done: count its lines now
    }
    return pos;
}

bool Scanner::Impl::Engine::emit(std::string_view view, std::size_t base, const Candidate& c,
                                 std::size_t offset, std::size_t length) {
    const Rule& rule = m_impl.rules[c.rule].rule;
    if (m_options.allowlist != nullptr && m_options.allowlist->contains(rule.id, c.secret)) {
        return true;
    }
    // A segment cannot see a finding the previous one sent across their boundary: skip overlaps.
    if (base + offset < m_kept_end) {
        return true;
    }
    m_kept_end = base + offset + length;
    count_lines(view, base, base + offset);
    // Filled in place: a sink that does not take the strings leaves their buffers for the next one.
    Finding& f = m_finding;
    f.rule_id.assign(rule.id);
    f.description.assign(rule.description);
    f.line = m_line;
    f.column = base + offset - m_line_start + 1;
    f.offset = base + offset;
    f.length = length;
    make_preview(rule, c.secret, f.preview);
    f.fingerprint.clear();
    if (m_options.key != nullptr) {
        const ValueMemo::Key key{static_cast<std::uint32_t>(c.rule), {c.secret}};
        f.fingerprint.assign(m_fingerprints.get(
            key, [&](std::string& out) { out = m_options.key->fingerprint(rule.id, c.secret); }));
    }
    f.allowlist_hash.clear();
    if (m_options.hash_for != nullptr) {
        f.allowlist_hash = m_options.hash_for->hash(rule.id, c.secret);
    }
    f.verified = rule.verified != nullptr && rule.verified(c.secret);
    return m_sink(std::move(f));
}

void Scanner::Impl::Engine::count_lines(std::string_view view, std::size_t base, std::size_t to) {
    while (m_counted < to) {
        const std::size_t from = m_counted - base;
        const void* nl = std::memchr(view.data() + from, '\n', to - m_counted);
        if (nl == nullptr) {
            m_counted = to;
            break;
        }
        m_counted = base + static_cast<std::size_t>(static_cast<const char*>(nl) - view.data()) + 1;
        ++m_line;
        m_line_start = m_counted;
    }
}

Scanner::Scanner() : m_impl(std::make_unique<const Impl>()) {}
Scanner::~Scanner() = default;

const Scanner& Scanner::instance() {
    static const Scanner scanner;
    return scanner;
}

Result<void> Scanner::scan(std::string_view text, const ScanOptions& options, const FindingSink& sink) const {
    Impl::Engine engine(*m_impl, options, sink, false);
    auto done = engine.run(text, 0, true);
    if (!done) {
        return tl::unexpected(done.error());
    }
    return {};
}

struct Scanner::Stream::State {
    State(const Scanner& scanner, ScanOptions o, FindingSink s)
        : options(o), sink(std::move(s)), engine(*scanner.m_impl, options, sink, true) {}
    ScanOptions options;
    FindingSink sink;
    Impl::Engine engine;
    std::string buffer;
    std::size_t base = 0;  // absolute offset of buffer[0]
};

Scanner::Stream::Stream(const Scanner& scanner, ScanOptions options, FindingSink sink)
    : m_state(std::make_unique<State>(scanner, options, std::move(sink))) {}
Scanner::Stream::~Stream() = default;

Result<void> Scanner::Stream::feed(std::string_view piece) {
    State& s = *m_state;
    if (s.engine.stopped()) {
        return {};
    }
    s.buffer.append(piece);
    // Batch: erasing the front of the buffer costs a copy of the window that stays, so scan several
    // segments per erase (with one, a dense text was copied twice over).
    if (s.buffer.size() < Impl::Engine::kWindow + 4 * Impl::Engine::kSegment) {
        return {};
    }
    auto done = s.engine.run(s.buffer, s.base, false);
    if (!done) {
        return tl::unexpected(done.error());
    }
    s.buffer.erase(0, *done);
    s.base += *done;
    return {};
}

Result<void> Scanner::Stream::finish() {
    State& s = *m_state;
    if (s.engine.stopped()) {
        return {};
    }
    auto done = s.engine.run(s.buffer, s.base, true);
    s.buffer.clear();
    if (!done) {
        return tl::unexpected(done.error());
    }
    return {};
}

std::vector<Finding> Scanner::scan(std::string_view text) const {
    std::vector<Finding> out;
    (void)scan(text, ScanOptions{}, [&](Finding&& f) {
        out.push_back(std::move(f));
        return true;
    });
    return out;
}

std::vector<Finding> Scanner::scan(std::string_view text, const Allowlist& allowlist) const {
    std::vector<Finding> out;
    ScanOptions options;
    options.allowlist = allowlist.empty() ? nullptr : &allowlist;
    (void)scan(text, options, [&](Finding&& f) {
        out.push_back(std::move(f));
        return true;
    });
    return out;
}

Redaction Scanner::redact(std::string_view text) const {
    return redact(text, Allowlist{});
}

Redaction Scanner::redact(std::string_view text, const Allowlist& allowlist) const {
    Redaction result;
    std::size_t copied = 0;
    ScanOptions options;
    options.allowlist = allowlist.empty() ? nullptr : &allowlist;
    (void)scan(text, options, [&](Finding&& f) {
        if (f.offset < copied) {
            return true;  // findings never overlap; this keeps redaction safe if they ever did
        }
        if (result.count == 0) {
            result.text.reserve(text.size());
        }
        result.text.append(text.substr(copied, f.offset - copied));
        result.text += "[REDACTED:" + f.rule_id + "]";
        copied = f.offset + f.length;
        ++result.count;
        return true;
    });
    result.text.append(text.substr(copied));
    return result;
}

std::vector<RuleInfo> Scanner::rules() const {
    std::vector<RuleInfo> out;
    for (const CompiledRule& rule : m_impl->rules) {
        out.push_back(
            RuleInfo{std::string(rule.rule.id), std::string(rule.rule.description), rule.regex() != nullptr});
    }
    return out;
}

}  // namespace tools::secrets
