#include "tools/core/hmac.hpp"

// The SHA256_CTX functions are deprecated in OpenSSL 3 in favour of EVP, but they are plain structs
// that copy with a memcpy and run the same SHA-NI/AVX2 code; see the header for why that matters here.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cassert>

namespace tools {

struct HmacSha256::Pads {
    SHA256_CTX inner;  // state after the key's inner pad block
    SHA256_CTX outer;  // and after its outer pad block
};

HmacSha256::HmacSha256(std::span<const std::uint8_t> key) {
    assert(key.size() <= 64);
    auto pads = std::make_unique<Pads>();
    std::array<std::uint8_t, 64> ipad{};
    std::array<std::uint8_t, 64> opad{};
    for (std::size_t i = 0; i < 64; ++i) {
        const std::uint8_t k = i < key.size() ? key[i] : 0;  // a key shorter than a block is padded
        ipad[i] = k ^ 0x36;
        opad[i] = k ^ 0x5c;
    }
    SHA256_Init(&pads->inner);
    SHA256_Update(&pads->inner, ipad.data(), ipad.size());
    SHA256_Init(&pads->outer);
    SHA256_Update(&pads->outer, opad.data(), opad.size());
    OPENSSL_cleanse(ipad.data(), ipad.size());
    OPENSSL_cleanse(opad.data(), opad.size());
    m_pads = std::move(pads);
}

HmacSha256::~HmacSha256() = default;
HmacSha256::HmacSha256(HmacSha256&&) noexcept = default;
HmacSha256& HmacSha256::operator=(HmacSha256&&) noexcept = default;

HmacSha256::Digest HmacSha256::mac(std::initializer_list<std::string_view> parts) const {
    Digest digest{};
    SHA256_CTX ctx = m_pads->inner;
    for (const std::string_view part : parts) {
        SHA256_Update(&ctx, part.data(), part.size());
    }
    SHA256_Final(digest.data(), &ctx);
    ctx = m_pads->outer;
    SHA256_Update(&ctx, digest.data(), digest.size());
    SHA256_Final(digest.data(), &ctx);
    OPENSSL_cleanse(&ctx, sizeof ctx);
    return digest;
}

}  // namespace tools
