#include "tools/secrets/allowlist.hpp"

#include <spdlog/spdlog.h>

#include <fstream>
#include <mutex>
#include <span>
#include <system_error>
#include <unordered_map>

#include "tools/core/random.hpp"
#include "tools/core/safe_read.hpp"
#include "tools/secrets/fingerprint.hpp"

namespace tools::secrets {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

constexpr std::string_view kSaltPrefix = "context-sync-allow v2 salt=";
// Bounds the memo: a text with more distinct secrets than this recomputes some (correct, only slower).
constexpr std::size_t kMemoLimit = 4096;

bool is_rule_id(std::string_view s) {
    return !s.empty() && s.size() <= 64 &&
           s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string_view::npos;
}

bool parse_hex(std::string_view hex, std::span<std::uint8_t> out) {
    if (hex.size() != out.size() * 2 || hex.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
        return false;
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
        out[i] = static_cast<std::uint8_t>(nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]));
    }
    return true;
}

}  // namespace

// Keyed by SHA-256 of (rule, secret), so the memo holds no secret value either.
struct Allowlist::Memo {
    std::mutex mutex;
    std::unordered_map<std::string, std::string> hashes;
};

std::string Allowlist::hash(std::string_view rule_id, std::string_view secret) const {
    std::string input(rule_id);
    input.push_back('\0');
    input.append(secret);
    if (m_memo == nullptr) {
        return allowlist_hash(m_salt, rule_id, secret);
    }
    const auto digest = sha256(input);
    std::string key(reinterpret_cast<const char*>(digest.data()), digest.size());
    {
        const std::lock_guard lock(m_memo->mutex);
        if (auto it = m_memo->hashes.find(key); it != m_memo->hashes.end()) {
            return it->second;
        }
    }
    std::string value = allowlist_hash(m_salt, rule_id, secret);  // slow: outside the lock
    const std::lock_guard lock(m_memo->mutex);
    if (m_memo->hashes.size() >= kMemoLimit) {
        m_memo->hashes.clear();
    }
    m_memo->hashes.emplace(std::move(key), value);
    return value;
}

bool Allowlist::contains(std::string_view rule_id, std::string_view secret) const {
    if (!m_legacy.empty() && m_legacy.count(legacy_fingerprint(rule_id, secret)) != 0) {
        return true;
    }
    if (m_rules.count(std::string(rule_id)) == 0) {
        return false;
    }
    const std::string h = hash(rule_id, secret);
    return !h.empty() && m_entries.count(std::string(rule_id) + " " + h) != 0;
}

void Allowlist::add(std::string rule_id, std::string hash) {
    m_rules.insert(rule_id);
    m_entries.insert(std::move(rule_id) + " " + std::move(hash));
}

void Allowlist::add_legacy(std::string fingerprint) {
    m_legacy.insert(std::move(fingerprint));
}

std::filesystem::path Allowlist::project_file(const std::filesystem::path& project_dir) {
    return project_dir / ".claude" / "context-sync-allow";
}

