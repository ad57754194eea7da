// Committing exactly the changed files, and every refusal, checked with the git command.
#include <catch2/catch.hpp>

#include "git_world.hpp"
#include "tools/git/pending.hpp"
#include "tools/git/sync.hpp"

using namespace git_test;
namespace git = tools::git;

namespace {

std::string git_status(const std::filesystem::path& dir) {
    return must("git -C " + quote(dir.string()) + " status --porcelain=v1");
}
std::string head(const std::filesystem::path& dir) {
    return must("git -C " + quote(dir.string()) + " rev-parse HEAD");
}
// Refused with nothing written: HEAD, status, index and objects as before.
void require_refused(const std::filesystem::path& dir, const git::SyncRequest& r, const std::string& words) {
    const std::string head_before = sh("git -C " + q(dir) + " rev-parse HEAD").out;
    const std::string status_before = sh("git -C " + q(dir) + " status --porcelain=v1").out;
    const std::string objects_before = sh("find " + q(dir) + "/.git/objects -type f | sort").out;
    const auto result = git::commit_and_push(r);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == tools::ErrorCode::refused);
    CHECK_THAT(result.error().message, Catch::Matchers::Contains(words));
    CHECK(sh("git -C " + q(dir) + " rev-parse HEAD").out == head_before);
    CHECK(sh("git -C " + q(dir) + " status --porcelain=v1").out == status_before);
    CHECK(sh("find " + q(dir) + "/.git/objects -type f | sort").out == objects_before);
}

}  // namespace

TEST_CASE("commit_and_push commits only its files and leaves the user's staged and unstaged changes alone",
          "[git]") {
    GitWorld world;
    const auto vm = world.clone("vm");
    write_file(vm / "README.md", "# project\nstaged edit\n");
    must("git -C " + q(vm) + " add README.md");
    write_file(vm / "README.md", "# project\nstaged edit\nthen an unstaged one\n");
    write_file(vm / "notes.txt", "one\ntwo\nunstaged\n");
    write_file(vm / "scratch.txt", "untracked\n");
    const std::string status_before = git_status(vm);
    const std::string cached_before = must("git -C " + q(vm) + " diff --cached");
    const std::string unstaged_before = must("git -C " + q(vm) + " diff");

    const auto result = git::commit_and_push(append_request(vm, world.state("vm"), {"- use uv, not pip"}));
    REQUIRE(result);
    CHECK(result->pushed);
    CHECK_FALSE(result->pending);
    REQUIRE(result->commit);
    CHECK(*result->commit == head(vm));
    CHECK(git_status(vm) == status_before);
    CHECK(must("git -C " + q(vm) + " diff --cached") == cached_before);
    CHECK(must("git -C " + q(vm) + " diff") == unstaged_before);
    CHECK(must("git -C " + q(vm) + " show --name-only --format= HEAD") == kLearnings);
    CHECK(must("git -C " + q(vm) + " log -1 --format=%B") ==
          "context-sync: 1 learnings from vm\n\nSessions: abc-123");
    CHECK(must("git -C " + q(vm) + " log -1 --format='%an <%ae>|%cn'") == "vm <vm@example.com>|vm");
    CHECK(read_file(vm / kLearnings) == "- use uv, not pip\n");
    CHECK(world.remote_file(kLearnings) == "- use uv, not pip\n");
    must("git -C " + q(vm) + " fsck --strict");
    must("git -C " + q(world.remote()) + " fsck --strict");
    CHECK_FALSE(std::filesystem::exists(git::pending_file(world.state("vm"), vm)));

    SECTION("a change already present commits nothing") {
        const auto again = git::commit_and_push(append_request(vm, world.state("vm"), {"- use uv, not pip"}));
        REQUIRE(again);
        CHECK_FALSE(again->commit);
        CHECK(must("git -C " + q(vm) + " rev-list --count HEAD") == "2");
    }
}

