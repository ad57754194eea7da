#include "tools/secrets/needle_set.hpp"

#include <algorithm>

namespace tools::secrets {
namespace {

unsigned char fold_byte(char c) {
    const auto b = static_cast<unsigned char>(c);
    return (b >= 'A' && b <= 'Z') ? static_cast<unsigned char>(b + 32) : b;
}

}  // namespace

NeedleSet::NeedleSet(std::initializer_list<std::string_view> needles, bool fold)
    : m_fold(fold), m_needles(needles) {
    std::stable_sort(m_needles.begin(), m_needles.end(), [](std::string_view a, std::string_view b) {
        return static_cast<unsigned char>(a.front()) < static_cast<unsigned char>(b.front());
    });
    std::size_t k = 0;
    for (std::size_t b = 0; b < 256; ++b) {
        m_first_at[b] = static_cast<std::uint16_t>(k);
        while (k < m_needles.size() && static_cast<unsigned char>(m_needles[k].front()) == b) {
            ++k;
        }
    }
    m_first_at[256] = static_cast<std::uint16_t>(k);
}

bool NeedleSet::matches_at(std::string_view value, std::size_t at) const {
    const unsigned char first = m_fold ? fold_byte(value[at]) : static_cast<unsigned char>(value[at]);
    for (std::size_t k = m_first_at[first]; k < m_first_at[first + 1]; ++k) {
        const std::string_view needle = m_needles[k];
        if (needle.size() > value.size() - at) {
            continue;
        }
        std::size_t i = 1;
        while (i < needle.size() &&
               static_cast<unsigned char>(needle[i]) ==
                   (m_fold ? fold_byte(value[at + i]) : static_cast<unsigned char>(value[at + i]))) {
            ++i;
        }
        if (i == needle.size()) {
            return true;
        }
    }
    return false;
}

bool NeedleSet::found_in(std::string_view value) const {
    for (std::size_t at = 0; at < value.size(); ++at) {
        // Most bytes start no needle: skip them without a call.
        const unsigned char first = m_fold ? fold_byte(value[at]) : static_cast<unsigned char>(value[at]);
        if (m_first_at[first] == m_first_at[first + 1]) {
            continue;
        }
        if (matches_at(value, at)) {
            return true;
        }
    }
    return false;
}

bool NeedleSet::starts(std::string_view value) const {
    return !value.empty() && matches_at(value, 0);
}

}  // namespace tools::secrets