bool Allowlist::is_hex32(std::string_view text) {
    if (text.size() != 32) {
        return false;
    }
    for (const char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

Allowlist Allowlist::parse(std::string_view content) {
    Allowlist list;
    list.m_memo = std::make_shared<Memo>();
    std::size_t line_number = 0;
    while (!content.empty()) {
        const std::size_t end = std::min(content.find('\n'), content.size());
        std::string_view line = content.substr(0, end);
        content.remove_prefix(std::min(end + 1, content.size()));
        ++line_number;
        line = trim(line.substr(0, std::min(line.find('#'), line.size())));
        if (line.empty()) {
            continue;
        }
        if (line.starts_with(kSaltPrefix)) {
            Salt salt{};
            if (!parse_hex(line.substr(kSaltPrefix.size()), salt)) {
                spdlog::warn("allowlist line {}: the salt is not 32 lowercase hex digits; ignored",
                             line_number);
            } else if (!list.m_salt_from_file) {
                list.m_salt = salt;
                list.m_salt_from_file = true;
            }
            continue;
        }
        const std::size_t space = line.find(' ');
        if (space == std::string_view::npos && is_hex32(line)) {
            list.add_legacy(std::string(line));
            continue;
        }
        const std::string_view rule = line.substr(0, std::min(space, line.size()));
        const std::string_view hash =
            space == std::string_view::npos ? std::string_view() : trim(line.substr(space));
        if (!is_rule_id(rule) || !is_hex32(hash)) {
            spdlog::warn("allowlist line {} is not `<rule id> <32 hex digits>`; ignored", line_number);
            continue;
        }
        list.add(std::string(rule), std::string(hash));
    }
    if (!list.m_salt_from_file) {
        random_bytes(list.m_salt);  // what entries appended to this file will use
    }
    if (!list.m_entries.empty() && !list.m_salt_from_file) {
        spdlog::warn("allowlist has entries but no `{}` line: they cannot match", kSaltPrefix);
    }
    if (!list.m_legacy.empty()) {
        spdlog::warn(
            "allowlist holds {} v1 fingerprint(s): still honoured, but unsalted and fast to guess; "
            "re-accept those findings with `context-sync scan --allow` and delete the old lines",
            list.m_legacy.size());
    }
    return list;
}

Result<Allowlist> Allowlist::load(const std::filesystem::path& file) {
    // Anything but a small regular file is refused: a cloned repo may make it a symlink to /dev/zero,
    // /dev/stdin or a FIFO. append() loads first, so it never writes to such a file either.
    auto text = read_regular_file(file, kMaxSmallFileBytes);
    if (!text && text.error().code == ErrorCode::not_found) {
        return parse({});
    }
    if (!text) {
        return make_error(text.error().code, "allowlist ignored: " + text.error().message);
    }
    return parse(*text);
}

Result<std::size_t> Allowlist::append(const std::filesystem::path& file, const Salt& salt,
                                      const std::vector<Entry>& entries) {
    auto existing = load(file);
    if (!existing) {
        return tl::unexpected(existing.error());
    }
    if (existing->m_salt_from_file && existing->m_salt != salt) {
        return make_error(ErrorCode::invalid_argument,
                          file.string() + " changed its salt while scanning; run the scan again");
    }
    std::string text;
    if (!existing->m_salt_from_file) {
        text += std::string(kSaltPrefix) + to_hex(salt) + "\n";
    }
    std::size_t added = 0;
    for (const Entry& entry : entries) {
        if (!is_rule_id(entry.rule_id) || !is_hex32(entry.hash)) {
            continue;
        }
        const std::string line = entry.rule_id + " " + entry.hash;
        if (existing->m_entries.count(line) != 0) {
            continue;
        }
        existing->add(entry.rule_id, entry.hash);
        text += line;
        if (!entry.comment.empty()) {
            text += "  # " + entry.comment;
        }
        text += '\n';
        ++added;
    }
    if (added == 0) {
        return added;
    }
    std::error_code ec;
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec) {
            return make_error(ErrorCode::io_error,
                              "cannot create " + file.parent_path().string() + ": " + ec.message());
        }
    }
    const bool fresh = !std::filesystem::exists(file, ec);
    // A file that does not end in a newline would glue our first fingerprint onto its last line.
    bool needs_newline = false;
    if (!fresh) {
        std::ifstream in(file, std::ios::binary | std::ios::ate);
        if (in && in.tellg() > 0) {
            in.seekg(-1, std::ios::end);
            needs_newline = in.get() != '\n';
        }
    }
    std::ofstream out(file, std::ios::binary | std::ios::app);
    if (!out) {
        return make_error(ErrorCode::io_error, "cannot write allowlist " + file.string());
    }
    if (fresh) {
        out << "# context-sync: accepted scanner findings, as salted scrypt hashes (no secret values)\n";
    }
    if (needs_newline) {
        out << '\n';
    }
    out << text;
    out.flush();
    if (!out) {
        return make_error(ErrorCode::io_error, "cannot write allowlist " + file.string());
    }
    return added;
}

}  // namespace tools::secrets
