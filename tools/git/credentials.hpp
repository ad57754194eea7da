// Authenticates one connection the way git would for the same remote, as libgit2 callbacks:
// - ssh: the ssh-agent (SSH_AUTH_SOCK), then the default keys in ~/.ssh (id_rsa, id_ecdsa, id_ed25519,
//   without passphrase), the user from the URL or the login name; the host key checked against
//   known_hosts (libgit2 1.5 checks nothing by itself).
// - http(s): `git credential fill` (so every helper git would ask answers), `approve` after the
//   connection worked, `reject` after the remote refused the credential. GIT_TERMINAL_PROMPT=0 keeps
//   git from prompting, which would hang a server. A TLS certificate the system's CAs do not vouch for
//   is accepted when it chains to git's configured CA file (tls_trust.hpp).
// One AuthSession per connection, used by one thread.
#pragma once

#include <git2.h>

#include <filesystem>
#include <optional>
#include <string>

namespace tools::git {

class AuthSession {
  public:
    AuthSession(std::filesystem::path work_tree, std::string url);

    // Approves a helper's credential after success, rejects it after an authentication failure.
    void finish(bool succeeded);

    static int on_credentials(git_credential** out, const char* url, const char* username_from_url,
                              unsigned int allowed_types, void* payload);
    static int on_certificate(git_cert* cert, int valid, const char* host, void* payload);

    bool auth_exhausted = false;
    std::optional<std::string> host_problem;  // set when the ssh host key is unknown or changed
    std::string rejection;                    // the remote's reason for refusing a pushed ref

  private:
    int next_ssh_credential(git_credential** out, const std::string& user);
    int helper_credential(git_credential** out, const char* username_from_url);

    std::filesystem::path m_work_tree;
    std::string m_url;
    int m_ssh_step = 0;
    bool m_helper_asked = false;
    std::string m_helper_answer;  // the `git credential fill` output, for approve/reject
};

// Host and port of an ssh URL ("ssh://user@host:2222/p", "user@host:p"); port 22 when none.
void ssh_host_port(const std::string& url, std::string& host, int& port);

}  // namespace tools::git
