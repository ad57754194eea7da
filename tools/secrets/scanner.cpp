#include "tools/secrets/scanner.hpp"

#include <algorithm>
#include <cstring>
#include <memory>

#include "tools/secrets/allowlist.hpp"
#include "tools/secrets/fingerprint.hpp"
#include "tools/secrets/json_unescape.hpp"
#include "tools/secrets/scanner_impl.hpp"

namespace tools::secrets {
namespace {

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
    static_assert(kWindow < UINT32_MAX, "a Candidate holds offsets in a segment as 32 bits");

    // Scans view (whose first byte is at absolute offset base) from its start; unless eof, stops where
    // fewer than kWindow bytes remain. Returns how many bytes are done: later findings start after them.
    Result<std::size_t> run(std::string_view view, std::size_t base, bool eof);
    bool stopped() const { return m_stopped; }

  private:
    bool emit(std::string_view view, std::size_t base, std::size_t rule_index, std::string_view secret,
              std::size_t offset, std::size_t length);
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
            const std::string_view secret = decoded.text().substr(c.begin, c.end - c.begin);
            if (!emit(view, base, c.rule, secret, offset, length)) {
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

bool Scanner::Impl::Engine::emit(std::string_view view, std::size_t base, std::size_t rule_index,
                                 std::string_view secret, std::size_t offset, std::size_t length) {
    const Rule& rule = m_impl.rules[rule_index].rule;
    if (m_options.allowlist != nullptr && m_options.allowlist->contains(rule.id, secret)) {
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
    make_preview(rule, secret, f.preview);
    f.fingerprint.clear();
    if (m_options.key != nullptr) {
        const ValueMemo::Key key{static_cast<std::uint32_t>(rule_index), {secret}};
        f.fingerprint.assign(m_fingerprints.get(
            key, [&](std::string& out) { out = m_options.key->fingerprint(rule.id, secret); }));
    }
    f.allowlist_hash.clear();
    if (m_options.hash_for != nullptr) {
        f.allowlist_hash = m_options.hash_for->hash(rule.id, secret);
    }
    f.verified = rule.verified != nullptr && rule.verified(secret);
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
    // Batch: erasing the front of the buffer costs a copy of the window that stays, so scan several
    // segments per erase (with one, a dense text was copied twice over).
    constexpr std::size_t batch = Impl::Engine::kWindow + 4 * Impl::Engine::kSegment;
    // The buffer is sized once for a batch and the piece that completes it: grown by doubling, it was
    // copied and its fresh pages faulted in (several µs each on a VM) four times on the way up.
    if (s.buffer.size() + piece.size() > s.buffer.capacity()) {
        s.buffer.reserve(std::max(s.buffer.size(), batch) + piece.size());
    }
    s.buffer.append(piece);
    if (s.buffer.size() < batch) {
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
