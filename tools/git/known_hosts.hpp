// Checks an ssh host key against OpenSSH's known_hosts files the way ssh does (plain and hashed host
// patterns, "[host]:port" for other ports than 22, wildcards, negations, @revoked), because libgit2 1.5
// does not check host keys at all. Thread-safe; reads the files on every call.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tools::git {

enum class HostKeyMatch {
    known,    // a line names this host with this key
    changed,  // lines name this host, none with this key (or the key is @revoked)
    unknown,  // no line names this host
};

// `key` is the raw public key blob (as in the base64 field of a known_hosts line).
HostKeyMatch check_known_host(const std::vector<std::filesystem::path>& files, std::string_view host,
                              int port, std::string_view key);

// ~/.ssh/known_hosts (HOME from the environment) and /etc/ssh/ssh_known_hosts.
std::vector<std::filesystem::path> default_known_hosts_files();

}  // namespace tools::git
