// A push over real https: `git http-backend` behind a small TLS server (https_git_server.py) on
// 127.0.0.1 with a throwaway self-signed certificate, trusted only through http.sslCAInfo, and HTTP
// Basic credentials that only the credential helper configured in a temp HOME's gitconfig knows.
#include <unistd.h>

#include <catch2/catch.hpp>

#include "../support/skip.hpp"
#include "git_world.hpp"
#include "process_fixtures.hpp"
#include "tools/git/sync.hpp"

using namespace git_test;
namespace git = tools::git;

TEST_CASE("push over https: credential helper, CA from http.sslCAInfo, wrong password refused",
          "[git][https]") {
    const std::filesystem::path server_script =
        std::filesystem::path(CS_TEST_DATA_DIR).parent_path() / "unit" / "git" / "https_git_server.py";
    const Shell python = sh("command -v python3");
    const Shell backend = sh("test -x \"$(git --exec-path)/git-http-backend\"");
    if (python.exit_code != 0 || sh("command -v openssl").exit_code != 0 || backend.exit_code != 0 ||
        !std::filesystem::exists(server_script)) {
        CS_SKIP_TEST("python3, openssl or git-http-backend is missing; https push test skipped");
    }
    GitWorld world;
    const auto vm = world.clone("vm");
    const auto tls = world.root() / "tls";
    const auto home = world.root() / "home";
    std::filesystem::create_directories(tls);
    std::filesystem::create_directories(home);
    must(
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "
        "/CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " +
        q(tls / "key.pem") + " -out " + q(tls / "cert.pem") + " 2>&1");
    const int port = free_port();
    const std::string python_path = python.out.substr(0, python.out.find('\n'));
    Child server({python_path, server_script.string(), std::to_string(port), world.root().string(),
                  (tls / "cert.pem").string(), (tls / "key.pem").string(), "alice", "correct-horse"},
                 (world.root() / "https.log").string());
    REQUIRE(wait_for_port(port));

    const std::string origin = "https://127.0.0.1:" + std::to_string(port);
    const auto store = world.root() / "credentials";
    write_file(home / ".gitconfig", "[credential]\n\thelper = store --file=" + store.string() +
                                        "\n[http]\n\tsslCAInfo = " + (tls / "cert.pem").string() + "\n");
    const EnvOverride home_env("HOME", home.string());
    const EnvOverride global_config("GIT_CONFIG_GLOBAL", (home / ".gitconfig").string());
    const EnvOverride no_ca_env("GIT_SSL_CAINFO", "");
    must("git -C " + q(vm) + " remote set-url origin " + quote(origin + "/remote.git"));

    SECTION("the helper's credential: pushed, and the remote holds the learning") {
        write_file(store, "https://alice:correct-horse@127.0.0.1:" + std::to_string(port) + "\n");
        const auto result = git::commit_and_push(append_request(vm, world.state("vm"), {"- over https"}));
        REQUIRE(result);
        INFO(result->push_status);
        CHECK(result->pushed);
        CHECK(world.remote_file(".claude/learnings.md") == "- over https\n");
    }
    SECTION("a wrong password: authentication, the commit kept as a pending push") {
        write_file(store, "https://alice:wrong-horse@127.0.0.1:" + std::to_string(port) + "\n");
        const auto result = git::commit_and_push(append_request(vm, world.state("vm"), {"- wrong password"}));
        REQUIRE(result);
        INFO(result->push_status);
        CHECK_FALSE(result->pushed);
        CHECK(result->pending);
        CHECK(result->problem == git::PushProblem::authentication);
        CHECK(world.remote_file(".claude/learnings.md").empty());
        // The corrected credential delivers the pending commit.
        write_file(store, "https://alice:correct-horse@127.0.0.1:" + std::to_string(port) + "\n");
        const auto retried = git::push_pending(vm, world.state("vm"));
        REQUIRE(retried);
        INFO(retried->push_status);
        CHECK(retried->pushed);
        CHECK(world.remote_file(".claude/learnings.md") == "- wrong password\n");
    }
    SECTION("no CA file configured: the self-signed certificate is refused, nothing is sent") {
        write_file(home / ".gitconfig", "[credential]\n\thelper = store --file=" + store.string() + "\n");
        write_file(store, "https://alice:correct-horse@127.0.0.1:" + std::to_string(port) + "\n");
        const auto result = git::commit_and_push(append_request(vm, world.state("vm"), {"- untrusted"}));
        REQUIRE(result);
        INFO(result->push_status);
        CHECK_FALSE(result->pushed);
        CHECK(result->problem == git::PushProblem::host_unknown);
        CHECK_THAT(result->push_status, Catch::Matchers::Contains("certificate"));
        CHECK(world.remote_file(".claude/learnings.md").empty());
    }
    must("git -C " + q(world.remote()) + " fsck --strict");
}
