// Test helpers for tools/transcripts: temp files, running extract_all / extract_page to strings, and a
// generator of larger synthetic sessions (built with nlohmann::json, so every line is well formed).
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "../support/redactors.hpp"
#include "../support/temp_dir.hpp"
#include "tools/transcripts/extract.hpp"

namespace transcripts_test {

namespace fs = std::filesystem;
using nlohmann::json;
using tools::transcripts::ExtractOptions;
using tools::transcripts::TranscriptFiles;

using test_support::TempDir;

inline void write_file(const fs::path& path, const std::string& content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
}

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

inline std::string jsonl(const std::vector<json>& lines) {
    std::string out;
    for (const json& line : lines) {
        out += line.dump() + "\n";
    }
    return out;
}

// extract_all into a string; fails the test on error.
std::string extract_text(const TranscriptFiles& files, const ExtractOptions& options,
                         tools::transcripts::ExtractStats* stats = nullptr,
                         const tools::secrets::Redactor& redactor = test_support::kNoAllowlist);

// Every page from the start; checks each page's size against the budget.
std::vector<std::string> extract_pages(const TranscriptFiles& files, const ExtractOptions& options,
                                       const tools::secrets::Redactor& redactor = test_support::kNoAllowlist);

// Count of non-overlapping occurrences.
std::size_t count_of(const std::string& text, const std::string& needle);

// A user / assistant line in Claude Code 2.0 shape.
// An assistant content block calling tool `name` with `input`.
inline json tool_use(const std::string& id, const std::string& name, json input) {
    return {{"type", "tool_use"}, {"id", id}, {"name", name}, {"input", std::move(input)}};
}
json user_line(const std::string& uuid, const std::string& timestamp, json content);
json assistant_line(const std::string& uuid, const std::string& timestamp, const std::string& message_id,
                    json block);

// A session of `turns` turns: prompts "prompt #<i> ...", streamed replies "reply #<i>", tool calls with
// some failures, sidechain lines, compactions, one reply far longer than any page, a resumed copy of an
// early prompt near the end (same uuid), and progress noise.
std::string synthetic_session(int turns);

}  // namespace transcripts_test