TEST_CASE("commit_and_push refuses unsafe repository states and writes nothing", "[git]") {
    GitWorld world;
    const auto vm = world.clone("vm");
    const auto state = world.state("vm");

    SECTION("not a repository") {
        const auto dir = world.root() / "plain";
        std::filesystem::create_directories(dir);
        const auto result = git::commit_and_push(append_request(dir, state, {"- x"}));
        REQUIRE_FALSE(result);
        CHECK(result.error().code == tools::ErrorCode::refused);
        CHECK_THAT(result.error().message, Catch::Matchers::Contains("not inside a git repository"));
        CHECK_FALSE(std::filesystem::exists(dir / ".claude"));
    }
    SECTION("detached HEAD") {
        must("git -C " + q(vm) + " checkout -q --detach");
        require_refused(vm, append_request(vm, state, {"- x"}), "detached");
    }
    SECTION("uncommitted edits in the file that would change") {
        must("mkdir -p " + q(vm / ".claude") + " && echo '- mine' > " + q(vm / kLearnings) + " && git -C " +
             q(vm) + " add -A && git -C " + q(vm) + " commit -qm learnings");
        write_file(vm / kLearnings, "- mine\n- edited by hand\n");
        require_refused(vm, append_request(vm, state, {"- x"}), "uncommitted changes");
        must("git -C " + q(vm) + " add " + kLearnings);
        require_refused(vm, append_request(vm, state, {"- x"}), "uncommitted changes");
    }
    SECTION("an untracked file where the commit would create one") {
        write_file(vm / kLearnings, "- not committed yet\n");
        require_refused(vm, append_request(vm, state, {"- x"}), "uncommitted changes");
    }
    SECTION("conflict markers in the file") {
        must("mkdir -p " + q(vm / ".claude") +
             " && printf '<<<<<<< HEAD\\n- a\\n=======\\n- b\\n>>>>>>> x\\n' > " + q(vm / kLearnings) +
             " && git -C " + q(vm) + " add -A && git -C " + q(vm) + " commit -qm markers");
        require_refused(vm, append_request(vm, state, {"- x"}), "conflict markers");
    }
    SECTION("a merge in progress, with unmerged entries") {
        must("cd " + q(vm) +
             " && git checkout -qb side && echo side > notes.txt && git commit -qam side && "
             "git checkout -q main && echo main > notes.txt && git commit -qam main");
        CHECK(sh("git -C " + q(vm) + " merge side").exit_code != 0);
        require_refused(vm, append_request(vm, state, {"- x"}), "a merge is in progress");
        CHECK_FALSE(git::check_repo(vm, {kLearnings}));
    }
    SECTION("unmerged entries without a merge state") {
        must("cd " + q(vm) +
             " && git checkout -qb side && echo side > notes.txt && git commit -qam side && "
             "git checkout -q main && echo main > notes.txt && git commit -qam main");
        CHECK(sh("git -C " + q(vm) + " merge side").exit_code != 0);
        std::filesystem::remove(vm / ".git" / "MERGE_HEAD");
        std::filesystem::remove(vm / ".git" / "MERGE_MSG");
        std::filesystem::remove(vm / ".git" / "MERGE_MODE");
        require_refused(vm, append_request(vm, state, {"- x"}), "unmerged entries");
    }
    SECTION("a symlink in place of the file") {
        must("mkdir -p " + q(vm / ".claude") + " && ln -s /etc/passwd " + q(vm / kLearnings) + " && git -C " +
             q(vm) + " add -A && git -C " + q(vm) + " commit -qm link");
        require_refused(vm, append_request(vm, state, {"- x"}), "not a regular file");
    }
    SECTION("a symlinked directory on the way") {
        std::filesystem::create_directories(world.root() / "elsewhere");
        must("ln -s " + q(world.root() / "elsewhere") + " " + q(vm / ".claude"));
        require_refused(vm, append_request(vm, state, {"- x"}), "will not write through it");
        CHECK(std::filesystem::is_empty(world.root() / "elsewhere"));
    }
    SECTION("no author identity") {
        must("git -C " + q(vm) + " config --unset user.name && git -C " + q(vm) +
             " config --unset user.email");
        require_refused(vm, append_request(vm, state, {"- x"}), "git config --global user.name");
    }
}

TEST_CASE("an unborn branch gets its first commit: without an upstream the push waits", "[git]") {
    test_support::TempDir temp("cs-git");
    const auto dir = temp.path() / "new";
    must("git init -q -b main " + q(dir) + " && git -C " + q(dir) + " config user.name me && git -C " +
         q(dir) + " config user.email me@example.com");
    const auto result = git::commit_and_push(append_request(dir, temp.path() / "state", {"- first"}));
    REQUIRE(result);
    REQUIRE(result->commit);
    CHECK_FALSE(result->pushed);
    CHECK(result->pending);
    CHECK(result->problem == git::PushProblem::no_upstream);
    CHECK_THAT(result->push_status, Catch::Matchers::Contains("git push -u origin main"));
    CHECK(must("git -C " + q(dir) + " rev-list --count HEAD") == "1");
    CHECK(git_status(dir).empty());
    must("git -C " + q(dir) + " fsck --strict");
    CHECK(git::read_pending(temp.path() / "state", dir).commits == std::vector<std::string>{*result->commit});
}

TEST_CASE("a corrupt pending-push record is set aside and the sync goes on", "[git]") {
    GitWorld world;
    const auto vm = world.clone("vm");
    const auto file = git::pending_file(world.state("vm"), vm);
    write_file(file, "{\"version\": 1, \"commits\": [\"not-an-id\"");
    const auto result = git::commit_and_push(append_request(vm, world.state("vm"), {"- kept"}));
    REQUIRE(result);
    CHECK(result->pushed);
    CHECK_THAT(result->push_status, Catch::Matchers::Contains("unreadable"));
    CHECK_FALSE(std::filesystem::exists(file));
    CHECK(sh("ls " + q(file.parent_path()) + " | grep -c corrupt").out == "1\n");
    CHECK(world.remote_file(kLearnings) == "- kept\n");
}

TEST_CASE("plan_sync shows the change and writes nothing", "[git]") {
    GitWorld world;
    const auto vm = world.clone("vm");
    const std::string objects_before = sh("find " + q(vm) + "/.git -type f | sort").out;
    const auto plan = git::plan_sync(append_request(vm, world.state("vm"), {"- planned"}));
    REQUIRE(plan);
    REQUIRE(plan->files.size() == 1);
    CHECK(plan->files[0].path == kLearnings);
    CHECK_FALSE(plan->files[0].before);
    CHECK(plan->files[0].after == "- planned\n");
    CHECK_THAT(plan->message, Catch::Matchers::StartsWith("context-sync: 1 learnings"));
    CHECK(sh("find " + q(vm) + "/.git -type f | sort").out == objects_before);
    CHECK_FALSE(std::filesystem::exists(vm / ".claude"));
    CHECK_FALSE(std::filesystem::exists(world.state("vm")));
}
