#include "tools/git/known_hosts.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tools::git {
namespace {

std::string base64_decode(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) {
        return {};
    }
    std::string out(text.size() / 4 * 3, '\0');
    const int n =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (n < 0) {
        return {};
    }
    std::size_t size = static_cast<std::size_t>(n);
    // EVP_DecodeBlock counts the padding as zero bytes.
    for (std::size_t i = text.size(); i > 0 && text[i - 1] == '='; --i) {
        --size;
    }
    out.resize(size);
    return out;
}

// OpenSSH's glob: '*' any run, '?' one character.
bool glob_match(std::string_view pattern, std::string_view text) {
    if (pattern.empty()) {
        return text.empty();
    }
    if (pattern.front() == '*') {
        for (std::size_t i = 0; i <= text.size(); ++i) {
            if (glob_match(pattern.substr(1), text.substr(i))) {
                return true;
            }
        }
        return false;
    }
    if (text.empty()) {
        return false;
    }
    const char p = static_cast<char>(std::tolower(static_cast<unsigned char>(pattern.front())));
    const char t = static_cast<char>(std::tolower(static_cast<unsigned char>(text.front())));
    return (p == '?' || p == t) && glob_match(pattern.substr(1), text.substr(1));
}

// "|1|base64(salt)|base64(HMAC-SHA1(salt, name))"
bool hashed_match(std::string_view pattern, std::string_view name) {
    const std::size_t bar = pattern.find('|', 3);
    if (bar == std::string_view::npos) {
        return false;
    }
    const std::string salt = base64_decode(pattern.substr(3, bar - 3));
    const std::string expected = base64_decode(pattern.substr(bar + 1));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (salt.empty() ||
        HMAC(EVP_sha1(), salt.data(), static_cast<int>(salt.size()),
             reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest, &length) == nullptr) {
        return false;
    }
    return expected.size() == length &&
           expected.compare(0, length, reinterpret_cast<char*>(digest), length) == 0;
}

// Whether a comma-separated host field names `name`; a negated pattern that matches wins.
bool hosts_match(std::string_view field, std::string_view name) {
    if (field.substr(0, 3) == "|1|") {
        return hashed_match(field, name);
    }
    bool matched = false;
    std::size_t start = 0;
    while (start <= field.size()) {
        std::size_t end = field.find(',', start);
        if (end == std::string_view::npos) {
            end = field.size();
        }
        std::string_view pattern = field.substr(start, end - start);
        const bool negated = !pattern.empty() && pattern.front() == '!';
        if (negated) {
            pattern.remove_prefix(1);
        }
        if (glob_match(pattern, name)) {
            if (negated) {
                return false;
            }
            matched = true;
        }
        start = end + 1;
    }
    return matched;
}

}  // namespace

HostKeyMatch check_known_host(const std::vector<std::filesystem::path>& files, std::string_view host,
                              int port, std::string_view key) {
    const std::string name =
        port == 22 || port <= 0 ? std::string(host) : "[" + std::string(host) + "]:" + std::to_string(port);
    bool host_seen = false;
    bool key_matched = false;
    for (const auto& file : files) {
        std::ifstream in(file);
        std::string line;
        while (std::getline(in, line)) {
            std::istringstream fields(line);
            std::string first;
            if (!(fields >> first) || first.front() == '#') {
                continue;
            }
            std::string marker;
            if (first.front() == '@') {
                marker = first;
                if (!(fields >> first)) {
                    continue;
                }
            }
            std::string type;
            std::string blob;
            if (!(fields >> type >> blob) || marker == "@cert-authority" || !hosts_match(first, name)) {
                continue;
            }
            const bool same_key = base64_decode(blob) == key;
            if (marker == "@revoked") {
                if (same_key) {
                    return HostKeyMatch::changed;
                }
                continue;
            }
            host_seen = true;
            key_matched = key_matched || same_key;
        }
    }
    if (key_matched) {
        return HostKeyMatch::known;
    }
    return host_seen ? HostKeyMatch::changed : HostKeyMatch::unknown;
}

std::vector<std::filesystem::path> default_known_hosts_files() {
    std::vector<std::filesystem::path> files;
    const char* home = std::getenv("HOME");
    if (home == nullptr || *home == '\0') {
        const passwd* pw = ::getpwuid(::getuid());
        home = pw != nullptr ? pw->pw_dir : nullptr;
    }
    if (home != nullptr) {
        files.push_back(std::filesystem::path(home) / ".ssh" / "known_hosts");
    }
    files.emplace_back("/etc/ssh/ssh_known_hosts");
    return files;
}

}  // namespace tools::git
