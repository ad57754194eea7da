// The scanner's keyword hits and how they are put in order (internal to scanner.cpp).
//
// A text with a keyword on every line has hundreds of thousands of hits per segment, so ordering them
// must cost little: a counting sort by group (a rule, or a keyword) that keeps the order in which
// KeywordIndex::find reports them. find() runs the quarters of the text side by side, each in the
// order of the hits' last bytes (keyword_index.hpp); bucketing by quarter as well turns that back into
// offset order, and a group's hits then only need a real sort when keywords of different lengths
// cross. Pure functions; HitBuckets is a reusable buffer, not thread-safe.
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
    std::vector<Hit> hits;  // by group (in the order given), then by (begin, length)
    std::vector<std::uint32_t>
        end;  // group -> end of its hits in `hits` (its start: the previous group's end)
    std::vector<std::uint32_t> slot_end;  // the counting sort's
};

// Sorts raw, hits in a text of text_size bytes as find() reported them (possibly filtered), into
// out. order lists the groups in the order wanted; every group of raw is in it, each < groups.
void sort_hits(std::span<const Hit> raw, std::size_t text_size, std::span<const std::uint16_t> order,
               std::size_t groups, HitBuckets& out);

}  // namespace tools::secrets
