#include "tools/learnings/learnings_file.hpp"

#include <catch2/catch.hpp>

#include "tools/learnings/claude_md.hpp"
#include "tools/learnings/learning_item.hpp"

using namespace tools::learnings;

TEST_CASE("a learning is one markdown list item", "[learnings]") {
    CHECK(*validate_learning("  Use `uv run` for scripts  ") == "Use `uv run` for scripts");
    CHECK(*validate_learning("- Use uv") == "Use uv");
    CHECK(*validate_learning("* Use uv\n") == "Use uv");
    CHECK(*validate_learning(std::string(500, 'x')) == std::string(500, 'x'));
    // 500 two-byte characters are 500 characters, not 1000.
    std::string accents;
    for (int i = 0; i < 500; ++i) {
        accents += "\xc3\xa9";
    }
    CHECK(validate_learning(accents));

    struct Bad {
        std::string text;
        std::string reason;
    };
    for (const Bad& bad :
         {Bad{"", "empty"}, Bad{"- ", "empty"}, Bad{"line one\nline two", "one line"},
          Bad{"a\r\nb", "one line"}, Bad{"# Heading", "heading"}, Bad{"## Section", "heading"},
          Bad{"- ### Section", "heading"}, Bad{std::string(501, 'x'), "501"}, Bad{"```bash", "fence"},
          Bad{"---", "rule"}, Bad{"bell\x07", "control"}, Bad{"bad \xff utf8", "UTF-8"}}) {
        auto result = validate_learning(bad.text);
        INFO(bad.text);
        REQUIRE_FALSE(result);
        CHECK(result.error().code == tools::ErrorCode::invalid_argument);
        CHECK_THAT(result.error().message, Catch::Contains(bad.reason));
    }
}

TEST_CASE("duplicates are equal after normalising case, whitespace, punctuation and markdown",
          "[learnings]") {
    const std::string key = normalize_learning("Run `alembic upgrade head` before starting uvicorn.");
    CHECK(key == "run alembic upgrade head before starting uvicorn");
    CHECK(normalize_learning("**Run**  alembic upgrade   head before starting Uvicorn") == key);
    CHECK(normalize_learning("run alembic upgrade head, before starting uvicorn!") == key);
    CHECK(normalize_learning("_Run_ alembic upgrade head before starting [uvicorn](https://uvicorn.org)") ==
          key);
    CHECK(normalize_learning("Don't push to main") == normalize_learning("dont push to main"));
    CHECK(normalize_learning("run alembic downgrade head before starting uvicorn") != key);
    CHECK(normalize_learning("Café au lait") == "café au lait");
}

TEST_CASE("adding learnings to an empty file creates it in the format", "[learnings]") {
    const std::string text = add_learnings("", "2026-12-02", "vm", {"first", "second"});
    CHECK(text == "# Learnings\n\n## 2026-12-02 (vm)\n- first\n- second\n");
    const auto sections = parse_sections(text);
    REQUIRE(sections.size() == 1);
    CHECK(sections[0].date == "2026-12-02");
    CHECK(sections[0].machine == "vm");
    CHECK(sections[0].items == std::vector<std::string>{"first", "second"});
}

TEST_CASE("the newest section goes first and a same-day section is extended", "[learnings]") {
    const std::string start =
        "# Learnings\n"
        "Intro written by hand.\n"
        "\n"
        "## 2026-12-01 (laptop)\n"
        "- older\n"
        "\n"
        "## Conventions\n"
        "- hand-written item\n"
        "unknown text\n";
    const std::string next = add_learnings(start, "2026-12-02", "vm", {"newer"});
    CHECK(next ==
          "# Learnings\n"
          "Intro written by hand.\n"
          "\n"
          "## 2026-12-02 (vm)\n"
          "- newer\n"
          "\n"
          "## 2026-12-01 (laptop)\n"
          "- older\n"
          "\n"
          "## Conventions\n"
          "- hand-written item\n"
          "unknown text\n");
    // Another item the same day from the same machine extends that section, even below another one.
    const std::string phone = add_learnings(next, "2026-12-02", "phone", {"from the phone"});
    const std::string again = add_learnings(phone, "2026-12-02", "vm", {"newest"});
    const auto sections = parse_sections(again);
    REQUIRE(sections.size() == 4);
    CHECK(sections[0].machine == "phone");
    CHECK(sections[1].machine == "vm");
    CHECK(sections[1].items == std::vector<std::string>{"newer", "newest"});
    CHECK(sections[2].machine == "laptop");
    CHECK(sections[3].heading == "Conventions");
    CHECK_FALSE(sections[3].date);
    CHECK(sections[3].items == std::vector<std::string>{"hand-written item"});
    CHECK(again.find("unknown text\n") != std::string::npos);
    CHECK(again.find("Intro written by hand.\n") != std::string::npos);
}

