#include "tools/secrets/hits.hpp"

#include <algorithm>

namespace tools::secrets {
namespace {

// Below this many hits a comparison sort beats a counting sort over every group.
constexpr std::size_t kFewHits = 64;

bool by_offset(const Hit& a, const Hit& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.length < b.length;
}

void sort_few(std::span<const Hit> raw, std::span<const std::uint16_t> rank, HitBuckets& out) {
    out.hits.assign(raw.begin(), raw.end());
    std::sort(out.hits.begin(), out.hits.end(), [&](const Hit& a, const Hit& b) {
        return rank[a.group] != rank[b.group] ? rank[a.group] < rank[b.group] : by_offset(a, b);
    });
    for (std::size_t i = 0; i < out.hits.size(); ++i) {
        if (i + 1 == out.hits.size() || out.hits[i + 1].group != out.hits[i].group) {
            out.runs.push_back({out.hits[i].group, static_cast<std::uint32_t>(i + 1)});
        }
    }
}

}  // namespace

std::vector<std::uint16_t> rank_of(std::span<const std::uint16_t> order, std::size_t groups) {
    std::vector<std::uint16_t> rank(groups, 0);
    for (std::size_t i = 0; i < order.size(); ++i) {
        rank[order[i]] = static_cast<std::uint16_t>(i);
    }
    return rank;
}

void sort_hits(std::span<const Hit> raw, std::size_t text_size, std::span<const std::uint16_t> order,
               std::span<const std::uint16_t> rank, HitBuckets& out) {
    out.runs.clear();
    if (raw.size() < kFewHits) {
        sort_few(raw, rank, out);
        return;
    }
    // Slots: group * 4 + the quarter the hit's last byte is in (find()'s quarters: size / 4 bytes,
    // the last one taking the rest; comparisons, since a division per hit would show).
    const std::size_t quarter = text_size / 4;
    const auto slot = [&](const Hit& h) {
        const std::size_t last_byte = std::size_t{h.begin} + h.length - 1;
        return std::size_t{h.group} * 4 + (last_byte >= quarter) + (last_byte >= 2 * quarter) +
               (last_byte >= 3 * quarter);
    };
    std::vector<std::uint32_t>& slot_end = out.slot_end;
    slot_end.assign(rank.size() * 4, 0);
    for (const Hit& h : raw) {
        ++slot_end[slot(h)];
    }
    std::uint32_t total = 0;
    for (const std::uint16_t g : order) {
        const std::uint32_t before = total;
        for (std::size_t q = 0; q < 4; ++q) {
            std::uint32_t& end = slot_end[std::size_t{g} * 4 + q];
            total += end;
            end = total - end;  // the slot's start, which becomes its end as it fills
        }
        if (total != before) {
            out.runs.push_back({g, total});
        }
    }
    out.hits.resize(raw.size());
    for (const Hit& h : raw) {
        out.hits[slot_end[slot(h)]++] = h;
    }
    std::uint32_t first = 0;
    for (const HitBuckets::Run& run : out.runs) {
        const auto bucket = std::span(out.hits).subspan(first, run.end - first);
        if (!std::is_sorted(bucket.begin(), bucket.end(), by_offset)) {
            std::sort(bucket.begin(), bucket.end(), by_offset);  // keywords of different lengths
        }
        first = run.end;
    }
}

}  // namespace tools::secrets
