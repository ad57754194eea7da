#include "tools/sessions/project_dirs.hpp"

#include <catch2/catch.hpp>

#include "fake_claude_dir.hpp"

using namespace tools::sessions;
namespace fs = std::filesystem;

TEST_CASE("slug replaces every character outside A-Z, a-z and 0-9 with a dash", "[tools][sessions]") {
    CHECK(project_slug("/data/repos/codebox") == "-data-repos-codebox");
    CHECK(project_slug("/a/b.c_d") == "-a-b-c-d");
    CHECK(project_slug("/home/me/my project (v2)+x") == "-home-me-my-project--v2--x");
    CHECK(project_slug("C:\\Users\\x") == "C--Users-x");
}

TEST_CASE("slug counts non-ASCII characters in UTF-16 units", "[tools][sessions]") {
    // Expected values from the JavaScript reference (String.replace over UTF-16 code units).
    CHECK(project_slug("/data/r\xC3\xA9/\xF0\x9F\x98\x80x") == "-data-r----x");
    CHECK(project_slug("/\xE6\x96\x87\xE6\xA1\xA3") == "---");
    // Invalid UTF-8 bytes count one unit each rather than breaking the conversion.
    CHECK(project_slug("/a\xFF\xFE") == "-a--");
}

TEST_CASE("long slugs are cut to 200 characters and suffixed with the path hash", "[tools][sessions]") {
    std::string path = "/home/user/";
    for (int i = 0; i < 10; ++i) {
        path += "very-long-directory-name/";
    }
    path += "project";
    // Computed with the JavaScript function Claude Code ships (Node builds).
    const std::string expected =
        "-home-user-very-long-directory-name-very-long-directory-name-very-long-directory-name-very-long-"
        "directory-name-very-long-directory-name-very-long-directory-name-very-long-directory-name-very-"
        "long-dire-50u9ca";
    CHECK(project_slug(path) == expected);
    CHECK(sanitize_project_path(path).size() == path.size());

    std::string unicode = "/tmp/";
    for (int i = 0; i < 120; ++i) {
        unicode += "\xC3\xA9";
    }
    unicode += "/";
    for (int i = 0; i < 50; ++i) {
        unicode += "\xF0\x9F\x98\x80";
    }
    const std::string slug = project_slug(unicode);
    CHECK(slug.substr(slug.size() - 7) == "-xyz5vi");
    CHECK(slug.size() == 207);
}

TEST_CASE("find_project_dirs matches the exact slug and long-path prefixes", "[tools][sessions]") {
    cs_test::TempDir temp;
    const fs::path projects = temp.path() / "projects";

    SECTION("short path: only the exact directory, never a sibling sharing a prefix") {
        fs::create_directories(projects / "-work-app");
        fs::create_directories(projects / "-work-app-sub");
        fs::create_directories(projects / "-work-apple");
        const auto dirs = find_project_dirs(temp.path(), {"/work/app"});
        REQUIRE(dirs.size() == 1);
        CHECK(dirs[0].dir == projects / "-work-app");
        CHECK(dirs[0].exact);
    }
    SECTION("missing projects directory gives no candidates") {
        CHECK(find_project_dirs(temp.path() / "nowhere", {"/work/app"}).empty());
    }
    SECTION("long path: any hash suffix after the 200-character prefix is a candidate") {
        const std::string path = "/srv/" + std::string(250, 'x');
        const std::string full = sanitize_project_path(path);
        fs::create_directories(projects / project_slug(path));
        fs::create_directories(projects / (full.substr(0, 200) + "-bunhash1"));
        fs::create_directories(projects / (full.substr(0, 199) + "y"));  // differs inside the prefix
        auto dirs = find_project_dirs(temp.path(), {path});
        REQUIRE(dirs.size() == 2);
        CHECK(dirs[0].dir == projects / project_slug(path));
        CHECK(dirs[0].exact);
        CHECK(dirs[1].dir == projects / (full.substr(0, 200) + "-bunhash1"));
        CHECK_FALSE(dirs[1].exact);
    }
}

TEST_CASE("transcript_belongs confirms a directory match by the recorded cwd", "[tools][sessions]") {
    const std::vector<std::string> project = {"/a/b-c"};
    CHECK(transcript_belongs("/a/b-c", project, true));
    CHECK(transcript_belongs("/a/b-c/", project, true));
    CHECK(transcript_belongs("/a/b-c/src", project, true));    // started here, moved into a subdirectory
    CHECK_FALSE(transcript_belongs("/a/b/c", project, true));  // same slug, another project
    CHECK_FALSE(transcript_belongs("/a/b-cd", project, true));
    CHECK(transcript_belongs("", project, true));         // nothing recorded: trust an exact name
    CHECK_FALSE(transcript_belongs("", project, false));  // ...but not a prefix guess
}

TEST_CASE("project_path_variants adds the canonical path of a symlinked project", "[tools][sessions]") {
    cs_test::TempDir temp;
    fs::create_directories(temp.path() / "real" / "proj");
    fs::create_directory_symlink(temp.path() / "real", temp.path() / "link");
    const auto variants = project_path_variants(temp.path() / "link" / "proj" / "");
    REQUIRE(variants.size() == 2);
    CHECK(variants[0] == (temp.path() / "link" / "proj").string());
    CHECK(variants[1] == fs::canonical(temp.path() / "real" / "proj").string());
}
