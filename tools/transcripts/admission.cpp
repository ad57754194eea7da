#include "tools/transcripts/admission.hpp"

#include <algorithm>
#include <cstring>

namespace tools::transcripts {
namespace {

// Eight bytes a step: uuids are hashed for every message line, and a byte-wise hash showed in profiles.
std::uint64_t hash_uuid(std::string_view text) {
    std::uint64_t hash = 0x9E3779B97F4A7C15ull ^ text.size();
    const auto mix = [](std::uint64_t value) {
        value ^= value >> 33;
        value *= 0xFF51AFD7ED558CCDull;
        value ^= value >> 33;
        return value;
    };
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, text.data() + i, 8);
        hash = mix(hash ^ word) * 0xC4CEB9FE1A85EC53ull;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, text.data() + i, text.size() - i);
    return mix(mix(hash ^ tail));
}

}  // namespace

bool UuidSet::insert(std::string_view uuid) {
    if ((m_count + 1) * 2 > m_slots.size()) {
        grow();
    }
    std::uint64_t hash = hash_uuid(uuid);
    hash = hash == 0 ? 1 : hash;  // 0 marks an empty slot
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        if (m_slots[slot] == hash) {
            return false;
        }
        if (m_slots[slot] == 0) {
            m_slots[slot] = hash;
            ++m_count;
            return true;
        }
    }
}

void UuidSet::grow() {
    std::vector<std::uint64_t> old = std::move(m_slots);
    m_slots.assign(std::max<std::size_t>(1024, old.size() * 2), 0);
    const std::size_t mask = m_slots.size() - 1;
    for (const std::uint64_t hash : old) {
        if (hash != 0) {
            std::size_t slot = hash & mask;
            while (m_slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            m_slots[slot] = hash;
        }
    }
}

Admission admit(const Entry& entry, bool subagent_file, bool include_subagents, UuidSet& seen) {
    if (entry.kind != EntryKind::user && entry.kind != EntryKind::assistant &&
        entry.kind != EntryKind::system) {
        return Admission::skip_type;
    }
    if (entry.is_sidechain && !subagent_file && !include_subagents) {
        return Admission::skip_sidechain;
    }
    if (!entry.uuid.empty() && !seen.insert(entry.uuid)) {
        return Admission::duplicate;
    }
    return Admission::keep;
}

}  // namespace tools::transcripts
