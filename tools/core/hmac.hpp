// HMAC-SHA-256 under one fixed key, for the MACs computed once per finding or per page (fingerprints,
// cursors). The key's inner and outer pad blocks are hashed once at construction; each MAC then costs
// two SHA-256 compressions plus the message, with no allocation. (OpenSSL 3's HMAC() and EVP copies
// fetch algorithms and allocate contexts on every call, which cost more than the hashing.)
// Immutable after construction; safe to share between threads. Never holds the key itself.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string_view>

namespace tools {

class HmacSha256 {
  public:
    using Digest = std::array<std::uint8_t, 32>;

    explicit HmacSha256(std::span<const std::uint8_t> key);  // at most 64 bytes (a block)
    ~HmacSha256();
    HmacSha256(HmacSha256&&) noexcept;
    HmacSha256& operator=(HmacSha256&&) noexcept;

    // HMAC of the concatenation of parts.
    Digest mac(std::initializer_list<std::string_view> parts) const;

  private:
    struct Pads;
    std::unique_ptr<const Pads> m_pads;
};

}  // namespace tools
