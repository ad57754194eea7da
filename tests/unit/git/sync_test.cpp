// Several machines syncing through one remote: replays onto a moved remote, the user's local edits,
// and three clones pushing at once.
#include "tools/git/sync.hpp"

#include <catch2/catch.hpp>
#include <thread>

#include "git_world.hpp"
#include "tools/git/pending.hpp"

using namespace git_test;
namespace git = tools::git;

namespace {

git::SyncRequest machine_request(const std::filesystem::path& dir, const std::filesystem::path& state,
                                 std::vector<std::string> lines, const std::string& machine = "vm") {
    git::SyncRequest r;
    r.repo_dir = dir;
    r.build = append_lines(kLearnings, std::move(lines));
    r.message = [machine](const std::vector<git::FileUpdate>& files) {
        return "context-sync: learnings from " + machine + " (" + std::to_string(files.size()) + " files)\n";
    };
    r.state_dir = state;
    return r;
}

}  // namespace

TEST_CASE("a remote that moved on gets the change replayed on its tip: the work tree follows", "[git]") {
    GitWorld world;
    const auto vm = world.clone("vm");
    const auto laptop = world.clone("laptop");
    REQUIRE(
        git::commit_and_push(machine_request(laptop, world.state("laptop"), {"- from the laptop"}, "laptop"))
            ->pushed);
    // The laptop also changed a file the vm has not touched.
    must("cd " + q(laptop) + " && echo three >> notes.txt && git commit -qam 'laptop notes' && git push -q");
    // The vm's user has unrelated staged and unstaged work.
    write_file(vm / "README.md", "# project\nstaged\n");
    must("git -C " + q(vm) + " add README.md");
    write_file(vm / "scratch.txt", "untracked\n");

    const auto result =
        git::commit_and_push(machine_request(vm, world.state("vm"), {"- from the vm", "- from the laptop"}));
    REQUIRE(result);
    CHECK(result->pushed);
    CHECK(result->replayed);
    REQUIRE(result->commit);
    CHECK(*result->commit == must("git -C " + q(vm) + " rev-parse HEAD"));
    const std::string remote_learnings = world.remote_file(kLearnings);
    CHECK(count_lines(remote_learnings, "- from the laptop") == 1);
    CHECK(count_lines(remote_learnings, "- from the vm") == 1);
    // The branch, index and work tree follow the remote like `git pull --rebase --autostash` would.
    CHECK(must("git -C " + q(vm) + " rev-parse HEAD") ==
          must("git -C " + q(world.remote()) + " rev-parse main"));
    CHECK(read_file(vm / kLearnings) == remote_learnings);
    CHECK(read_file(vm / "notes.txt") == "one\ntwo\nthree\n");
    CHECK(must("git -C " + q(vm) + " status --porcelain=v1") == "M  README.md\n?? scratch.txt");
    CHECK(must("git -C " + q(world.remote()) + " rev-list --merges --count main") == "0");
    CHECK(must("git -C " + q(vm) + " log -1 --format=%s") == "context-sync: learnings from vm (1 files)");
    must("git -C " + q(vm) + " fsck --strict");
    must("git -C " + q(world.remote()) + " fsck --strict");
}

TEST_CASE("when the remote changed a file the user is editing, nothing moves and the push waits", "[git]") {
    GitWorld world;
    const auto vm = world.clone("vm");
    const auto laptop = world.clone("laptop");
    must("cd " + q(laptop) + " && echo laptop >> notes.txt && git commit -qam 'laptop notes' && git push -q");
    write_file(vm / "notes.txt", "ONE (my edit in progress)\ntwo\n");
    const std::string vm_head = must("git -C " + q(vm) + " rev-parse HEAD");

    const auto result = git::commit_and_push(machine_request(vm, world.state("vm"), {"- from the vm"}));
    REQUIRE(result);
    CHECK_FALSE(result->pushed);
    CHECK(result->pending);
    CHECK(result->problem == git::PushProblem::local_changes);
    CHECK_THAT(result->push_status, Catch::Matchers::Contains("notes.txt"));
    CHECK_THAT(result->push_status, Catch::Matchers::Contains("git pull --rebase"));
    CHECK(read_file(vm / "notes.txt") == "ONE (my edit in progress)\ntwo\n");
    CHECK(must("git -C " + q(vm) + " rev-parse HEAD^") == vm_head);
    CHECK(must("git -C " + q(vm) + " status --porcelain=v1") == " M notes.txt");
    CHECK(world.remote_file(kLearnings).empty());
    CHECK(git::read_pending(world.state("vm"), vm).commits.size() == 1);

    // The user finishes: commits nothing of theirs yet but stashes, pulls, and asks for the push.
    must("cd " + q(vm) + " && git stash -q && git pull -q --rebase && git stash pop -q");
    const auto pushed = git::push_pending(vm, world.state("vm"));
    REQUIRE(pushed);
    CHECK(pushed->pushed);
    CHECK(world.remote_file(kLearnings) == "- from the vm\n");
    CHECK(git::read_pending(world.state("vm"), vm).commits.empty());
}

