// The index after a commit, patched in place or through libgit2, checked with the git command: the
// user's staged entries and the index extensions kept, the cache tree invalidated where it must be,
// racily clean entries smudged, another program's index.lock respected.
#include <git2.h>
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>

#include "git_world.hpp"
#include "tools/git/index_file.hpp"
#include "tools/git/index_update.hpp"
#include "tools/git/sync.hpp"

using namespace git_test;
namespace git = tools::git;

namespace {

std::string in(const std::filesystem::path& dir, const std::string& command) {
    return must("cd " + q(dir) + " && " + command);
}

// A clone whose HEAD holds the learnings file (so the next commit patches the index in place) and
// whose user has a staged change, an unstaged one and an untracked file.
std::filesystem::path user_repo(GitWorld& world) {
    const auto vm = world.clone("vm");
    in(vm, "mkdir -p .claude src/a/b && echo '- first' > " + kLearnings +
               " && echo x > src/a/b/x.txt && echo y > src/a/y.txt && git add . && git commit -qm base");
    in(vm,
       "echo 'staged edit' >> README.md && git add README.md && echo unstaged >> notes.txt && "
       "echo new > scratch.txt");
    return vm;
}

std::vector<std::string> extensions_of(const std::filesystem::path& dir) {
    auto raw = git::read_index_file(dir / ".git" / "index");
    REQUIRE(raw);
    REQUIRE(*raw);
    const auto layout = git::parse_index((*raw)->bytes, [](const git::IndexEntryView&) {});
    REQUIRE(layout);
    std::vector<std::string> names;
    for (const auto& ext : layout->extensions) {
        names.emplace_back(ext.signature);
    }
    return names;
}

tools::Result<git::SyncResult> commit_line(const std::filesystem::path& dir, GitWorld& world,
                                           const std::string& line) {
    return git::commit_and_push(append_request(dir, world.state("vm"), {line}, /*push=*/false));
}

// The entries of `git ls-files -s`, but for `skip`.
std::string staged_except(const std::filesystem::path& dir, const std::string& skip) {
    return in(dir, "git ls-files -s | grep -v " + quote("\t" + skip + "$") + " || true");
}

}  // namespace

TEST_CASE("a commit patches the index in place and keeps staged entries and extensions as git expects",
          "[git]") {
    GitWorld world;
    const auto vm = user_repo(world);
    const std::string index_version = GENERATE("2", "4");
    // The cache tree, the untracked cache and the end-of-entries marker, all written by git.
    in(vm,
       "git update-index --index-version " + index_version +
           " && git config core.untrackedCache true && git config index.recordEndOfIndexEntries true && "
           "git write-tree >/dev/null && git status -s >/dev/null && git update-index --force-write-index");
    const std::vector<std::string> extensions = extensions_of(vm);
    CHECK(std::find(extensions.begin(), extensions.end(), "TREE") != extensions.end());
    CHECK(std::find(extensions.begin(), extensions.end(), "UNTR") != extensions.end());
    CHECK(extensions.back() == "EOIE");
    const std::string status_before = in(vm, "git status --porcelain=v1");
    const std::string cached_before = in(vm, "git diff --cached");
    const std::string others_before = staged_except(vm, kLearnings);

    const auto result = commit_line(vm, world, "- patched in place");
    REQUIRE(result);
    REQUIRE(result->commit);
    CHECK(in(vm, "git status --porcelain=v1") == status_before);
    CHECK(in(vm, "git diff --cached") == cached_before);
    CHECK(staged_except(vm, kLearnings) == others_before);
    CHECK(in(vm, "git ls-files -s " + kLearnings + " | cut -d' ' -f2") ==
          in(vm, "git rev-parse HEAD:" + kLearnings));
    CHECK(extensions_of(vm) == extensions);
    in(vm, "git fsck --strict --no-dangling");
    // A stale cache tree would make git write the old learnings file into the next tree.
    CHECK(in(vm, "git ls-tree -r $(git write-tree) | awk '{print $1, $3, $4}'") ==
          in(vm, "git ls-files -s | awk '{print $1, $2, $4}'"));
    // git rewrites the same index with the same extensions: its end-of-entries marker must equal ours.
    const std::string ours = in(vm, "tail -c 52 .git/index | head -c 32 | od -An -tx1");
    in(vm, "cp .git/index idx-copy && GIT_INDEX_FILE=idx-copy git update-index --force-write-index");
    CHECK(in(vm, "tail -c 52 idx-copy | head -c 32 | od -An -tx1") == ours);
}

TEST_CASE("an entry racily clean against the old index is smudged when its file changed", "[git]") {
    GitWorld world;
    const auto vm = user_repo(world);
    // Only mtime seconds and size count, so a same-size edit within the index's second looks clean to
    // git once a newer index is written, unless that write smudged the entry. The second is in the past,
    // so the new index is surely newer.
    in(vm,
       "git config core.checkStat minimal && git config core.trustctime false && "
       "stamp=$(($(date +%s) - 10)) && echo aaaa > racy.txt && touch -m -d @$stamp racy.txt && "
       "git add racy.txt && git commit -qm racy && echo bbbb > racy.txt && touch -m -d @$stamp racy.txt && "
       "touch -m -d @$stamp .git/index");

    const auto result = commit_line(vm, world, "- racy neighbour");
    REQUIRE(result);
    REQUIRE(result->commit);
    CHECK_THAT(in(vm, "git status --porcelain=v1"), Catch::Matchers::Contains(" M racy.txt"));
    CHECK(in(vm, "git diff racy.txt | grep '^+bbbb'") == "+bbbb");
}

TEST_CASE("the in-place patch leaves new paths to libgit2 and never takes another program's lock", "[git]") {
    GitWorld world;
    const auto vm = user_repo(world);
    git_repository* raw = nullptr;
    REQUIRE(git_repository_open(&raw, vm.c_str()) == 0);
    const git::RepoPtr repo(raw);
    const std::string before = read_file(vm / ".git" / "index");
    git::IndexChange change{"brand-new.txt", git_oid{}, {}};
    write_file(vm / "brand-new.txt", "new\n");
    REQUIRE(::lstat((vm / "brand-new.txt").c_str(), &change.st) == 0);

    SECTION("a path without an entry: nothing written, libgit2 adds it") {
        const auto patched = git::patch_index_in_place(repo.get(), {change});
        REQUIRE(patched);
        CHECK_FALSE(*patched);
        CHECK(read_file(vm / ".git" / "index") == before);
        CHECK_FALSE(std::filesystem::exists(vm / ".git" / "index.lock"));
        REQUIRE(git_blob_create_from_buffer(&*change.id, repo.get(), "new\n", 4) == 0);
        REQUIRE(git::update_index(repo.get(), {change}));
        CHECK(in(vm, "git status --porcelain=v1 brand-new.txt") == "A  brand-new.txt");
    }
    SECTION("index.lock held by another program: refused, and its lock stays") {
        write_file(vm / ".git" / "index.lock", "");
        change.path = "notes.txt";
        const auto patched = git::patch_index_in_place(repo.get(), {change});
        REQUIRE_FALSE(patched);
        CHECK_THAT(patched.error().message, Catch::Matchers::Contains("index.lock"));
        CHECK(std::filesystem::exists(vm / ".git" / "index.lock"));
        CHECK(read_file(vm / ".git" / "index") == before);
    }
}
