// commit_learnings against real repositories: a bare remote and clones, checked with the git CLI.
#include <catch2/catch.hpp>

#include "../secrets/fake_secrets.hpp"
#include "shell.hpp"
#include "tools/learnings/learnings_file.hpp"
#include "tools/learnings/sync_learnings.hpp"
#include "tools/sessions/sync_state.hpp"

using namespace tools::learnings;
using learn_test::git;
using learn_test::quote;
using learn_test::read_file;
using learn_test::sh;
using learn_test::write_file;
namespace fs = std::filesystem;

namespace {

CommitRequest request_for(const fs::path& clone, const fs::path& state, std::vector<std::string> learnings) {
    CommitRequest request;
    request.project_dir = clone;
    request.state_dir = state;
    request.learnings = std::move(learnings);
    request.machine = "vm";
    request.date = "2026-12-02";
    return request;
}

// Everything a call could write: the work tree and index (status), refs, objects, and the state dir.
std::string snapshot(const fs::path& clone, const fs::path& state) {
    std::string text =
        git(clone, "--no-optional-locks status --porcelain=v1 --untracked-files=all --ignored");
    text += git(clone, "for-each-ref --format='%(refname) %(objectname)'");
    text += sh("cd " + quote(clone / ".git") + " && find objects refs -type f | sort").out;
    text += git(clone, "ls-files --stage --debug");
    text += sh("test -e " + quote(state) + " && find " + quote(state) + " | sort").out;
    return text;
}

// A fake AWS access key id, built at run time so the source holds no key-shaped literal.
std::string fake_aws_key() {
    return secrets_test::join("AKIA", secrets_test::random_chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 7));
}

}  // namespace

TEST_CASE("learnings are committed, pushed and recorded, and repeats change nothing", "[learnings]") {
    learn_test::Remote remote;
    const fs::path vm = remote.clone("vm");
    const fs::path state = remote.root() / "state-vm";
    write_file(vm / "notes.txt", "the user's unstaged work\n");
    write_file(vm / "staged.txt", "the user's staged work\n");
    git(vm, "add staged.txt");
    const std::string user_status = git(vm, "status --porcelain");

    CommitRequest request =
        request_for(vm, state, {"Run `make test` before pushing", "- The API listens on :8080"});
    request.session_ids = {"11111111-aaaa", "22222222-bbbb"};
    request.sync_session_id = "33333333-cccc";
    auto outcome = commit_learnings(request);
    REQUIRE(outcome);
    CHECK(outcome->status == CommitStatus::committed);
    CHECK(outcome->added ==
          std::vector<std::string>{"Run `make test` before pushing", "The API listens on :8080"});
    REQUIRE(outcome->sync);
    CHECK(outcome->sync->pushed);

    // The remote holds exactly one new commit with the three files and the trailers.
    CHECK(git(remote.bare(), "log -1 --format=%s main") == "context-sync: 2 learnings from vm\n");
    const std::string body = git(remote.bare(), "log -1 --format=%B main");
    CHECK(body.find("Session-Id: 11111111-aaaa\nSession-Id: 22222222-bbbb") != std::string::npos);
    CHECK(git(remote.bare(), "show --name-only --format= main") ==
          ".claude/CLAUDE.md\n.claude/learnings.md\n.gitattributes\n");
    CHECK(
        git(remote.bare(), "show main:.claude/learnings.md") ==
        "# Learnings\n\n## 2026-12-02 (vm)\n- Run `make test` before pushing\n- The API listens on :8080\n");
    CHECK(git(remote.bare(), "show main:.gitattributes") == "/.claude/learnings.md merge=union\n");
    CHECK(git(remote.bare(), "show main:.claude/CLAUDE.md").find("\n@learnings.md\n") != std::string::npos);
    CHECK(sh("git -C " + quote(remote.bare()) + " fsck --strict 2>&1").status == 0);
    // The user's own changes are exactly as they were; ours are clean.
    CHECK(git(vm, "status --porcelain") == user_status);

    // The sync is recorded with the sessions it carried and the session that ran it.
    const auto record = tools::sessions::read_sync_record(state, vm);
    CHECK(record.last_sync);
    CHECK(record.synced_sessions == std::vector<std::string>{"11111111-aaaa", "22222222-bbbb"});
    CHECK(record.sync_sessions == std::vector<std::string>{"33333333-cccc"});

    // The same learnings again, reworded only in case and markdown: nothing new, nothing written.
    const std::string before = snapshot(vm, state);
    auto again = commit_learnings(
        request_for(vm, state, {"run make test before pushing.", "the api listens on 8080"}));
    REQUIRE(again);
    CHECK(again->status == CommitStatus::nothing_new);
    CHECK(again->duplicates.size() == 2);
    CHECK(snapshot(vm, state) == before);

    // An empty list is "nothing new" as well.
    auto empty = commit_learnings(request_for(vm, state, {}));
    REQUIRE(empty);
    CHECK(empty->status == CommitStatus::nothing_new);
}

