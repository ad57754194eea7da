#include "tools/secrets/hits.hpp"

#include <algorithm>

namespace tools::secrets {

void sort_hits(std::span<const Hit> raw, std::size_t text_size, std::span<const std::uint16_t> order,
               std::size_t groups, HitBuckets& out) {
    // Slots: group * 4 + the quarter the hit's last byte is in (find()'s quarters: size / 4 bytes,
    // the last one taking the rest; comparisons, since a division per hit would show).
    const std::size_t quarter = text_size / 4;
    const auto slot = [&](const Hit& h) {
        const std::size_t last_byte = std::size_t{h.begin} + h.length - 1;
        return std::size_t{h.group} * 4 + (last_byte >= quarter) + (last_byte >= 2 * quarter) +
               (last_byte >= 3 * quarter);
    };
    std::vector<std::uint32_t>& slot_end = out.slot_end;
    slot_end.assign(groups * 4, 0);
    for (const Hit& h : raw) {
        ++slot_end[slot(h)];
    }
    std::uint32_t total = 0;
    for (const std::uint16_t g : order) {
        for (std::size_t q = 0; q < 4; ++q) {
            std::uint32_t& end = slot_end[std::size_t{g} * 4 + q];
            total += end;
            end = total - end;  // the slot's start, which becomes its end as it fills
        }
    }
    out.hits.resize(raw.size());
    for (const Hit& h : raw) {
        out.hits[slot_end[slot(h)]++] = h;
    }
    const auto by_offset = [](const Hit& a, const Hit& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.length < b.length;
    };
    out.end.assign(groups, 0);
    std::uint32_t first = 0;
    for (const std::uint16_t g : order) {
        const std::uint32_t end = slot_end[std::size_t{g} * 4 + 3];
        out.end[g] = end;
        const auto bucket = std::span(out.hits).subspan(first, end - first);
        if (!std::is_sorted(bucket.begin(), bucket.end(), by_offset)) {
            std::sort(bucket.begin(), bucket.end(), by_offset);  // keywords of different lengths
        }
        first = end;
    }
}

}  // namespace tools::secrets
