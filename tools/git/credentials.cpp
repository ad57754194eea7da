#include "tools/git/credentials.hpp"

#include <pwd.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <sstream>

#include "tools/git/known_hosts.hpp"
#include "tools/git/process.hpp"
#include "tools/git/tls_trust.hpp"

namespace tools::git {
namespace {

constexpr std::array<const char*, 4> kDefaultKeys = {"id_rsa", "id_ecdsa", "id_ed25519", "id_dsa"};
constexpr std::chrono::seconds kHelperTimeout{30};

std::string home_dir() {
    const char* home = std::getenv("HOME");
    if (home != nullptr && *home != '\0') {
        return home;
    }
    const passwd* pw = ::getpwuid(::getuid());
    return pw != nullptr ? pw->pw_dir : "";
}

std::string login_name() {
    const passwd* pw = ::getpwuid(::getuid());
    return pw != nullptr ? pw->pw_name : "git";
}

Result<ProcessOutput> run_credential(const std::filesystem::path& work_tree, const char* action,
                                     const std::string& input) {
    return run_process({"git", "credential", action}, work_tree, input, {"GIT_TERMINAL_PROMPT=0"},
                       kHelperTimeout);
}

std::string field(const std::string& answer, const std::string& name) {
    std::istringstream in(answer);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(name + "=", 0) == 0) {
            return line.substr(name.size() + 1);
        }
    }
    return {};
}

}  // namespace

void ssh_host_port(const std::string& url, std::string& host, int& port) {
    port = 22;
    std::string rest = url;
    const std::size_t scheme = rest.find("://");
    const bool has_scheme = scheme != std::string::npos;
    if (has_scheme) {
        rest = rest.substr(scheme + 3);
    }
    const std::size_t at = rest.find('@');
    const std::size_t first_slash = rest.find('/');
    if (at != std::string::npos && (first_slash == std::string::npos || at < first_slash)) {
        rest = rest.substr(at + 1);
    }
    std::string authority = rest.substr(0, has_scheme ? rest.find('/') : rest.find(':'));
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        host = authority.substr(1, close == std::string::npos ? std::string::npos : close - 1);
        if (has_scheme && close != std::string::npos && close + 1 < authority.size() &&
            authority[close + 1] == ':') {
            port = std::atoi(authority.c_str() + close + 2);
        }
        return;
    }
    const std::size_t colon = authority.find(':');
    if (has_scheme && colon != std::string::npos) {
        port = std::atoi(authority.c_str() + colon + 1);
        authority.resize(colon);
    }
    host = authority;
}

AuthSession::AuthSession(std::filesystem::path work_tree, std::string url)
    : m_work_tree(std::move(work_tree)), m_url(std::move(url)) {}

void AuthSession::finish(bool succeeded) {
    if (m_helper_answer.empty()) {
        return;
    }
    if (succeeded) {
        (void)run_credential(m_work_tree, "approve", m_helper_answer);
    } else if (auth_exhausted) {
        (void)run_credential(m_work_tree, "reject", m_helper_answer);
    }
    m_helper_answer.clear();
}

