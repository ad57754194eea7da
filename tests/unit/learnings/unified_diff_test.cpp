#include "tools/learnings/unified_diff.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "shell.hpp"

using learn_test::quote;
using learn_test::sh;
using learn_test::write_file;
using tools::learnings::unified_diff;

namespace {

// GNU diff's unified output for the same two texts, with git's a/ b/ labels.
std::string gnu_diff(const test_support::TempDir& temp, const std::optional<std::string>& before,
                     const std::optional<std::string>& after, const std::string& path) {
    write_file(temp.path() / "before", before.value_or(""));
    write_file(temp.path() / "after", after.value_or(""));
    const std::string old_label = before ? "a/" + path : "/dev/null";
    const std::string new_label = after ? "b/" + path : "/dev/null";
    return sh("diff -u --minimal --label " + quote(old_label) + " --label " + quote(new_label) + " " +
              quote(temp.path() / "before") + " " + quote(temp.path() / "after"))
        .out;
}

std::size_t count_changes(const std::string& diff) {
    std::size_t count = 0;
    std::size_t start = 0;
    while (start < diff.size()) {
        const std::size_t end = diff.find('\n', start);
        const std::string_view line(diff.data() + start,
                                    (end == std::string::npos ? diff.size() : end) - start);
        if ((line.starts_with("+") && !line.starts_with("+++ ")) ||
            (line.starts_with("-") && !line.starts_with("--- "))) {
            ++count;
        }
        start = end == std::string::npos ? diff.size() : end + 1;
    }
    return count;
}

}  // namespace

TEST_CASE("unified diffs match diff -u where the change is unambiguous", "[learnings]") {
    test_support::TempDir temp;
    struct Case {
        std::optional<std::string> before;
        std::optional<std::string> after;
    };
    std::string long_file;
    for (int i = 1; i <= 40; ++i) {
        long_file += "line " + std::to_string(i) + "\n";
    }
    std::string long_changed = long_file;
    long_changed.replace(long_changed.find("line 5\n"), 7, "line five\n");
    long_changed.replace(long_changed.find("line 30\n"), 8, "line thirty\nextra\n");
    std::string near_changed = long_file;
    near_changed.replace(near_changed.find("line 10\n"), 8, "ten\n");
    near_changed.replace(near_changed.find("line 16\n"), 8, "sixteen\n");
    for (const Case& c : {
             Case{std::nullopt, std::string("# Learnings\n\n## 2026-12-02 (vm)\n- a\n")},
             Case{std::string("a\nb\nc\n"), std::nullopt},
             Case{std::string("# Learnings\n\n## 2026-12-01 (vm)\n- old\n"),
                  std::string("# Learnings\n\n## 2026-12-01 (vm)\n- old\n- new\n")},
             Case{std::string("*.png binary"),
                  std::string("*.png binary\n/.claude/learnings.md merge=union\n")},
             Case{std::string("x\ny"), std::string("x\nz")},
             Case{long_file, long_changed},
             Case{long_file, near_changed},
             Case{std::string(""), std::string("one\n")},
         }) {
        const std::string mine = unified_diff(".claude/learnings.md", c.before, c.after);
        INFO(mine);
        CHECK(mine == gnu_diff(temp, c.before, c.after, ".claude/learnings.md"));
    }
    CHECK(unified_diff("f", std::string("same\n"), std::string("same\n")).empty());
}

TEST_CASE("unified diffs are minimal and git apply turns before into after", "[learnings]") {
    test_support::TempDir temp;
    std::mt19937 random(20261202);
    const std::vector<std::string> alphabet = {"a\n", "b\n", "c\n", "\n", "- item\n", "## 2026-12-02 (vm)\n"};
    for (int round = 0; round < 40; ++round) {
        std::string before;
        std::vector<std::string> lines;
        const int count = static_cast<int>(random() % 30);
        for (int i = 0; i < count; ++i) {
            lines.push_back(alphabet[random() % alphabet.size()]);
        }
        for (const auto& line : lines) {
            before += line;
        }
        for (int edit = 0; edit < 4; ++edit) {
            const std::size_t at = lines.empty() ? 0 : random() % (lines.size() + 1);
            if (random() % 2 == 0 && at < lines.size()) {
                lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(at));
            } else {
                lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at),
                             alphabet[random() % alphabet.size()]);
            }
        }
        std::string after;
        for (const auto& line : lines) {
            after += line;
        }
        if (random() % 5 == 0 && !after.empty()) {
            after.pop_back();  // no newline at the end
        }
        const std::string mine = unified_diff("file.md", before, after);
        INFO("before:\n" << before << "after:\n" << after << "diff:\n" << mine);
        CHECK(count_changes(mine) == count_changes(gnu_diff(temp, before, after, "file.md")));
        if (mine.empty()) {
            CHECK(before == after);
            continue;
        }
        const std::filesystem::path work = temp.path() / ("round" + std::to_string(round));
        write_file(work / "file.md", before);
        write_file(work / "change.patch", mine);
        const auto applied = sh("cd " + quote(work) + " && git apply --unidiff-zero change.patch 2>&1");
        INFO(applied.out);
        REQUIRE(applied.status == 0);
        CHECK(learn_test::read_file(work / "file.md") == after);
    }
}
