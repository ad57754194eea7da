// Identifiers for findings that never let a secret be recovered, even a weak password by guessing.
//
// Two forms, for two audiences:
// - What the model, the transcript and the tool results see: FingerprintKey::fingerprint, an
//   HMAC-SHA-256 under a random key that is created once per machine (0600 under the state dir) and
//   never leaves it. Without the key no guess can be checked; on the same machine the value is stable.
// - What a committed allowlist holds (it must match on every machine): allowlist_hash, a salted,
//   deliberately slow scrypt whose salt lives in the allowlist file (see allowlist.hpp).
// legacy_fingerprint is the v1 form (256 rounds of unsalted SHA-256), kept only so that allowlists
// written before v2 keep working; nothing writes it any more.
//
// All functions are pure and thread-safe; errors from libcrypto are Results, never exceptions.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tools/core/result.hpp"

namespace tools::secrets {

class FingerprintKey {
  public:
    static constexpr std::size_t kSize = 32;
    using Bytes = std::array<std::uint8_t, kSize>;

    explicit FingerprintKey(const Bytes& bytes);

    // <state_dir>/fingerprint-key: read when it is a regular file of kSize bytes, created otherwise
    // (random bytes, mode 0600, the directory 0700; a concurrent creator wins and its key is read).
    static Result<FingerprintKey> load_or_create(const std::filesystem::path& state_dir);
    // A key for this process only (fingerprints then differ between runs).
    static FingerprintKey random();

    // 32 lowercase hex digits: the first 128 bits of HMAC-SHA-256(key, "context-sync/finding/v2" \0
    // rule_id \0 secret).
    std::string fingerprint(std::string_view rule_id, std::string_view secret) const;

  private:
    // HMAC's inner and outer hash states after the padded key, computed once: a fingerprint then costs
    // two state copies and two short hashes, not a key schedule and an algorithm lookup.
    struct Pads;
    std::shared_ptr<const Pads> m_pads;
};

// 32 lowercase hex digits: the first 128 bits of scrypt(rule_id \0 secret, salt, N=2^14, r=8, p=1).
// About 16 MiB and tens of milliseconds per call, on purpose: this value is committed. An empty string
// when libcrypto fails (the caller then treats the entry as unmatched).
std::string allowlist_hash(std::span<const std::uint8_t> salt, std::string_view rule_id,
                           std::string_view secret);

// The v1 fingerprint (read-only compatibility): 32 hex digits of 256 iterated SHA-256 rounds over
// "context-sync/secret-fingerprint/v1" \0 rule_id \0 secret.
std::string legacy_fingerprint(std::string_view rule_id, std::string_view secret);

// The primitives, exposed for their known-answer tests.
std::array<std::uint8_t, 32> sha256(std::string_view data);
std::array<std::uint8_t, 32> hmac_sha256(std::span<const std::uint8_t> key, std::string_view data);
Result<std::vector<std::uint8_t>> scrypt(std::string_view password, std::span<const std::uint8_t> salt,
                                         std::uint64_t n, std::uint64_t r, std::uint64_t p,
                                         std::size_t length);

std::string to_hex(std::span<const std::uint8_t> bytes);

}  // namespace tools::secrets
