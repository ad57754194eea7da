#include "tools/secrets/entropy.hpp"

#include <array>
#include <cmath>
#include <cstdint>

namespace tools::secrets {

double shannon_entropy(std::string_view value) {
    if (value.empty()) {
        return 0.0;
    }
    std::array<std::uint32_t, 256> counts{};
    for (const char c : value) {
        ++counts[static_cast<std::uint8_t>(c)];
    }
    const double total = static_cast<double>(value.size());
    double bits = 0.0;
    for (const std::uint32_t count : counts) {
        if (count != 0) {
            const double p = count / total;
            bits -= p * std::log2(p);
        }
    }
    return bits;
}

CharClasses char_classes(std::string_view value) {
    CharClasses classes;
    for (const char c : value) {
        add_class(classes, c);
    }
    return classes;
}

std::size_t longest_run(std::string_view value) {
    std::size_t best = 0;
    std::size_t run = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        run = (i > 0 && value[i] == value[i - 1]) ? run + 1 : 1;
        best = run > best ? run : best;
    }
    return best;
}

}  // namespace tools::secrets
