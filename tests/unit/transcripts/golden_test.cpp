// Golden tests: hand-written sessions in the shape of each Claude Code era (tests/data/transcripts/),
// condensed with several option sets and compared with the reviewed *.golden files.
// CS_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "transcript_support.hpp"

using namespace transcripts_test;
using tools::transcripts::ToolCallDetail;

namespace {

const fs::path data_dir = fs::path(CS_TEST_DATA_DIR) / "transcripts";

struct GoldenCase {
    std::string name;
    TranscriptFiles files;
    ExtractOptions options;
};

ExtractOptions full_options() {
    ExtractOptions options;
    options.include_thinking = true;
    options.include_subagents = true;
    return options;
}

std::vector<GoldenCase> golden_cases() {
    const fs::path v1 = data_dir / "v1_0" / "7a1e0c52-0000-4000-8000-000000000001.jsonl";
    const fs::path v2 = data_dir / "v2_0" / "b2c3d4e5-0000-4000-8000-000000000002.jsonl";
    const fs::path v2_agent = data_dir / "v2_0" / "agent-5f3e2a1b.jsonl";
    const fs::path v3 = data_dir / "v2_1" / "c3d4e5f6-0000-4000-8000-000000000003.jsonl";
    const fs::path v3_agent =
        data_dir / "v2_1" / "c3d4e5f6-0000-4000-8000-000000000003" / "subagents" / "agent-a1b2c3d.jsonl";
    ExtractOptions no_tools;
    no_tools.tool_calls = ToolCallDetail::none;
    return {
        {"v1_0", {v1, {}}, {}},
        {"v1_0.full", {v1, {}}, full_options()},
        {"v2_0", {v2, {v2_agent}}, {}},
        {"v2_0.full", {v2, {v2_agent}}, full_options()},
        {"v2_1", {v3, {v3_agent}}, {}},
        {"v2_1.full", {v3, {v3_agent}}, full_options()},
        {"v2_1.no_tools", {v3, {v3_agent}}, no_tools},
    };
}

}  // namespace

TEST_CASE("golden transcripts of Claude Code 1.0, 2.0 and 2.1 layouts", "[tools][transcripts]") {
    const bool update = std::getenv("CS_UPDATE_GOLDEN") != nullptr;
    for (const GoldenCase& test : golden_cases()) {
        SECTION(test.name) {
            const std::string text = extract_text(test.files, test.options);
            const fs::path golden = data_dir / (test.name + ".golden");
            if (update) {
                write_file(golden, text);
                WARN("rewrote " << golden.string());
                continue;
            }
            REQUIRE(fs::exists(golden));
            CHECK(text == read_file(golden));
        }
    }
}

TEST_CASE("golden transcripts page to the same text", "[tools][transcripts]") {
    for (const GoldenCase& test : golden_cases()) {
        for (const std::size_t tokens : {1000u, 2000u, 8000u}) {
            ExtractOptions options = test.options;
            options.max_tokens = tokens;
            std::string joined;
            for (const std::string& page : extract_pages(test.files, options)) {
                joined += page;
            }
            INFO(test.name << " at " << tokens << " tokens");
            CHECK(joined == extract_text(test.files, options));
        }
    }
}
