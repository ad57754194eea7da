#include "tools/core/random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <random>

namespace tools {

bool random_bytes(std::span<std::uint8_t> out) {
    std::size_t filled = 0;
    while (filled < out.size()) {
        // Requests over 256 bytes may come back short, even from a seeded pool: loop.
        const ssize_t n = ::getrandom(out.data() + filled, out.size() - filled, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        filled += static_cast<std::size_t>(n);
    }
    return true;
}

void fill_random(std::span<std::uint8_t> out) {
    if (random_bytes(out)) {
        return;
    }
    std::random_device device;
    for (std::uint8_t& byte : out) {
        byte = static_cast<std::uint8_t>(device());
    }
}

}  // namespace tools
