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
//
// Paging needs the set as it was at the page's resume point, although the condenser has read a little
// past it (the lines of the unit that did not fit). With a journal, every insert is recorded under the
// caller's current stamp (any number that grows along the stream), so undo_from() can take back what was
// inserted at or after a stamp; forget_before() drops records that can no longer be undone, which keeps
// the journal as short as the lines of one unit.
class UuidSet {
  public:
    // True when uuid was not seen before (it is now).
    bool insert(std::string_view uuid);
    bool contains(std::string_view uuid) const;

    void enable_journal() { m_journaling = true; }
    void set_stamp(std::uint64_t stamp) { m_stamp = stamp; }
    void forget_before(std::uint64_t stamp);
    void undo_from(std::uint64_t stamp);

    std::size_t size() const { return m_count; }
    std::size_t memory_bytes() const { return m_slots.capacity() * sizeof(std::uint64_t); }

  private:
    struct Record {
        std::uint64_t stamp;
        std::uint64_t hash;
    };

    void grow();
    void erase(std::uint64_t hash);

    std::vector<std::uint64_t> m_slots;  // 0 = empty; power-of-two size
    std::size_t m_count = 0;
    bool m_journaling = false;
    std::uint64_t m_stamp = 0;
    std::vector<Record> m_journal;  // in insertion order, so in stamp order
};

enum class Admission { keep, skip_type, skip_sidechain, duplicate };

// Whether a parsed line takes part in the condensed text. Only user, assistant and system lines do;
// sidechain lines of the main file only with include_subagents; a uuid seen before is a duplicate.
// A user or assistant line claims its uuid only when it has content (at least one content block): a
// malformed line that repeats a real prompt's uuid (say "message":"error") must not hide the prompt,
// whichever comes first. A line without content is kept (it prints nothing) unless its uuid was
// claimed before. Calling admit over a prefix of the stream (as the cursor re-scan does) leaves seen
// exactly as the condenser would.
Admission admit(const Entry& entry, bool subagent_file, bool include_subagents, UuidSet& seen);

}  // namespace tools::transcripts
