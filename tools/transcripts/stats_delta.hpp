// Arithmetic on ExtractStats for paging (extract.cpp): a unit condensed ahead keeps the stats of the
// lines it covers, and the page that takes it adds them to its own.
//
// stats_since(now, before) is now minus before, field by field: the stats of the lines between two
// points of one run. Exact while now.skipped is not capped (every reason in it was counted under its
// own name). Only the reasons that moved are copied, since a page condensed ahead takes one of these per
// unit. add_stats(into, delta) is its inverse: into plus delta. Pure functions.
#pragma once

#include "tools/transcripts/extract.hpp"

namespace tools::transcripts {

ExtractStats stats_since(const ExtractStats& now, const ExtractStats& before);
void add_stats(ExtractStats& into, const ExtractStats& delta);

}  // namespace tools::transcripts
