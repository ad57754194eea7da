#include "tools/secrets/scanner.hpp"

#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <tuple>

#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/fingerprint.hpp"
#include "tools/secrets/json_unescape.hpp"
#include "tools/secrets/keyword_index.hpp"
#include "tools/secrets/rule.hpp"
#include "tools/secrets/validators.hpp"

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

struct Hit {
    std::uint32_t rule;
    std::uint32_t length;  // of the keyword
    std::size_t begin;
    bool operator<(const Hit& o) const { return std::tie(rule, begin) < std::tie(o.rule, o.begin); }
};

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

// At most 4 characters, fewer for short secrets, so a preview never gives away much of one.
std::string make_preview(std::string_view secret) {
    const std::size_t shown = std::min<std::size_t>(4, secret.size() / 4);
    std::string preview;
    for (std::size_t i = 0; i < shown; ++i) {
        const auto c = static_cast<unsigned char>(secret[i]);
        if (c < 0x20 || c >= 0x7f) {
            break;  // keep the preview ASCII: a partial code point would not be valid UTF-8
        }
        preview.push_back(static_cast<char>(c));
    }
    return preview + "\xE2\x80\xA6";
}

}  // namespace

struct Scanner::Impl {
    std::deque<CompiledRule> rules;
    std::vector<std::vector<std::uint32_t>> keyword_rules;
    KeywordIndex index;

    Impl() : rules(make_rules()), index(flatten_keywords(rules, keyword_rules)) {}

    void run(std::size_t r, std::string_view text, std::size_t from, std::size_t to, RE2::Anchor anchor,
             std::vector<Candidate>& out) const;
    std::vector<Candidate> candidates(std::string_view text) const;
    std::vector<Finding> findings(std::string_view original, const Allowlist* allowlist) const;
};

// Searches rule r in text[from, to) (the whole text stays the context for \b and ^) and keeps the
// matches its check accepts.
void Scanner::Impl::run(std::size_t r, std::string_view text, std::size_t from, std::size_t to,
                        RE2::Anchor anchor, std::vector<Candidate>& out) const {
    const CompiledRule& rule = rules[r];

    re2::StringPiece pieces[kMaxGroups];
    std::string_view groups[kMaxGroups];
    const re2::StringPiece context(text.data(), text.size());
    std::size_t pos = from;
    const RE2* regex = rule.regex();
    const int group_count = rule.groups();
    while (regex != nullptr && pos < to && regex->Match(context, pos, to, anchor, pieces, group_count)) {
        for (int g = 0; g < group_count; ++g) {
            groups[g] = pieces[g].data() == nullptr ? std::string_view()
                                                    : std::string_view(pieces[g].data(), pieces[g].size());
        }
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
        const bool accepted =
            !secret.empty() && (rule.rule.check != nullptr ? rule.rule.check(secret, view)
                                                           : check_not_placeholder(secret, view));
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

std::vector<Candidate> Scanner::Impl::candidates(std::string_view text) const {
    std::vector<Hit> hits;
    const auto& keywords = index.keywords();
    index.find(text, [&](std::size_t keyword, std::size_t begin) {
        const auto length = static_cast<std::uint32_t>(keywords[keyword].text.size());
        for (const std::uint32_t r : keyword_rules[keyword]) {
            const auto near = rules[r].rule.near;
            if (near == nullptr || near(text, begin, begin + length)) {
                hits.push_back(Hit{r, length, begin});
            }
        }
    });
    std::sort(hits.begin(), hits.end());

    std::vector<Candidate> found;
    const std::size_t size = text.size();
    for (std::size_t i = 0; i < hits.size();) {
        const std::uint32_t r = hits[i].rule;
        const Rule& rule = rules[r].rule;
        if (rule.before == 0) {
            // The match starts at the keyword: one anchored attempt per distinct hit.
            std::size_t last = static_cast<std::size_t>(-1);
            for (; i < hits.size() && hits[i].rule == r; ++i) {
                if (hits[i].begin != last) {
                    last = hits[i].begin;
                    run(r, text, last, std::min(size, last + rule.after), RE2::ANCHOR_START, found);
                }
            }
            continue;
        }
        // Otherwise search windows around the hits, merged so no byte is searched twice.
        std::size_t from = 0;
        std::size_t to = 0;
        bool open = false;
        for (; i < hits.size() && hits[i].rule == r; ++i) {
            const std::size_t begin = hits[i].begin > rule.before ? hits[i].begin - rule.before : 0;
            const std::size_t end = std::min(size, hits[i].begin + rule.after);
            if (open && begin <= to) {
                to = std::max(to, end);
                continue;
            }
            if (open) {
                run(r, text, from, to, RE2::UNANCHORED, found);
            }
            from = begin, to = end, open = true;
        }
        if (open) {
            run(r, text, from, to, RE2::UNANCHORED, found);
        }
    }

    // Overlapping candidates: keep the more specific rule (then the longer match).
    std::sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
        return std::tie(a.begin, a.end, a.rule) < std::tie(b.begin, b.end, b.rule);
    });
    std::vector<Candidate> kept;
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
    return kept;
}

