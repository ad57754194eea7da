// Host key checking against known_hosts files written by OpenSSH's own tools.
#include "tools/git/known_hosts.hpp"

#include <catch2/catch.hpp>

#include "../support/skip.hpp"
#include "git_world.hpp"
#include "tools/git/credentials.hpp"

using namespace git_test;
namespace git = tools::git;

namespace {

struct Key {
    std::string line;  // "ssh-ed25519 AAAA..."
    std::string blob;  // the decoded key
};

Key make_key(const std::filesystem::path& dir, const std::string& name) {
    const std::string file = (dir / name).string();
    must("ssh-keygen -q -t ed25519 -N '' -C '' -f " + quote(file));
    Key key;
    key.line = must("cut -d' ' -f1,2 " + quote(file + ".pub"));
    key.blob = must("cut -d' ' -f2 " + quote(file + ".pub") + " | base64 -d | od -An -v -tx1 | tr -d ' \\n'");
    std::string raw;
    for (std::size_t i = 0; i + 1 < key.blob.size(); i += 2) {
        raw += static_cast<char>(std::stoi(key.blob.substr(i, 2), nullptr, 16));
    }
    key.blob = raw;
    return key;
}

}  // namespace

TEST_CASE("known_hosts: plain, hashed, port, wildcard, negated and revoked entries", "[git]") {
    if (sh("command -v ssh-keygen").exit_code != 0) {
        CS_SKIP_TEST("ssh-keygen is not installed (openssh-client)");
    }
    test_support::TempDir temp("cs-git");
    const Key host = make_key(temp.path(), "host");
    const Key other = make_key(temp.path(), "other");
    const auto file = temp.path() / "known_hosts";

    write_file(file, "# comment\n\nexample.org " + host.line + "\n[127.0.0.1]:2222 " + host.line + "\n");
    CHECK(git::check_known_host({file}, "example.org", 22, host.blob) == git::HostKeyMatch::known);
    CHECK(git::check_known_host({file}, "EXAMPLE.org", 22, host.blob) == git::HostKeyMatch::known);
    CHECK(git::check_known_host({file}, "example.org", 22, other.blob) == git::HostKeyMatch::changed);
    CHECK(git::check_known_host({file}, "127.0.0.1", 2222, host.blob) == git::HostKeyMatch::known);
    CHECK(git::check_known_host({file}, "127.0.0.1", 22, host.blob) == git::HostKeyMatch::unknown);
    CHECK(git::check_known_host({file}, "example.com", 22, host.blob) == git::HostKeyMatch::unknown);

    // ssh-keygen -H hashes every name the way ssh writes them with HashKnownHosts yes.
    must("ssh-keygen -q -H -f " + quote(file.string()) + " 2>/dev/null");
    CHECK(read_file(file).find("example.org") == std::string::npos);
    CHECK(git::check_known_host({file}, "example.org", 22, host.blob) == git::HostKeyMatch::known);
    CHECK(git::check_known_host({file}, "127.0.0.1", 2222, host.blob) == git::HostKeyMatch::known);
    CHECK(git::check_known_host({file}, "127.0.0.1", 2222, other.blob) == git::HostKeyMatch::changed);
    CHECK(git::check_known_host({file}, "127.0.0.2", 2222, host.blob) == git::HostKeyMatch::unknown);

    write_file(file, "*.example.net,!bad.example.net " + host.line + "\n@revoked * " + other.line + "\n");
    CHECK(git::check_known_host({file}, "git.example.net", 22, host.blob) == git::HostKeyMatch::known);
    CHECK(git::check_known_host({file}, "bad.example.net", 22, host.blob) == git::HostKeyMatch::unknown);
    CHECK(git::check_known_host({file}, "git.example.net", 22, other.blob) == git::HostKeyMatch::changed);
    CHECK(git::check_known_host({temp.path() / "missing"}, "example.org", 22, host.blob) ==
          git::HostKeyMatch::unknown);
}

TEST_CASE("ssh URLs give the host and port that known_hosts is keyed by", "[git]") {
    std::string host;
    int port = 0;
    git::ssh_host_port("ssh://git@example.org:2222/team/repo.git", host, port);
    CHECK((host == "example.org" && port == 2222));
    git::ssh_host_port("git@github.com:team/repo.git", host, port);
    CHECK((host == "github.com" && port == 22));
    git::ssh_host_port("ssh://[::1]:2200/repo", host, port);
    CHECK((host == "::1" && port == 2200));
    git::ssh_host_port("ssh://example.org/repo", host, port);
    CHECK((host == "example.org" && port == 22));
}
