// A push over real ssh: Debian's sshd on 127.0.0.1 with a throwaway host key and config, the user's key
// held only by a throwaway ssh-agent, known_hosts (hashed) in a temp HOME.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "../support/skip.hpp"
#include "git_world.hpp"
#include "process_fixtures.hpp"
#include "tools/git/sync.hpp"

using namespace git_test;
namespace git = tools::git;

namespace {

const char* kSshd = "/usr/sbin/sshd";

}  // namespace

TEST_CASE("push over ssh: ssh-agent key, hashed known_hosts: unknown and changed hosts refused",
          "[git][ssh]") {
    if (::access(kSshd, X_OK) != 0 || sh("command -v ssh-agent && command -v ssh-add").exit_code != 0) {
        CS_SKIP_TEST("sshd, ssh-agent or ssh-add is not installed (openssh-server, openssh-client)");
    }
    GitWorld world;
    const auto vm = world.clone("vm");
    const auto ssh = world.root() / "ssh";
    const auto home = world.root() / "home";
    std::filesystem::create_directories(ssh);
    std::filesystem::create_directories(home / ".ssh");
    must("ssh-keygen -q -t ed25519 -N '' -f " + q(ssh / "host_key") +
         " && ssh-keygen -q -t ed25519 -N '' -f " + q(ssh / "user_key") + " && cp " +
         q(ssh / "user_key.pub") + " " + q(ssh / "authorized_keys"));
    const std::string user = must("id -un");
    const int port = free_port();
    write_file(ssh / "sshd_config", "Port " + std::to_string(port) + "\nListenAddress 127.0.0.1\nHostKey " +
                                        (ssh / "host_key").string() + "\nAuthorizedKeysFile " +
                                        (ssh / "authorized_keys").string() + "\nPidFile " +
                                        (ssh / "sshd.pid").string() +
                                        "\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n"
                                        "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
                                        "PermitRootLogin prohibit-password\nAllowUsers " +
                                        user + "\n");
    if (::geteuid() == 0) {
        std::filesystem::create_directories("/run/sshd");  // sshd's privilege separation directory
    }
    Child sshd({kSshd, "-D", "-e", "-f", (ssh / "sshd_config").string()}, (ssh / "sshd.log").string());
    REQUIRE(wait_for_port(port));
    const std::string agent_sock = (ssh / "agent.sock").string();
    Child agent({must("command -v ssh-agent"), "-D", "-a", agent_sock}, (ssh / "agent.log").string());
    for (int i = 0; i < 100 && !std::filesystem::exists(agent_sock); ++i) {
        ::usleep(50000);
    }
    must("SSH_AUTH_SOCK=" + quote(agent_sock) + " ssh-add -q " + q(ssh / "user_key"));

    const EnvOverride home_env("HOME", home.string());
    const EnvOverride agent_env("SSH_AUTH_SOCK", agent_sock);
    const std::string url = "ssh://" + user + "@127.0.0.1:" + std::to_string(port) + world.remote().string();
    must("git -C " + q(vm) + " remote set-url origin " + quote(url));
    const auto known_hosts = home / ".ssh" / "known_hosts";
    const std::string host_key = must("cut -d' ' -f1,2 " + q(ssh / "host_key.pub"));

    SECTION("an unknown host is refused, naming what to do") {
        const auto result = git::commit_and_push(append_request(vm, world.state("vm"), {"- unknown host"}));
        REQUIRE(result);
        CHECK_FALSE(result->pushed);
        CHECK(result->problem == git::PushProblem::host_unknown);
        CHECK_THAT(result->push_status, Catch::Matchers::Contains("not in ~/.ssh/known_hosts"));
        CHECK(world.remote_file(".claude/learnings.md").empty());
    }
    SECTION("a changed host key is refused") {
        must("ssh-keygen -q -t ed25519 -N '' -f " + q(ssh / "impostor"));
        write_file(known_hosts, "[127.0.0.1]:" + std::to_string(port) + " " +
                                    must("cut -d' ' -f1,2 " + q(ssh / "impostor.pub")) + "\n");
        const auto result = git::commit_and_push(append_request(vm, world.state("vm"), {"- changed host"}));
        REQUIRE(result);
        CHECK(result->problem == git::PushProblem::host_unknown);
        CHECK_THAT(result->push_status, Catch::Matchers::Contains("differs"));
    }
    SECTION("a known host and the agent's key: pushed; then the same over a key file in ~/.ssh") {
        write_file(known_hosts, "[127.0.0.1]:" + std::to_string(port) + " " + host_key + "\n");
        must("ssh-keygen -q -H -f " + q(known_hosts) + " 2>/dev/null");
        const auto result = git::commit_and_push(append_request(vm, world.state("vm"), {"- over ssh"}));
        REQUIRE(result);
        INFO(result->push_status);
        CHECK(result->pushed);
        CHECK(world.remote_file(".claude/learnings.md") == "- over ssh\n");

        const EnvOverride no_agent("SSH_AUTH_SOCK", "");
        const auto no_key = git::commit_and_push(append_request(vm, world.state("vm"), {"- key file"}));
        REQUIRE(no_key);
        CHECK(no_key->problem == git::PushProblem::authentication);
        must("cp " + q(ssh / "user_key") + " " + q(ssh / "user_key.pub") + " " + q(home / ".ssh") +
             " && mv " + q(home / ".ssh/user_key") + " " + q(home / ".ssh/id_ed25519") + " && mv " +
             q(home / ".ssh/user_key.pub") + " " + q(home / ".ssh/id_ed25519.pub"));
        const auto with_key = git::push_pending(vm, world.state("vm"));
        REQUIRE(with_key);
        INFO(with_key->push_status);
        CHECK(with_key->pushed);
        CHECK(count_lines(world.remote_file(".claude/learnings.md"), "- key file") == 1);
    }
    must("git -C " + q(world.remote()) + " fsck --strict");
}
