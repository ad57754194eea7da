#include "tools/secrets/fingerprint.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>

#include "tools/core/hmac.hpp"
#include "tools/core/random.hpp"

namespace tools::secrets {
namespace {

constexpr std::string_view kKeyFile = "fingerprint-key";

std::string hash_input(std::string_view label, std::string_view rule_id, std::string_view secret) {
    std::string input;
    input.reserve(label.size() + rule_id.size() + secret.size() + 2);
    if (!label.empty()) {
        input.append(label);
        input.push_back('\0');
    }
    input.append(rule_id);
    input.push_back('\0');
    input.append(secret);
    return input;
}

std::string errno_text() {
    return std::error_code(errno, std::generic_category()).message();
}

// The key file must be ours alone: a regular file (not a link, FIFO or device) of exactly kSize bytes.
Result<FingerprintKey> read_key(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) {
        return make_error(errno == ENOENT ? ErrorCode::not_found : ErrorCode::io_error,
                          "cannot open " + file.string() + ": " + errno_text());
    }
    struct stat info {};
    FingerprintKey::Bytes bytes{};
    bool ok = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
              info.st_size == static_cast<off_t>(FingerprintKey::kSize) &&
              ::read(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
    if (ok && (info.st_mode & 077) != 0) {
        ok = ::fchmod(fd, 0600) == 0;  // someone loosened it: tighten rather than trust it less
    }
    ::close(fd);
    if (!ok) {
        return make_error(ErrorCode::io_error, file.string() + " is not a regular file of " +
                                                   std::to_string(FingerprintKey::kSize) +
                                                   " bytes with mode 0600");
    }
    return FingerprintKey(bytes);
}

}  // namespace

std::string to_hex(std::span<const std::uint8_t> bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex(bytes.size() * 2, '0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        hex[2 * i] = kHex[bytes[i] >> 4];
        hex[2 * i + 1] = kHex[bytes[i] & 15];
    }
    return hex;
}

std::array<std::uint8_t, 32> sha256(std::string_view data) {
    std::array<std::uint8_t, 32> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
    return digest;
}

std::array<std::uint8_t, 32> hmac_sha256(std::span<const std::uint8_t> key, std::string_view data) {
    std::array<std::uint8_t, 32> digest{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
         reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data(), &length);
    return digest;
}

Result<std::vector<std::uint8_t>> scrypt(std::string_view password, std::span<const std::uint8_t> salt,
                                         std::uint64_t n, std::uint64_t r, std::uint64_t p,
                                         std::size_t length) {
    std::vector<std::uint8_t> out(length);
    // 128 * r * (n + p + 2) bytes are needed; allow that plus slack rather than OpenSSL's 32 MiB default.
    const std::uint64_t max_mem = 128 * r * (n + p + 2) + (1 << 20);
    if (EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), n, r, p, max_mem,
                       out.data(), out.size()) != 1) {
        return make_error(ErrorCode::internal, "scrypt failed");
    }
    return out;
}

Result<FingerprintKey> FingerprintKey::load_or_create(const std::filesystem::path& state_dir) {
    const std::filesystem::path file = state_dir / kKeyFile;
    auto existing = read_key(file);
    if (existing || existing.error().code != ErrorCode::not_found) {
        return existing;
    }
    std::error_code ec;
    std::filesystem::create_directories(state_dir, ec);
    if (ec) {
        return make_error(ErrorCode::io_error, "cannot create " + state_dir.string() + ": " + ec.message());
    }
    ::chmod(state_dir.c_str(), 0700);
    Bytes bytes{};
    if (!random_bytes(bytes)) {
        return make_error(ErrorCode::internal, "no random bytes for the fingerprint key");
    }
    // Written under a private name, then linked into place: a reader never sees a partial key, and of
    // two processes creating it at once, the first link wins and the other reads that key.
    const std::filesystem::path temp =
        state_dir / (std::string(kKeyFile) + ".tmp." + std::to_string(::getpid()));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return make_error(ErrorCode::io_error, "cannot create " + temp.string() + ": " + errno_text());
    }
    const bool written =
        ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
    ::close(fd);
    const bool linked = written && ::link(temp.c_str(), file.c_str()) == 0;
    const int link_errno = errno;
    ::unlink(temp.c_str());
    if (linked) {
        return FingerprintKey(bytes);
    }
    if (written && link_errno == EEXIST) {
        return read_key(file);
    }
    return make_error(ErrorCode::io_error, "cannot write " + file.string());
}

FingerprintKey FingerprintKey::random() {
    Bytes bytes{};
    fill_random(bytes);
    return FingerprintKey(bytes);
}

// Every finding is fingerprinted, so a text with a finding on every line computes one HMAC per line:
// tools::HmacSha256 keeps that to the hashing itself.
struct FingerprintKey::Pads {
    explicit Pads(const Bytes& bytes) : mac(bytes) {}
    HmacSha256 mac;
};

FingerprintKey::FingerprintKey(const Bytes& bytes) : m_pads(std::make_shared<const Pads>(bytes)) {}

std::string FingerprintKey::fingerprint(std::string_view rule_id, std::string_view secret) const {
    static constexpr std::string_view kLabel = "context-sync/finding/v2";
    static constexpr char kZero = '\0';
    const std::string_view zero(&kZero, 1);
    const HmacSha256::Digest digest = m_pads->mac.mac({kLabel, zero, rule_id, zero, secret});
    return to_hex(std::span(digest).first(16));
}

std::string allowlist_hash(std::span<const std::uint8_t> salt, std::string_view rule_id,
                           std::string_view secret) {
    const auto derived = scrypt(hash_input({}, rule_id, secret), salt, 1 << 14, 8, 1, 16);
    return derived ? to_hex(*derived) : std::string();
}

std::string legacy_fingerprint(std::string_view rule_id, std::string_view secret) {
    auto digest = sha256(hash_input("context-sync/secret-fingerprint/v1", rule_id, secret));
    for (int i = 1; i < 256; ++i) {
        digest = sha256(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
    }
    return to_hex(std::span(digest).first(16));
}

}  // namespace tools::secrets
