#include "tools/transcripts/stats_delta.hpp"

#include <cstdint>

namespace tools::transcripts {
namespace {

// The counters of ExtractStats (all but skipped).
constexpr std::uint64_t ExtractStats::*kCounts[] = {
    &ExtractStats::files,        &ExtractStats::lines,
    &ExtractStats::bytes,        &ExtractStats::messages,
    &ExtractStats::user_prompts, &ExtractStats::assistant_messages,
    &ExtractStats::tool_calls,   &ExtractStats::failed_tool_results,
    &ExtractStats::compactions,  &ExtractStats::unknown_types,
    &ExtractStats::bad_lines,    &ExtractStats::duplicate_uuids,
    &ExtractStats::redactions,   &ExtractStats::truncated_messages};

}  // namespace

ExtractStats stats_since(const ExtractStats& now, const ExtractStats& before) {
    ExtractStats delta;
    for (const auto field : kCounts) {
        delta.*field = now.*field - before.*field;
    }
    auto earlier = before.skipped.begin();
    for (const auto& [reason, count] : now.skipped) {
        while (earlier != before.skipped.end() && earlier->first < reason) {
            ++earlier;
        }
        const bool known = earlier != before.skipped.end() && earlier->first == reason;
        const std::uint64_t moved = count - (known ? earlier->second : 0);
        if (moved != 0) {
            delta.skipped.emplace_hint(delta.skipped.end(), reason, moved);
        }
    }
    return delta;
}

void add_stats(ExtractStats& into, const ExtractStats& delta) {
    for (const auto field : kCounts) {
        into.*field += delta.*field;
    }
    for (const auto& [reason, count] : delta.skipped) {
        into.skipped[reason] += count;
    }
}

}  // namespace tools::transcripts
