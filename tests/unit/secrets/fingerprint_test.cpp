// Known answers for every hash the scanner keeps, and the machine key's file: created once, private,
// and refused when it is anything but a small regular file.
#include "tools/secrets/fingerprint.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "../support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace tools::secrets;

namespace {

std::string hex(std::span<const std::uint8_t> bytes) {
    return to_hex(bytes);
}

template <std::size_t N>
std::array<std::uint8_t, N> counting() {
    std::array<std::uint8_t, N> bytes{};
    for (std::size_t i = 0; i < N; ++i) {
        bytes[i] = static_cast<std::uint8_t>(i);
    }
    return bytes;
}

}  // namespace

TEST_CASE("SHA-256, HMAC-SHA-256 and scrypt match their published test vectors", "[tools][secrets]") {
    // FIPS 180-4 example "abc".
    CHECK(hex(sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // RFC 4231, test case 1.
    const std::array<std::uint8_t, 20> key = {0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
                                              0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b};
    CHECK(hex(hmac_sha256(key, "Hi There")) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    // RFC 7914, section 12, second vector.
    const std::string salt = "NaCl";
    const auto derived =
        scrypt("password", std::span(reinterpret_cast<const std::uint8_t*>(salt.data()), salt.size()), 1024,
               8, 16, 64);
    REQUIRE(derived);
    CHECK(hex(*derived) ==
          "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac"
          "727afb94a83ee6d8360cbdfa2cc0640");
}

TEST_CASE("finding fingerprints, allowlist hashes and v1 fingerprints have fixed known answers",
          "[tools][secrets]") {
    // Expected values computed independently (Python hashlib/hmac) from the documented constructions.
    const FingerprintKey key(counting<32>());
    CHECK(key.fingerprint("password-assignment", "Summer2024!x") == "723fd286c1a5aa05810d59c07f815c39");
    CHECK(allowlist_hash(counting<16>(), "password-assignment", "Summer2024!x") ==
          "d161ec1f5fa8ca98c60bfd6278539051");
    // The value the v1 scanner printed for DB_PASSWORD=Summer2024!x: old allowlists still match it.
    CHECK(legacy_fingerprint("password-assignment", "Summer2024!x") == "3c7af208d782de47e4eef3f6e4b8a145");
}

TEST_CASE("the machine key is created once, 0600 in a 0700 directory, and reused", "[tools][secrets]") {
    const test_support::TempDir temp("cs-fingerprint-key");
    const fs::path state = temp.path() / "state" / "context-sync";
    const auto first = FingerprintKey::load_or_create(state);
    REQUIRE(first);
    const fs::path file = state / "fingerprint-key";
    struct stat info {};
    REQUIRE(::stat(file.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    CHECK(fs::file_size(file) == FingerprintKey::kSize);
    REQUIRE(::stat(state.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0700);

    const auto second = FingerprintKey::load_or_create(state);
    REQUIRE(second);
    CHECK(first->fingerprint("r", "v") == second->fingerprint("r", "v"));
    const fs::path elsewhere = temp.path() / "other";
    const auto third = FingerprintKey::load_or_create(elsewhere);
    REQUIRE(third);
    CHECK(third->fingerprint("r", "v") != first->fingerprint("r", "v"));
}

TEST_CASE("a key file that is a symlink, a FIFO or the wrong size is refused", "[tools][secrets]") {
    const test_support::TempDir temp("cs-fingerprint-key-bad");
    const fs::path link_dir = temp.path() / "link";
    fs::create_directories(link_dir);
    std::ofstream(temp.path() / "target", std::ios::binary) << std::string(32, 'k');
    fs::create_symlink(temp.path() / "target", link_dir / "fingerprint-key");
    CHECK_FALSE(FingerprintKey::load_or_create(link_dir));

    const fs::path fifo_dir = temp.path() / "fifo";
    fs::create_directories(fifo_dir);
    REQUIRE(::mkfifo((fifo_dir / "fingerprint-key").c_str(), 0600) == 0);
    CHECK_FALSE(FingerprintKey::load_or_create(fifo_dir));  // and does not hang

    const fs::path short_dir = temp.path() / "short";
    fs::create_directories(short_dir);
    std::ofstream(short_dir / "fingerprint-key", std::ios::binary) << "abc";
    CHECK_FALSE(FingerprintKey::load_or_create(short_dir));
}
