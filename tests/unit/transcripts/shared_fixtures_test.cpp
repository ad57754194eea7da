// Every real transcript under ../shared/fixtures/transcripts: no error, pages equal the whole, and no
// real user prompt lost. The prompt check is independent of the condenser: nlohmann parses the lines
// and a prompt is any non-meta user text that is not a wrapper (<command-…>, <local-command-…>,
// <bash-…>, <task-notification>), not an interrupt marker, not a tool result and not a compact summary;
// as documented, a line whose uuid was claimed before does not count, and a line claims its uuid when
// it has content (system lines always; user and assistant lines with a string or at least one block).
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "../support/skip.hpp"
#include "tools/core/utf8.hpp"
#include "transcript_support.hpp"

using namespace transcripts_test;

namespace {

std::vector<fs::path> fixture_files() {
    std::vector<fs::path> files;
    const fs::path root = test_support::shared_dir() / "fixtures" / "transcripts";
    std::error_code error;
    if (!fs::is_directory(root, error)) {
        return files;
    }
    for (const auto& entry : fs::recursive_directory_iterator(root, error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".jsonl") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<fs::path> subagents_of(const fs::path& main) {
    std::vector<fs::path> out;
    const fs::path dir = main.parent_path() / main.stem() / "subagents";
    std::error_code error;
    if (fs::is_directory(dir, error)) {
        for (const auto& entry : fs::recursive_directory_iterator(dir, error)) {
            if (entry.is_regular_file() && entry.path().extension() == ".jsonl") {
                out.push_back(entry.path());
            }
        }
    }
    return out;
}

// The start of each real prompt in a file, as it must show up in the text.
std::vector<std::string> real_prompts(const fs::path& path, bool include_sidechain) {
    static const std::regex reminder("<system-reminder>[\\s\\S]*?(</system-reminder>|$)");
    std::vector<std::string> prompts;
    std::set<std::string> uuids;
    std::ifstream in(path, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
        const json entry = json::parse(line, nullptr, false);
        if (!entry.is_object()) {
            continue;
        }
        const std::string type = entry.value("type", "");
        if (type != "user" && type != "assistant" && type != "system") {
            continue;
        }
        if (entry.value("isSidechain", false) && !include_sidechain) {
            continue;
        }
        if (entry.contains("uuid") && entry["uuid"].is_string()) {
            const std::string uuid = entry["uuid"].get<std::string>();
            if (uuids.count(uuid) != 0) {
                continue;
            }
            const json* content = entry.contains("message") && entry["message"].is_object() &&
                                          entry["message"].contains("content")
                                      ? &entry["message"]["content"]
                                      : nullptr;
            const bool has_content =
                type == "system" ||
                (content != nullptr &&
                 (content->is_string() ||
                  (content->is_array() && std::any_of(content->begin(), content->end(),
                                                      [](const json& b) { return b.is_object(); }))));
            if (has_content) {
                uuids.insert(uuid);
            }
        }
        if (type != "user" || entry.value("isMeta", false) || entry.value("isCompactSummary", false) ||
            (entry.value("isSidechain", false) && !include_sidechain) || !entry.contains("message") ||
            !entry["message"].is_object()) {
            continue;
        }
        const json& content = entry["message"].value("content", json());
        std::vector<std::string> texts;
        if (content.is_string()) {
            texts.push_back(content.get<std::string>());
        } else if (content.is_array()) {
            for (const json& block : content) {
                if (block.is_object() && block.value("type", "") == "text" && block.contains("text") &&
                    block["text"].is_string()) {
                    texts.push_back(block["text"].get<std::string>());
                }
            }
        }
        for (const std::string& raw : texts) {
            std::string text = std::regex_replace(raw, reminder, "");
            const std::size_t start = text.find_first_not_of(" \t\r\n");
            if (start == std::string::npos) {
                continue;
            }
            text = text.substr(start);
            if (text[0] == '<' || text.rfind("[Request interrupted", 0) == 0) {
                continue;
            }
            std::string first_line = text.substr(0, text.find('\n'));
            while (!first_line.empty() && std::isspace(static_cast<unsigned char>(first_line.back()))) {
                first_line.pop_back();
            }
            prompts.push_back(std::string(tools::utf8_prefix(first_line, 40)));
        }
    }
    return prompts;
}

}  // namespace

TEST_CASE("every shared fixture transcript extracts without losing a prompt",
          "[tools][transcripts][fixtures][shared]") {
    const std::vector<fs::path> files = fixture_files();
    if (files.empty()) {
        CS_SKIP_TEST(test_support::shared_dir() << "/fixtures/transcripts is absent or empty");
    }
    for (const fs::path& path : files) {
        const TranscriptFiles session{path, subagents_of(path)};
        for (const bool full : {false, true}) {
            ExtractOptions options;
            options.include_subagents = full;
            options.include_thinking = full;
            options.tool_calls =
                full ? tools::transcripts::ToolCallDetail::summary : tools::transcripts::ToolCallDetail::none;
            options.max_tokens = 20000;  // long prompts are cut at a page; 20000 tokens keeps their start
            INFO(path.string() << (full ? " (full)" : " (default)"));
            const std::string text = extract_text(session, options);
            CHECK(tools::is_valid_utf8(text));
            for (const std::string& prompt : real_prompts(path, full)) {
                INFO("prompt: " << prompt);
                CHECK(text.find(prompt) != std::string::npos);
            }
            ExtractOptions paged = options;
            paged.max_tokens = 2000;
            std::string joined;
            for (const std::string& page : extract_pages(session, paged)) {
                joined += page;
            }
            CHECK(joined == extract_text(session, paged));
        }
    }
}
