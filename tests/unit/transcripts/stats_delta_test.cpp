#include "tools/transcripts/stats_delta.hpp"

#include <catch2/catch.hpp>

using tools::transcripts::ExtractStats;

TEST_CASE("the stats of a stretch of a run add back up to the run's", "[transcripts][stats]") {
    ExtractStats before;
    before.lines = 10;
    before.bytes = 1000;
    before.redactions = 1;
    before.skipped = {{"progress", 3}, {"thinking", 2}};
    ExtractStats now = before;
    now.lines = 25;
    now.bytes = 2600;
    now.tool_calls = 4;
    now.skipped = {{"api_error", 1}, {"progress", 3}, {"thinking", 7}};

    const ExtractStats delta = tools::transcripts::stats_since(now, before);
    CHECK(delta.lines == 15);
    CHECK(delta.bytes == 1600);
    CHECK(delta.tool_calls == 4);
    CHECK(delta.redactions == 0);
    // Only the reasons that moved, new ones included.
    CHECK(delta.skipped == decltype(delta.skipped){{"api_error", 1}, {"thinking", 5}});

    ExtractStats sum = before;
    tools::transcripts::add_stats(sum, delta);
    CHECK(sum.lines == now.lines);
    CHECK(sum.bytes == now.bytes);
    CHECK(sum.tool_calls == now.tool_calls);
    CHECK(sum.redactions == now.redactions);
    CHECK(sum.skipped == now.skipped);
}
