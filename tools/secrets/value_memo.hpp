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
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace tools::secrets {

class ValueMemo {
  public:
    static constexpr std::size_t kSlots = 1024;  // a power of two
    static constexpr std::size_t kMaxKey = 512;

    ValueMemo() = default;
    ~ValueMemo();
    ValueMemo(const ValueMemo&) = delete;
    ValueMemo& operator=(const ValueMemo&) = delete;

    // The key for rule and parts: the rule's number, then the parts, each followed by a 0 byte (a part
    // that holds no 0 byte, such as a name, keeps the split unambiguous). Valid until the next call.
    std::string_view key(std::uint32_t rule, std::initializer_list<std::string_view> parts);

    // What compute(std::string& out) wrote for key, computed now unless key was seen since its slot
    // last changed. The view is valid until the next call to get().
    template <typename Compute>
    std::string_view get(std::string_view key, Compute&& compute);

  private:
    struct Slot {
        std::size_t hash = 0;
        bool used = false;
        std::string key;
        std::string value;
    };
    Slot& slot(std::size_t hash);

    std::vector<Slot> m_slots;  // empty until first used
    std::string m_key;
    std::string m_spill;  // the value of a key too long to store
};

template <typename Compute>
std::string_view ValueMemo::get(std::string_view key, Compute&& compute) {
    if (key.size() > kMaxKey) {
        m_spill.clear();
        compute(m_spill);
        return m_spill;
    }
    const std::size_t hash = std::hash<std::string_view>{}(key);
    Slot& s = slot(hash);
    if (!s.used || s.hash != hash || s.key != key) {
        s.key.assign(key);
        s.hash = hash;
        s.value.clear();
        compute(s.value);
        s.used = true;
    }
    return s.value;
}

}  // namespace tools::secrets