TEST_CASE("hand-written files keep every byte they had", "[learnings]") {
    SECTION("no dated section: the new one goes at the end") {
        const std::string hand = "# Notes\n\n## Conventions\n- tabs, not spaces";
        const std::string next = add_learnings(hand, "2026-12-02", "vm", {"x"});
        CHECK(next == hand + "\n\n## 2026-12-02 (vm)\n- x\n");
    }
    SECTION("CRLF files stay CRLF") {
        const std::string crlf = "# Learnings\r\n\r\n## 2026-12-01 (vm)\r\n- a\r\n";
        CHECK(add_learnings(crlf, "2026-12-01", "vm", {"b"}) ==
              "# Learnings\r\n\r\n## 2026-12-01 (vm)\r\n- a\r\n- b\r\n");
        CHECK(add_learnings(crlf, "2026-12-02", "vm", {"b"}) ==
              "# Learnings\r\n\r\n## 2026-12-02 (vm)\r\n- b\r\n\r\n## 2026-12-01 (vm)\r\n- a\r\n");
    }
    SECTION("fenced blocks are text") {
        const std::string fenced = "## 2026-12-01 (vm)\n- a\n```\n## 2026-12-02 (vm)\n- not an item\n```\n";
        const auto sections = parse_sections(fenced);
        REQUIRE(sections.size() == 1);
        CHECK(sections[0].items == std::vector<std::string>{"a"});
        CHECK(all_items(fenced) == std::vector<std::string>{"a"});
    }
    SECTION("round trip: parse what was written") {
        std::string text;
        for (int day = 1; day <= 5; ++day) {
            const std::string date = "2026-12-0" + std::to_string(day);
            text = add_learnings(text, date, day % 2 == 0 ? "vm" : "laptop", {"item " + std::to_string(day)});
        }
        const auto sections = parse_sections(text);
        REQUIRE(sections.size() == 5);
        for (std::size_t i = 0; i < sections.size(); ++i) {
            CHECK(sections[i].date == "2026-12-0" + std::to_string(5 - i));
            CHECK(sections[i].items == std::vector<std::string>{"item " + std::to_string(5 - i)});
        }
    }
}

TEST_CASE("machine names fit a heading", "[learnings]") {
    CHECK(*validate_machine(" laptop ") == "laptop");
    CHECK(validate_machine("ci-runner.example.com"));
    CHECK_FALSE(validate_machine(""));
    CHECK_FALSE(validate_machine("vm (old)"));
    CHECK_FALSE(validate_machine("a\nb"));
    CHECK_FALSE(validate_machine(std::string(65, 'm')));
}

TEST_CASE("the CLAUDE.md directive imports the learnings file relative to itself", "[learnings]") {
    CHECK_FALSE(has_learnings_directive("# Project\n"));
    const std::string root = with_learnings_directive("# Project\nBuild with make.", kRootClaudeMd);
    CHECK(root.rfind("# Project\nBuild with make.\n\n## Accumulated Learnings\n", 0) == 0);
    CHECK(root.ends_with("\n@.claude/learnings.md\n"));
    CHECK(has_learnings_directive(root));
    const std::string dot = with_learnings_directive("", kDotClaudeMd);
    CHECK(dot.rfind("## Accumulated Learnings\n", 0) == 0);
    CHECK(dot.ends_with("\n@learnings.md\n"));
    CHECK(has_learnings_directive("## accumulated learnings\n"));
}

TEST_CASE(".gitattributes gains the union-merge line once", "[learnings]") {
    CHECK(with_union_merge("") == "/.claude/learnings.md merge=union\n");
    CHECK(with_union_merge("*.png binary") == "*.png binary\n/.claude/learnings.md merge=union\n");
    CHECK(has_union_merge("*.png binary\n  /.claude/learnings.md merge=union  \n"));
    CHECK_FALSE(has_union_merge("/.claude/learnings.md merge=binary\n"));
}
