// What finished pages leave behind, keyed by the tag of the cursor each page returned, so that the next
// page of extract_transcript starts where the last one stopped instead of re-reading the whole session
// before its cursor (which made paging quadratic: 186 pages of a 1,000,000-line session took 60 times
// one whole extraction): the uuid set, and the units the page condensed but had no room for. Without
// the first of them, every page condensed and redacted its first unit twice (once to find it did not
// fit on the page before); with a run of them, the pages that follow are served from memory, and the
// session is opened and condensed once per run instead of once per page (at 1,000 tokens a page holds
// about a dozen lines).
//
// The cache is only a shortcut: a miss (another process made the cursor, the entry was evicted, or the
// same cursor is used twice) is answered by the exact re-scan in extract.cpp, which condenses the
// carried unit again and gives the same page. Bounded: at most max_entries points and max_bytes of
// tables and carried text; the least recently stored goes first, and a point larger than max_bytes is
// not kept. Thread-safe (one mutex; the tool runs on worker threads).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "tools/transcripts/admission.hpp"
#include "tools/transcripts/condenser.hpp"
#include "tools/transcripts/extract.hpp"

namespace tools::transcripts {

// The first unit after a cursor, as the page that made the cursor condensed it.
struct CarriedUnit {
    std::string text;    // redacted and cut, as a page shows it
    ResumeState after;   // where condensing continues after it
    ExtractStats stats;  // of the lines from the cursor up to after
};

// Where the next page starts: the units condensed ahead of the cursor, in order (each one's stats
// cover the lines from the previous one's end, the first one's from the cursor), and the uuid set as of
// the end of the last of them (of the cursor when there are none). ahead_bytes is how much text the next
// page condenses ahead for the page after it: it grows while a client keeps paging, so a client that
// reads one page pays for about one unit more, and one that reads them all condenses in long runs.
// The carried units were redacted under the allowlist whose stamp is redaction_stamp: a page asked with
// another one (an entry was added or removed since) re-reads instead (see extract.cpp).
struct ResumePoint {
    UuidSet seen;
    std::deque<CarriedUnit> carried;
    std::size_t ahead_bytes = 0;
    std::string redaction_stamp;
};

class ResumeCache {
  public:
    static constexpr std::size_t max_entries = 16;
    static constexpr std::size_t max_bytes = 64u << 20;

    static ResumeCache& instance();

    void put(std::string tag, ResumePoint point);
    // The point stored under tag, removed from the cache (a page continues it and stores the result
    // under its own cursor's tag); nullopt when absent.
    std::optional<ResumePoint> take(std::string_view tag);

    std::uint64_t hits() const;  // takes that found their set, since the start of the process

  private:
    struct Entry {
        std::string tag;
        ResumePoint point;
        std::size_t bytes;
    };

    void erase_locked(std::string_view tag);

    mutable std::mutex m_mutex;
    std::list<Entry> m_entries;  // most recent first
    std::size_t m_bytes = 0;
    std::uint64_t m_hits = 0;
};

}  // namespace tools::transcripts
