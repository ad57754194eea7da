// http(s) authentication goes through `git credential`, so every helper git would ask answers: fill,
// approve after success, reject after the remote refused the credential.
#include "tools/git/credentials.hpp"

#include <git2.h>
#include <git2/sys/credential.h>

#include <catch2/catch.hpp>
#include <cstdlib>

#include "git_world.hpp"
#include "tools/git/libgit2.hpp"

using namespace git_test;
namespace git = tools::git;

TEST_CASE("credentials come from git's credential helpers, which hear about success and failure", "[git]") {
    tools::git::ensure_libgit2();
    test_support::TempDir temp("cs-git");
    const auto repo = temp.path() / "repo";
    const auto log = temp.path() / "helper.log";
    must("git init -q " + quote(repo.string()));
    // A helper in the repository's own config, as `git credential` reads it.
    const std::string helper =
        "!f() { echo \"$1\" >> " + log.string() +
        "; if [ \"$1\" = get ]; then echo username=alice; echo password=s3cret; fi; }; f";
    must("git -C " + quote(repo.string()) + " config credential.helper " + quote(helper));
    ::setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
    ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);

    git::AuthSession session(repo, "https://git.example.com/team/repo.git");
    git_credential* cred = nullptr;
    REQUIRE(git::AuthSession::on_credentials(&cred, "https://git.example.com/team/repo.git", nullptr,
                                             GIT_CREDENTIAL_USERPASS_PLAINTEXT, &session) == 0);
    REQUIRE(cred != nullptr);
    REQUIRE(cred->credtype == GIT_CREDENTIAL_USERPASS_PLAINTEXT);
    const auto* plain = reinterpret_cast<git_credential_userpass_plaintext*>(cred);
    CHECK(std::string(plain->username) == "alice");
    CHECK(std::string(plain->password) == "s3cret");
    git_credential_free(cred);
    CHECK(read_file(log) == "get\n");

    SECTION("success approves the credential") {
        session.finish(true);
        CHECK(read_file(log) == "get\nstore\n");
    }
    SECTION("a second request means the remote refused it: the helper is told, and asking stops") {
        cred = nullptr;
        CHECK(git::AuthSession::on_credentials(&cred, "https://git.example.com/team/repo.git", nullptr,
                                               GIT_CREDENTIAL_USERPASS_PLAINTEXT, &session) == GIT_EAUTH);
        CHECK(cred == nullptr);
        CHECK(session.auth_exhausted);
        CHECK(read_file(log) == "get\nerase\n");
    }
    SECTION("no helper, no credential: an authentication problem, not a prompt") {
        must("git -C " + quote(repo.string()) + " config --unset credential.helper");
        git::AuthSession bare(repo, "https://git.example.com/team/repo.git");
        cred = nullptr;
        CHECK(git::AuthSession::on_credentials(&cred, "https://git.example.com/team/repo.git", nullptr,
                                               GIT_CREDENTIAL_USERPASS_PLAINTEXT, &bare) == GIT_EAUTH);
        CHECK(bare.auth_exhausted);
    }
}