TEST_CASE("the user's own unpushed commits are never published by context-sync", "[git]") {
    GitWorld world;
    const auto vm = world.clone("vm");
    must("cd " + q(vm) + " && echo mine >> notes.txt && git commit -qam 'my own work'");
    const auto result = git::commit_and_push(machine_request(vm, world.state("vm"), {"- learned"}));
    REQUIRE(result);
    CHECK_FALSE(result->pushed);
    CHECK(result->problem == git::PushProblem::own_commits);
    CHECK(must("git -C " + q(world.remote()) + " rev-list --count main") == "1");
    // Once the user pushed their work (and with it the learnings commit above it), nothing is pending.
    must("git -C " + q(vm) + " push -q");
    const auto pending = git::push_pending(vm, world.state("vm"));
    REQUIRE(pending);
    CHECK(pending->pushed);
    CHECK(world.remote_file(kLearnings) == "- learned\n");
}

TEST_CASE("three machines commit and push at once for 20 rounds: every change once, linear history",
          "[git]") {
    GitWorld world;
    const std::vector<std::string> names = {"vm", "laptop", "phone"};
    std::vector<std::filesystem::path> dirs;
    for (const auto& name : names) {
        dirs.push_back(world.clone(name));
    }
    constexpr int kRounds = 20;
    std::vector<std::string> failures(names.size());
    std::vector<std::thread> threads;
    for (std::size_t m = 0; m < names.size(); ++m) {
        threads.emplace_back([&, m] {
            for (int round = 0; round < kRounds; ++round) {
                const std::string line = "- " + names[m] + " round " + std::to_string(round);
                auto result =
                    git::commit_and_push(machine_request(dirs[m], world.state(names[m]), {line}, names[m]));
                if (!result) {
                    failures[m] += result.error().message + "\n";
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (const auto& f : failures) {
        CHECK(f.empty());
    }
    // Whatever lost every race is pending and delivered now.
    for (std::size_t m = 0; m < names.size(); ++m) {
        for (int i = 0; i < 5 && !git::read_pending(world.state(names[m]), dirs[m]).commits.empty(); ++i) {
            auto result = git::push_pending(dirs[m], world.state(names[m]));
            REQUIRE(result);
        }
        CHECK(git::read_pending(world.state(names[m]), dirs[m]).commits.empty());
    }
    const std::string remote_learnings = world.remote_file(kLearnings);
    for (const auto& name : names) {
        for (int round = 0; round < kRounds; ++round) {
            const std::string line = "- " + name + " round " + std::to_string(round);
            INFO(line);
            CHECK(count_lines(remote_learnings, line) == 1);
        }
    }
    CHECK(count_lines(remote_learnings, "") == 0);
    CHECK(must("git -C " + q(world.remote()) + " rev-list --merges --count main") == "0");
    CHECK(must("git -C " + q(world.remote()) + " rev-list --min-parents=2 --count main") == "0");
    must("git -C " + q(world.remote()) + " fsck --strict");
    for (const auto& dir : dirs) {
        must("git -C " + q(dir) + " fsck --strict");
        CHECK(must("git -C " + q(dir) + " status --porcelain=v1").empty());
    }
    // Every update of the remote's main was a fast-forward (receive.denyNonFastForwards would have
    // refused anything else): its reflog-free history is one chain from the seed.
    CHECK(must("git -C " + q(world.remote()) + " rev-list --first-parent --count main") ==
          must("git -C " + q(world.remote()) + " rev-list --count main"));
}
