#include "tools/core/random.hpp"

#include <sys/random.h>

#include <cerrno>

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

}  // namespace tools
