#include "tools/core/hash.hpp"

#include <array>

namespace tools {

std::uint64_t stable_hash(std::string_view text) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const char c : text) {
        hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    }
    return hash;
}

std::string stable_hash_hex(std::string_view text) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::uint64_t hash = stable_hash(text);
    std::string out(16, '0');
    for (std::size_t i = out.size(); i-- > 0; hash >>= 4) {
        out[i] = kDigits[hash & 0xF];
    }
    return out;
}

}  // namespace tools