std::vector<Finding> Scanner::Impl::findings(std::string_view original, const Allowlist* allowlist) const {
    // Long texts are scanned in segments of whole lines, so the decoded copy stays small and in cache.
    // Each segment is searched with a tail of the next one (longer than any match can be) and keeps the
    // findings that start inside it: a match across a boundary is found once, by the earlier segment.
    constexpr std::size_t kSegment = 1 << 20;
    constexpr std::size_t kTail = 24 << 10;
    std::vector<Finding> out;
    std::size_t begin = 0;
    while (begin < original.size() || (begin == 0 && original.empty())) {
        std::size_t end = original.size();
        if (original.size() - begin > kSegment + kTail) {
            const std::size_t newline = original.find('\n', begin + kSegment);
            end = newline == std::string_view::npos ? original.size() : newline + 1;
        }
        const std::size_t region_end = end == original.size() ? end : std::min(original.size(), end + kTail);
        const DecodedText decoded(original.substr(begin, region_end - begin));
        for (const Candidate& c : candidates(decoded.text())) {
            const std::size_t offset = begin + decoded.to_original_begin(c.begin);
            if (offset >= end) {
                continue;  // the next segment owns it
            }
            const CompiledRule& rule = rules[c.rule];
            Finding f;
            f.rule_id = std::string(rule.rule.id);
            f.fingerprint = fingerprint(f.rule_id, c.secret);
            if (allowlist != nullptr && allowlist->contains(f.fingerprint)) {
                continue;
            }
            f.description = std::string(rule.rule.description);
            f.offset = offset;
            f.length = begin + decoded.to_original_end(c.end) - offset;
            f.preview = make_preview(c.secret);
            f.verified = rule.rule.verified != nullptr && rule.rule.verified(c.secret);
            out.push_back(std::move(f));
        }
        if (end == original.size()) {
            break;
        }
        begin = end;
    }

    // A segment cannot see a finding the previous one kept across their boundary: drop overlaps.
    std::size_t kept_end = 0;
    std::erase_if(out, [&](const Finding& f) {
        if (f.offset < kept_end) {
            return true;
        }
        kept_end = f.offset + f.length;
        return false;
    });

    std::size_t line = 1;
    std::size_t line_start = 0;
    std::size_t counted = 0;  // newlines before this offset are counted
    for (Finding& f : out) {
        while (counted < f.offset) {
            const void* nl = std::memchr(original.data() + counted, '\n', f.offset - counted);
            if (nl == nullptr) {
                counted = f.offset;
                break;
            }
            counted = static_cast<std::size_t>(static_cast<const char*>(nl) - original.data()) + 1;
            ++line;
            line_start = counted;
        }
        f.line = line;
        f.column = f.offset - line_start + 1;
    }
    return out;
}

Scanner::Scanner() : m_impl(std::make_unique<const Impl>()) {}
Scanner::~Scanner() = default;

const Scanner& Scanner::instance() {
    static const Scanner scanner;
    return scanner;
}

std::vector<Finding> Scanner::scan(std::string_view text) const {
    return m_impl->findings(text, nullptr);
}

std::vector<Finding> Scanner::scan(std::string_view text, const Allowlist& allowlist) const {
    return m_impl->findings(text, allowlist.empty() ? nullptr : &allowlist);
}

Redaction Scanner::redact(std::string_view text) const {
    return redact(text, Allowlist{});
}

Redaction Scanner::redact(std::string_view text, const Allowlist& allowlist) const {
    const std::vector<Finding> found = scan(text, allowlist);
    Redaction result;
    if (found.empty()) {
        result.text = std::string(text);
        return result;
    }
    result.text.reserve(text.size());
    std::size_t copied = 0;
    for (const Finding& f : found) {
        if (f.offset < copied) {
            continue;  // findings never overlap; this keeps redaction safe if they ever did
        }
        result.text.append(text.substr(copied, f.offset - copied));
        result.text += "[REDACTED:" + f.rule_id + "]";
        copied = f.offset + f.length;
        ++result.count;
    }
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
