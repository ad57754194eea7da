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

std::uint64_t load64(const char* bytes) {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes, sizeof word);
    return word;
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
        const char* bytes = part.data();
        const std::size_t n = part.size();
        std::size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            h = mix(h, load64(bytes + i));
        }
        // The last 8 bytes again (overlapping) when there are that many; byte by byte otherwise. A
        // memcpy of a variable length here would be a library call per value.
        std::uint64_t tail = 0;
        if (n >= 8) {
            tail = i < n ? load64(bytes + n - 8) : 0;
        } else {
            for (std::size_t k = 0; k < n; ++k) {
                tail |= std::uint64_t{static_cast<unsigned char>(bytes[k])} << (8 * k);
            }
        }
        h = mix(h, tail ^ (std::uint64_t{n} << 56));
        size += n + sizeof(std::uint32_t);
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
