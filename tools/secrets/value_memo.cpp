#include "tools/secrets/value_memo.hpp"

#include <openssl/crypto.h>

namespace tools::secrets {
namespace {

// The whole buffer: a shorter value assigned over a longer one leaves the rest of it behind.
void wipe(std::string& s) {
    s.resize(s.capacity());
    OPENSSL_cleanse(s.data(), s.size());
}

}  // namespace

ValueMemo::~ValueMemo() {
    for (Slot& s : m_slots) {
        wipe(s.key);
        wipe(s.value);
    }
    wipe(m_key);
    wipe(m_spill);
}

std::string_view ValueMemo::key(std::uint32_t rule, std::initializer_list<std::string_view> parts) {
    m_key.clear();
    m_key.append(reinterpret_cast<const char*>(&rule), sizeof rule);
    for (const std::string_view part : parts) {
        m_key.append(part);
        m_key.push_back('\0');
    }
    return m_key;
}

ValueMemo::Slot& ValueMemo::slot(std::size_t hash) {
    if (m_slots.empty()) {
        m_slots.resize(kSlots);
    }
    return m_slots[hash & (kSlots - 1)];
}

}  // namespace tools::secrets
