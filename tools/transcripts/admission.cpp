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

std::uint64_t slot_hash(std::string_view uuid) {
    const std::uint64_t hash = hash_uuid(uuid);
    return hash == 0 ? 1 : hash;  // 0 marks an empty slot
}

}  // namespace

bool UuidSet::insert(std::string_view uuid) {
    if ((m_count + 1) * 2 > m_slots.size()) {
        grow();
    }
    const std::uint64_t hash = slot_hash(uuid);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        if (m_slots[slot] == hash) {
            return false;
        }
        if (m_slots[slot] == 0) {
            m_slots[slot] = hash;
            ++m_count;
            if (m_journaling) {
                m_journal.push_back({m_stamp, hash});
            }
            return true;
        }
    }
}

bool UuidSet::contains(std::string_view uuid) const {
    if (m_slots.empty()) {
        return false;
    }
    const std::uint64_t hash = slot_hash(uuid);
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = hash & mask; m_slots[slot] != 0; slot = (slot + 1) & mask) {
        if (m_slots[slot] == hash) {
            return true;
        }
    }
    return false;
}

void UuidSet::forget_before(std::uint64_t stamp) {
    const auto first_kept = std::find_if(m_journal.begin(), m_journal.end(),
                                         [stamp](const Record& record) { return record.stamp >= stamp; });
    m_journal.erase(m_journal.begin(), first_kept);
}

void UuidSet::undo_from(std::uint64_t stamp) {
    while (!m_journal.empty() && m_journal.back().stamp >= stamp) {
        erase(m_journal.back().hash);
        m_journal.pop_back();
    }
}

// Linear-probing deletion by backward shift: later members of the probe run move up into the hole, so
// lookups never stop early at it (no tombstones).
void UuidSet::erase(std::uint64_t hash) {
    const std::size_t mask = m_slots.size() - 1;
    std::size_t hole = hash & mask;
    while (m_slots[hole] != hash) {
        if (m_slots[hole] == 0) {
            return;
        }
        hole = (hole + 1) & mask;
    }
    m_slots[hole] = 0;
    --m_count;
    for (std::size_t next = (hole + 1) & mask; m_slots[next] != 0; next = (next + 1) & mask) {
        const std::size_t home = m_slots[next] & mask;
        // The entry may move into the hole only if its home is not cyclically within (hole, next].
        const bool stays = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next);
        if (!stays) {
            m_slots[hole] = m_slots[next];
            m_slots[next] = 0;
            hole = next;
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
    if (entry.uuid.empty()) {
        return Admission::keep;
    }
    const bool has_content = entry.kind == EntryKind::system || !entry.blocks.empty();
    if (has_content ? !seen.insert(entry.uuid) : seen.contains(entry.uuid)) {
        return Admission::duplicate;
    }
    return Admission::keep;
}

}  // namespace tools::transcripts