int AuthSession::on_credentials(git_credential** out, const char* /*url*/, const char* username_from_url,
                                unsigned int allowed_types, void* payload) {
    auto* self = static_cast<AuthSession*>(payload);
    const std::string user =
        username_from_url != nullptr && *username_from_url != '\0' ? username_from_url : login_name();
    if ((allowed_types & GIT_CREDENTIAL_SSH_KEY) != 0) {
        return self->next_ssh_credential(out, user);
    }
    if ((allowed_types & GIT_CREDENTIAL_USERNAME) != 0) {
        return git_credential_username_new(out, user.c_str());
    }
    if ((allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0) {
        return self->helper_credential(out, username_from_url);
    }
    self->auth_exhausted = true;
    git_error_set_str(GIT_ERROR_NET,
                      "the remote asks for an authentication method context-sync does not offer");
    return GIT_EAUTH;
}

int AuthSession::next_ssh_credential(git_credential** out, const std::string& user) {
    const std::string ssh_dir = home_dir() + "/.ssh/";
    while (m_ssh_step <= static_cast<int>(kDefaultKeys.size())) {
        const int step = m_ssh_step++;
        if (step == 0) {
            const char* agent = std::getenv("SSH_AUTH_SOCK");
            if (agent != nullptr && *agent != '\0') {
                return git_credential_ssh_key_from_agent(out, user.c_str());
            }
            continue;
        }
        const std::string key = ssh_dir + kDefaultKeys[static_cast<std::size_t>(step - 1)];
        if (::access(key.c_str(), R_OK) != 0) {
            continue;
        }
        const std::string pub = key + ".pub";
        return git_credential_ssh_key_new(out, user.c_str(),
                                          ::access(pub.c_str(), R_OK) == 0 ? pub.c_str() : nullptr,
                                          key.c_str(), nullptr);
    }
    auth_exhausted = true;
    git_error_set_str(
        GIT_ERROR_SSH,
        "no ssh key was accepted (tried ssh-agent and the default keys in ~/.ssh without passphrase)");
    return GIT_EAUTH;
}

int AuthSession::helper_credential(git_credential** out, const char* username_from_url) {
    if (m_helper_asked) {
        // The remote refused what the helper gave: tell the helper, then stop asking.
        auth_exhausted = true;
        finish(false);
        git_error_set_str(GIT_ERROR_HTTP, "the remote refused the credential from `git credential fill`");
        return GIT_EAUTH;
    }
    m_helper_asked = true;
    std::string request = "url=" + m_url + "\n";
    if (username_from_url != nullptr && *username_from_url != '\0') {
        request += "username=" + std::string(username_from_url) + "\n";
    }
    request += "\n";
    auto answer = run_credential(m_work_tree, "fill", request);
    if (!answer || answer->exit_code != 0 || field(answer->out, "password").empty()) {
        auth_exhausted = true;
        git_error_set_str(GIT_ERROR_HTTP,
                          "no credential for this remote from `git credential fill` (configure a "
                          "credential helper, e.g. `git config --global credential.helper store`)");
        return GIT_EAUTH;
    }
    m_helper_answer = answer->out;
    return git_credential_userpass_plaintext_new(out, field(m_helper_answer, "username").c_str(),
                                                 field(m_helper_answer, "password").c_str());
}

int AuthSession::on_certificate(git_cert* cert, int valid, const char* host, void* payload) {
    auto* self = static_cast<AuthSession*>(payload);
    if (cert->cert_type == GIT_CERT_X509) {
        // libgit2 checked the system's CAs; a certificate they do not vouch for may still chain to the
        // CA file the user gave git. Asked only then, so a usual remote costs no `git config` run.
        if (valid != 0 || host == nullptr) {
            return GIT_PASSTHROUGH;
        }
        const auto* x509 = reinterpret_cast<const git_cert_x509*>(cert);
        const std::string ca_file = configured_ca_file(self->m_work_tree, self->m_url);
        return certificate_trusted(std::string_view(static_cast<const char*>(x509->data), x509->len), ca_file,
                                   host)
                   ? 0
                   : GIT_PASSTHROUGH;
    }
    if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2) {
        return GIT_PASSTHROUGH;
    }
    std::string url_host;
    int port = 22;
    ssh_host_port(self->m_url, url_host, port);
    const std::string name = host != nullptr && *host != '\0' ? host : url_host;
    const auto* hostkey = reinterpret_cast<const git_cert_hostkey*>(cert);
    const std::string shown = port == 22 ? name : name + ":" + std::to_string(port);
    if ((hostkey->type & GIT_CERT_SSH_RAW) == 0) {
        self->host_problem = "cannot check the ssh host key of " + shown + " against known_hosts";
        return GIT_ECERTIFICATE;
    }
    const std::string_view key(hostkey->hostkey, hostkey->hostkey_len);
    switch (check_known_host(default_known_hosts_files(), name, port, key)) {
        case HostKeyMatch::known:
            return 0;
        case HostKeyMatch::changed:
            self->host_problem =
                "the ssh host key of " + shown +
                " differs from the one in ~/.ssh/known_hosts (or is revoked): it may be an attack, "
                "or the server was reinstalled; check with `ssh " +
                (port == 22 ? name : "-p " + std::to_string(port) + " " + name) +
                "` and fix known_hosts before syncing";
            return GIT_ECERTIFICATE;
        case HostKeyMatch::unknown:
            break;
    }
    self->host_problem = "the ssh host " + shown + " is not in ~/.ssh/known_hosts: connect once with `ssh " +
                         (port == 22 ? name : "-p " + std::to_string(port) + " " + name) +
                         "` (or `git fetch`) and confirm its key, then run `context-sync push`";
    return GIT_ECERTIFICATE;
}

}  // namespace tools::git
