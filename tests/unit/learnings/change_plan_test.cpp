#include "tools/learnings/change_plan.hpp"

#include <catch2/catch.hpp>
#include <map>

#include "tools/learnings/learnings_file.hpp"

using namespace tools::learnings;

namespace {

struct Files {
    std::map<std::string, std::string, std::less<>> files;
    FileSource source() const {
        return [this](std::string_view path) -> tools::Result<std::optional<std::string>> {
            const auto it = files.find(path);
            return it == files.end() ? std::optional<std::string>() : std::optional<std::string>(it->second);
        };
    }
};

ChangeInput input(std::vector<std::string> items, std::string prefix = "") {
    return {std::move(items), "2026-12-02", "vm", std::move(prefix)};
}

const ChangedFile* find(const ChangePlan& plan, const std::string& path) {
    for (const auto& file : plan.files) {
        if (file.path == path) {
            return &file;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("a project without learnings gets the file, the directive and the attribute", "[learnings]") {
    Files repo;
    auto plan = plan_change(input({"Use uv", "Tests need docker"}), repo.source());
    REQUIRE(plan);
    CHECK(plan->added == std::vector<std::string>{"Use uv", "Tests need docker"});
    REQUIRE(plan->files.size() == 3);
    const ChangedFile* learnings = find(*plan, ".claude/learnings.md");
    REQUIRE(learnings);
    CHECK_FALSE(learnings->before);
    CHECK(learnings->after == "# Learnings\n\n## 2026-12-02 (vm)\n- Use uv\n- Tests need docker\n");
    const ChangedFile* claude = find(*plan, ".claude/CLAUDE.md");
    REQUIRE(claude);
    CHECK(claude->after.ends_with("\n@learnings.md\n"));
    CHECK_FALSE(find(*plan, "CLAUDE.md"));
    const ChangedFile* attributes = find(*plan, ".gitattributes");
    REQUIRE(attributes);
    CHECK(attributes->after == "/.claude/learnings.md merge=union\n");
}

TEST_CASE("the directive goes into the CLAUDE.md that exists, once", "[learnings]") {
    Files repo;
    repo.files["CLAUDE.md"] = "# App\nRun make test.\n";
    repo.files[".gitattributes"] = "*.png binary\n/.claude/learnings.md merge=union\n";
    auto plan = plan_change(input({"a"}), repo.source());
    REQUIRE(plan);
    const ChangedFile* claude = find(*plan, "CLAUDE.md");
    REQUIRE(claude);
    CHECK(claude->after.starts_with("# App\nRun make test.\n\n## Accumulated Learnings\n"));
    CHECK(claude->after.ends_with("\n@.claude/learnings.md\n"));
    CHECK_FALSE(find(*plan, ".claude/CLAUDE.md"));
    CHECK_FALSE(find(*plan, ".gitattributes"));

    // Applied, the next plan changes only the learnings file.
    for (const auto& file : plan->files) {
        repo.files[file.path] = file.after;
    }
    auto next = plan_change(input({"b"}), repo.source());
    REQUIRE(next);
    REQUIRE(next->files.size() == 1);
    CHECK(next->files[0].path == ".claude/learnings.md");
    CHECK(next->files[0].after.find("- a\n- b\n") != std::string::npos);

    SECTION("a directive in .claude/CLAUDE.md counts too") {
        Files other;
        other.files["CLAUDE.md"] = "# App\n";
        other.files[".claude/CLAUDE.md"] = "## Accumulated Learnings\n@learnings.md\n";
        auto third = plan_change(input({"c"}), other.source());
        REQUIRE(third);
        CHECK_FALSE(find(*third, "CLAUDE.md"));
        CHECK_FALSE(find(*third, ".claude/CLAUDE.md"));
    }
}

TEST_CASE("learnings the file holds are skipped and reported", "[learnings]") {
    Files repo;
    repo.files[".claude/learnings.md"] =
        "# Learnings\n\n## 2026-12-01 (laptop)\n- Run `make test` before pushing.\n\n## Hand notes\n* Use "
        "tabs\n";
    repo.files[".claude/CLAUDE.md"] = "## Accumulated Learnings\n@learnings.md\n";
    repo.files[".gitattributes"] = "/.claude/learnings.md merge=union\n";
    SECTION("only duplicates: nothing changes") {
        auto plan =
            plan_change(input({"run make test before pushing", "**use TABS**", "Use tabs."}), repo.source());
        REQUIRE(plan);
        CHECK(plan->added.empty());
        CHECK(plan->duplicates.size() == 3);
        CHECK(plan->files.empty());
    }
    SECTION("new ones are added, repeats within the call once") {
        auto plan = plan_change(input({"New thing", "new thing!", "Use tabs"}), repo.source());
        REQUIRE(plan);
        CHECK(plan->added == std::vector<std::string>{"New thing"});
        CHECK(plan->duplicates == std::vector<std::string>{"new thing!", "Use tabs"});
        REQUIRE(plan->files.size() == 1);
        const auto sections = parse_sections(plan->files[0].after);
        REQUIRE(sections.size() == 3);
        CHECK(sections[0].heading == "2026-12-02 (vm)");
        CHECK(sections[2].heading == "Hand notes");
    }
}

TEST_CASE("a project below the work tree's top keeps its files in its own directory", "[learnings]") {
    Files repo;
    auto plan = plan_change(input({"x"}, "services/api/"), repo.source());
    REQUIRE(plan);
    CHECK(find(*plan, "services/api/.claude/learnings.md"));
    CHECK(find(*plan, "services/api/.claude/CLAUDE.md"));
    CHECK(find(*plan, "services/api/.gitattributes"));
}

TEST_CASE("an oversized learnings file is refused", "[learnings]") {
    Files repo;
    repo.files[".claude/learnings.md"] = std::string(kMaxProjectFileBytes + 1, 'x');
    auto plan = plan_change(input({"x"}), repo.source());
    REQUIRE_FALSE(plan);
    CHECK_THAT(plan.error().message, Catch::Contains(".claude/learnings.md"));
}

TEST_CASE("the commit message names the count, the machine and the sessions", "[learnings]") {
    CHECK(commit_message(2, "vm", {}) == "context-sync: 2 learnings from vm\n");
    CHECK(commit_message(1, "laptop", {"abc", "def"}) ==
          "context-sync: 1 learnings from laptop\n\nSession-Id: abc\nSession-Id: def\n");
}
