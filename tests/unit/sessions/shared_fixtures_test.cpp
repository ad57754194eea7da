// Lists every real transcript folder of ../shared/fixtures/transcripts as if it were a project
// directory, through a temporary Claude config dir holding copies (never touching the fixtures).
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "../support/redactors.hpp"
#include "../support/skip.hpp"
#include "fake_claude_dir.hpp"
#include "tools/core/utf8.hpp"
#include "tools/sessions/session_list.hpp"
#include "tools/sessions/session_scan.hpp"
#include "tools/sessions/subagent_files.hpp"

using namespace tools::sessions;
using test_support::kNoAllowlist;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kForeign = "/fixture/foreign-cwd";

// Folders holding at least one .jsonl directly: each is one transcript directory.
std::vector<fs::path> transcript_folders(const fs::path& root) {
    std::set<fs::path> folders;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const fs::path parent = entry.path().parent_path();
        if (entry.is_regular_file() && entry.path().extension() == ".jsonl" &&
            parent.filename() != "subagents" && parent.parent_path().filename() != "subagents" &&
            parent.parent_path().parent_path().filename() != "subagents") {
            folders.insert(parent);
        }
    }
    return {folders.begin(), folders.end()};
}

}  // namespace

TEST_CASE("every shared fixture folder lists without a crash and with sane counts",
          "[tools][sessions][fixtures][shared]") {
    const fs::path root = test_support::shared_dir() / "fixtures" / "transcripts";
    if (!fs::is_directory(root)) {
        CS_SKIP_TEST(root << " is absent");
    }
    SessionScanner scanner;
    std::size_t listed_total = 0;
    for (const fs::path& folder : transcript_folders(root)) {
        INFO("fixture folder " << folder);
        // Group the folder's sessions by the cwd they record; each group is one project.
        std::map<std::string, std::vector<fs::path>> by_project;
        for (const auto& entry : fs::directory_iterator(folder)) {
            const std::string name = entry.path().filename().string();
            if (!entry.is_regular_file() || entry.path().extension() != ".jsonl" ||
                is_agent_file_name(name)) {
                continue;
            }
            auto summary = scanner.scan(entry.path(), kNoAllowlist);
            REQUIRE(summary);
            // A Windows cwd ("e:\\...") cannot be a project here: such files must be refused, not listed.
            const std::string project = summary->cwd.empty()          ? "/fixture/no-cwd"
                                        : summary->cwd.front() != '/' ? std::string(kForeign)
                                                                      : summary->cwd;
            by_project[project].push_back(entry.path());
        }
        for (const auto& [project, files] : by_project) {
            cs_test::FakeClaude claude;
            const fs::path dir = claude.project_dir(project);
            fs::create_directories(dir);
            std::size_t expected_subagents = 0;
            for (const fs::path& file : files) {
                fs::copy_file(file, dir / file.filename());
                const fs::path nested = folder / file.stem();
                if (fs::is_directory(nested)) {
                    fs::copy(nested, dir / file.stem(), fs::copy_options::recursive);
                    expected_subagents +=
                        nested_subagent_files(nested.parent_path(), file.stem().string()).size();
                }
            }
            for (const auto& entry : fs::directory_iterator(folder)) {
                if (is_agent_file_name(entry.path().filename().string())) {
                    fs::copy_file(entry.path(), dir / entry.path().filename());
                }
            }
            ListOptions options = claude.list_options(project);
            options.include_active = true;  // the copies were just written
            options.limit = 1000;
            auto result = list_sessions(options, kNoAllowlist);
            INFO("project " << project);
            REQUIRE((result ? std::string() : result.error().message) == "");
            const std::size_t expected = project == kForeign ? 0 : files.size();
            CHECK(result->total == expected);
            std::uint64_t nested_seen = 0;
            for (const SessionSummary& s : result->sessions) {
                INFO("session " << s.path);
                CHECK(tools::utf8_length(s.first_prompt) <= 200);
                CHECK(tools::is_valid_utf8(s.first_prompt));
                CHECK(tools::is_valid_utf8(s.title));
                CHECK(s.messages <= s.size_bytes / 50 + 1);  // no message is shorter than a JSON line
                if (s.started_at) {
                    CHECK(*s.started_at <= s.modified_at);
                }
                nested_seen += s.subagents;
                auto located = locate_session(claude.claude_dir, project, s.session_id);
                CHECK(located);
            }
            if (project != kForeign) {
                CHECK(nested_seen >= expected_subagents);
            }
            auto again = list_sessions(options, kNoAllowlist);
            REQUIRE(again);
            CHECK(again->cache_hits == files.size());  // refused files are cached too
            CHECK(again->scanned == 0);
            listed_total += result->total;
            CHECK(again->total == expected);
        }
    }
    CHECK(listed_total > 20);
}