TEST_CASE("a dry run writes nothing and shows exactly the diff the commit makes", "[learnings]") {
    learn_test::Remote remote;
    const fs::path vm = remote.clone("vm");
    const fs::path state = remote.root() / "state-vm";
    write_file(vm / "CLAUDE.md", "# App\nHand-written instructions.\n");
    write_file(vm / ".gitattributes", "*.png binary\n");
    git(vm, "add CLAUDE.md .gitattributes");
    git(vm, "commit -q -m 'project files'");

    const std::string before = snapshot(vm, state);
    CommitRequest request = request_for(vm, state, {"Deploys go through `make release`"});
    request.dry_run = true;
    auto planned = commit_learnings(request);
    REQUIRE(planned);
    CHECK(planned->status == CommitStatus::planned);
    CHECK(snapshot(vm, state) == before);
    CHECK_FALSE(fs::exists(state));
    CHECK(planned->message == "context-sync: 1 learnings from vm\n");
    REQUIRE(planned->files.size() == 3);

    // Commit for real, and compare each dry-run diff with git's diff of the commit.
    auto committed = commit_learnings(request_for(vm, state, {"Deploys go through `make release`"}));
    REQUIRE(committed);
    REQUIRE(committed->status == CommitStatus::committed);
    for (const FileDiff& file : planned->files) {
        std::string expected =
            git(vm, "diff --no-color --no-indent-heuristic HEAD~1 HEAD -- " + quote(file.path));
        expected = expected.substr(expected.find("--- "));
        INFO(file.path);
        CHECK(file.diff == expected);
    }
    const std::string claude = read_file(vm / "CLAUDE.md");
    CHECK(claude.starts_with("# App\nHand-written instructions.\n\n## Accumulated Learnings\n"));
    CHECK(claude.ends_with("@.claude/learnings.md\n"));
    CHECK(read_file(vm / ".gitattributes") == "*.png binary\n/.claude/learnings.md merge=union\n");

    // A later commit touches only the learnings file: the directive and the attribute are there once.
    auto later = commit_learnings(request_for(vm, state, {"Another one"}));
    REQUIRE(later);
    CHECK(git(vm, "show --name-only --format= HEAD") == ".claude/learnings.md\n");
}

TEST_CASE("a learning holding a secret refuses the call and writes nothing", "[learnings]") {
    learn_test::Remote remote;
    const fs::path vm = remote.clone("vm");
    const fs::path state = remote.root() / "state-vm";
    const std::string key = fake_aws_key();
    const std::string before = snapshot(vm, state);
    auto refused = commit_learnings(request_for(vm, state, {"harmless", "The deploy key is " + key}));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == tools::ErrorCode::refused);
    CHECK_THAT(refused.error().message, Catch::Contains("learning 2"));
    CHECK_THAT(refused.error().message, Catch::Contains("aws"));
    CHECK_THAT(refused.error().message, Catch::Contains("Reword"));
    CHECK(refused.error().message.find(key) == std::string::npos);
    CHECK(refused.error().message.find(key.substr(4)) == std::string::npos);
    CHECK(snapshot(vm, state) == before);
    CHECK(git(remote.bare(), "rev-list --count main") == "1\n");
}

TEST_CASE("a bad learning is refused by position and reason", "[learnings]") {
    learn_test::Remote remote;
    const fs::path vm = remote.clone("vm");
    const fs::path state = remote.root() / "state-vm";
    const std::string before = snapshot(vm, state);
    auto refused = commit_learnings(request_for(vm, state, {"fine", "## A heading"}));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == tools::ErrorCode::invalid_argument);
    CHECK_THAT(refused.error().message, Catch::Contains("learning 2") && Catch::Contains("heading"));
    auto too_long = commit_learnings(request_for(vm, state, {std::string(501, 'a')}));
    REQUIRE_FALSE(too_long);
    CHECK_THAT(too_long.error().message, Catch::Contains("learning 1") && Catch::Contains("500"));
    CHECK(snapshot(vm, state) == before);
}

TEST_CASE("two machines syncing one after the other both keep their learnings", "[learnings]") {
    learn_test::Remote remote;
    const fs::path vm = remote.clone("vm");
    const fs::path laptop = remote.clone("laptop");
    REQUIRE(commit_learnings(request_for(vm, remote.root() / "state-vm", {"from the vm", "shared fact"})));
    CommitRequest second =
        request_for(laptop, remote.root() / "state-laptop", {"from the laptop", "Shared fact!"});
    second.machine = "laptop";
    auto outcome = commit_learnings(second);
    REQUIRE(outcome);
    REQUIRE(outcome->status == CommitStatus::committed);
    CHECK(outcome->sync->pushed);
    CHECK(outcome->added == std::vector<std::string>{"from the laptop"});
    const std::string file = git(remote.bare(), "show main:.claude/learnings.md");
    const auto sections = parse_sections(file);
    REQUIRE(sections.size() == 2);
    CHECK(sections[0].machine == "laptop");
    CHECK(sections[0].items == std::vector<std::string>{"from the laptop"});
    CHECK(sections[1].items == std::vector<std::string>{"from the vm", "shared fact"});
    CHECK(git(remote.bare(), "rev-list --merges --count main") == "0\n");
    CHECK(read_file(laptop / ".claude/learnings.md") == file);
}
