// A per-scan memo of what costs most per finding: whether an assignment rule accepts a (name, value)
// and a value's fingerprint (an HMAC). A text with a finding on every line tends to repeat a few values
// (a config dumped over and over, a log line printing the same credential); working each out again
// cost more than everything else in such a scan together.
//
// Direct-mapped: a slot holds one key, which is kept whole and compared in full, so a hash collision
// only costs a miss, never a wrong answer. Memory is bounded (kSlots slots, keys of at most kMaxKey
// bytes; a longer key is computed every time, never stored) and allocated on first use, so a scan of a
// short text pays nothing. Keys hold secret values: they stay in this process's memory, as the scanned
// text does, are never logged, and are wiped when the memo is destroyed.
// Not thread-safe: one per scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace tools::secrets {

class ValueMemo {
  public:
    static constexpr std::size_t kSlots = 1024;  // a power of two
    static constexpr std::size_t kMaxKey = 512;

    // The key of a lookup: a rule's number and some strings (a name, a value), told apart by position.
    struct Key {
        std::uint32_t rule;
        std::initializer_list<std::string_view> parts;
    };

    ValueMemo() = default;
    ~ValueMemo();
    ValueMemo(const ValueMemo&) = delete;
    ValueMemo& operator=(const ValueMemo&) = delete;

    // What compute(std::string& out) wrote for key, computed now unless key was seen since its slot
    // last changed. The view is valid until the next call to get().
    template <typename Compute>
    std::string_view get(const Key& key, Compute&& compute);

  private:
    struct Slot {
        std::uint64_t hash = 0;
        bool used = false;
        std::string key;  // the rule's number, then each part followed by its length
        std::string value;
    };
    static std::uint64_t hash_of(const Key& key, std::size_t& size);
    static bool holds(const Slot& slot, const Key& key);
    static void store_key(Slot& slot, const Key& key);
    Slot& slot(std::uint64_t hash);

    std::vector<Slot> m_slots;  // empty until first used
    Slot* m_last = nullptr;     // the slot the last get() answered from
    std::string m_spill;        // the value of a key too long to store
};

template <typename Compute>
std::string_view ValueMemo::get(const Key& key, Compute&& compute) {
    if (m_last != nullptr && holds(*m_last, key)) {
        return m_last->value;  // the same key again, as in a run of equal lines: no hashing
    }
    std::size_t size = 0;
    const std::uint64_t hash = hash_of(key, size);
    if (size > kMaxKey) {
        m_spill.clear();
        compute(m_spill);
        m_last = nullptr;
        return m_spill;
    }
    Slot& s = slot(hash);
    if (!s.used || s.hash != hash || !holds(s, key)) {
        store_key(s, key);
        s.hash = hash;
        s.value.clear();
        compute(s.value);
        s.used = true;
    }
    m_last = &s;
    return s.value;
}

}  // namespace tools::secrets
