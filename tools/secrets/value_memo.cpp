#include "tools/secrets/value_memo.hpp"

#include <openssl/crypto.h>

#include <cstring>

namespace tools::secrets {
namespace {

// The whole buffer: a shorter value assigned over a longer one leaves the rest of it behind.
void wipe(std::string& s) {
    s.resize(s.capacity());
    OPENSSL_cleanse(s.data(), s.size());
}

std::uint64_t mix(std::uint64_t h, std::uint64_t word) {
    h ^= word;
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

}  // namespace

ValueMemo::~ValueMemo() {
    for (Slot& s : m_slots) {
        wipe(s.key);
        wipe(s.value);
    }
    wipe(m_spill);
}

// Not a keyed hash: a crafted text can make its values share slots, which only costs misses.
std::uint64_t ValueMemo::hash_of(const Key& key, std::size_t& size) {
    std::uint64_t h = mix(0, key.rule);
    size = sizeof key.rule;
    for (const std::string_view part : key.parts) {
        std::size_t i = 0;
        for (; i + 8 <= part.size(); i += 8) {
            std::uint64_t word = 0;
            std::memcpy(&word, part.data() + i, 8);
            h = mix(h, word);
        }
        std::uint64_t tail = 0;
        if (i < part.size()) {
            std::memcpy(&tail, part.data() + i, part.size() - i);
        }
        h = mix(h, tail ^ (std::uint64_t{part.size()} << 56));
        size += part.size() + sizeof(std::uint32_t);
    }
    return mix(h, size);
}

bool ValueMemo::holds(const Slot& slot, const Key& key) {
    const std::string_view stored = slot.key;
    std::size_t at = sizeof key.rule;
    if (stored.size() < at || std::memcmp(stored.data(), &key.rule, at) != 0) {
        return false;
    }
    for (const std::string_view part : key.parts) {
        const auto length = static_cast<std::uint32_t>(part.size());
        if (stored.size() - at < part.size() + sizeof length ||
            (!part.empty() && std::memcmp(stored.data() + at, part.data(), part.size()) != 0) ||
            std::memcmp(stored.data() + at + part.size(), &length, sizeof length) != 0) {
            return false;
        }
        at += part.size() + sizeof length;
    }
    return at == stored.size();
}

void ValueMemo::store_key(Slot& slot, const Key& key) {
    slot.key.assign(reinterpret_cast<const char*>(&key.rule), sizeof key.rule);
    for (const std::string_view part : key.parts) {
        const auto length = static_cast<std::uint32_t>(part.size());
        slot.key.append(part);
        slot.key.append(reinterpret_cast<const char*>(&length), sizeof length);
    }
}

ValueMemo::Slot& ValueMemo::slot(std::uint64_t hash) {
    if (m_slots.empty()) {
        m_slots.resize(kSlots);
    }
    return m_slots[hash & (kSlots - 1)];
}

}  // namespace tools::secrets
