// Which parsed lines take part in a condensed transcript, and the uuid set that de-duplicates them.
// Shared by the condenser and by the cursor re-scan in extract.cpp, so both decide identically.
// Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "tools/transcripts/entry.hpp"

namespace tools::transcripts {

// The uuids seen so far, as 64-bit hashes in an open-addressing table (at most 32 bytes a line; no
// allocation per insert). A hash collision would drop one line as a duplicate: at 2^-64 per pair,
// negligible for any real session.
class UuidSet {
  public:
    // True when uuid was not seen before (it is now).
    bool insert(std::string_view uuid);

  private:
    void grow();

    std::vector<std::uint64_t> m_slots;  // 0 = empty; power-of-two size
    std::size_t m_count = 0;
};

enum class Admission { keep, skip_type, skip_sidechain, duplicate };

// Whether a parsed line takes part in the condensed text. Only user, assistant and system lines do;
// sidechain lines of the main file only with include_subagents; a uuid seen before is a duplicate.
// Inserts the uuid of every admitted line, so calling it over a prefix of the stream (as the cursor
// re-scan does) leaves seen exactly as the condenser would.
Admission admit(const Entry& entry, bool subagent_file, bool include_subagents, UuidSet& seen);

}  // namespace tools::transcripts
