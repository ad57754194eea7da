// The scanner's keyword hits and how they are put in order (internal to scanner.cpp).
//
// A text with a keyword on every line has hundreds of thousands of hits per segment, so ordering them
// must cost little: a counting sort by group (a rule, or a keyword) that keeps the order in which
// KeywordIndex::find reports them. find() runs the quarters of the text side by side, each in the
// order of the hits' last bytes (keyword_index.hpp); bucketing by quarter as well turns that back into
// offset order, and a group's hits then only need a real sort when keywords of different lengths
// cross. Most texts a transcript holds have a handful of hits or none, and a counting sort touches
// every group: a few hits are sorted by comparison instead, so the cost follows the hits, not the
// rules. Pure functions; HitBuckets is a reusable buffer, not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tools::secrets {

struct Hit {
    std::uint32_t begin;   // a segment is a few MiB at most
    std::uint16_t length;  // of the keyword
    std::uint16_t group;   // what the hit is for: a rule, or a keyword
};

struct HitBuckets {
    // The hits of one group: hits[previous run's end, end).
    struct Run {
        std::uint16_t group;
        std::uint32_t end;
    };
    std::vector<Hit> hits;                // by group (in the order given), then by (begin, length)
    std::vector<Run> runs;                // the groups that have hits, in the order given
    std::vector<std::uint32_t> slot_end;  // the counting sort's
};

// Sorts raw, hits in a text of text_size bytes as find() reported them (possibly filtered), into
// out. order lists the groups in the order wanted and rank is its inverse (rank[order[i]] == i); every
// group of raw is in order.
void sort_hits(std::span<const Hit> raw, std::size_t text_size, std::span<const std::uint16_t> order,
               std::span<const std::uint16_t> rank, HitBuckets& out);

// The inverse of an order of groups 0..order.size()-1, for sort_hits.
std::vector<std::uint16_t> rank_of(std::span<const std::uint16_t> order, std::size_t groups);

}  // namespace tools::secrets
