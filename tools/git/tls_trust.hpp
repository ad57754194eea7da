// Trusts an https remote's certificate the way git does when the user points git at a CA file
// (GIT_SSL_CAINFO, or http.sslCAInfo, also per URL as http.<url>.sslCAInfo). libgit2 1.5 as Debian
// builds it (mbedTLS) checks only the system's CA store and reads neither setting, so a remote whose
// `git push` works through such a CA would fail here without this. Thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tools::git {

// The CA file git would use for `url`, asked from `git config --get-urlmatch` in `work_tree` (so every
// config level and URL-specific section counts); "" when none is set.
std::string configured_ca_file(const std::filesystem::path& work_tree, const std::string& url);

// Whether the DER certificate `der` chains to a certificate in `ca_file` and names `host` (a DNS name
// or an IP address), for a TLS server. False on any parse or read failure.
bool certificate_trusted(std::string_view der, const std::string& ca_file, const std::string& host);

}  // namespace tools::git
