// Cryptographically random bytes straight from the kernel (getrandom(2)), for keys, salts and ids.
//
// Not OpenSSL's RAND_bytes: the first call of that sets up libcrypto's whole generator and provider
// machinery, which cost more than the rest of a short `context-sync extract` run's start. Blocks only
// until the kernel's pool is first seeded (early boot). Thread-safe.
#pragma once

#include <cstdint>
#include <span>

namespace tools {

// Fills out; false when the kernel refuses (then out's contents are unspecified).
bool random_bytes(std::span<std::uint8_t> out);

// Fills out, for keys a process cannot do without: when getrandom refuses, std::random_device (another
// way to the kernel's generator) fills it instead. Throws only what std::random_device throws.
void fill_random(std::span<std::uint8_t> out);

}  // namespace tools
