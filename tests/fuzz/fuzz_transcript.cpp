// Fuzzes what a transcript file may hold: Claude Code's JSONL, or anything a corrupt, truncated or
// crafted file puts there. The input is a file's content; a line that is exactly "---" starts a
// subagent file (so seeds can carry both).
//
// Each line goes through tools::transcripts::EntryParser, from a buffer sized to the line plus the 64
// padding bytes the contract asks for, so a read past them is an ASan report, and every string an
// Entry points to is read. Then
// the files are extracted whole (extract_all) and paged at the smallest budget (extract_page): the
// text must be valid UTF-8, every page within its budget, and the pages concatenated must equal the
// whole, which is the paging contract of extract.hpp.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "temp_dir.hpp"
#include "tools/core/utf8.hpp"
#include "tools/secrets/redactor.hpp"
#include "tools/transcripts/entry.hpp"
#include "tools/transcripts/extract.hpp"

namespace tt = tools::transcripts;

namespace {

constexpr std::size_t kPadding = 64;  // simdjson::SIMDJSON_PADDING, as line_reader.hpp promises

std::size_t touch(std::string_view text) {
    std::size_t sum = 0;
    for (const char c : text) {
        sum += static_cast<unsigned char>(c);
    }
    return sum;
}

std::size_t touch(const tt::Entry& entry) {
    std::size_t sum = touch(entry.type) + touch(entry.subtype) + touch(entry.uuid) +
                      touch(entry.parent_uuid) + touch(entry.session_id) + touch(entry.timestamp) +
                      touch(entry.cwd) + touch(entry.git_branch) + touch(entry.version) +
                      touch(entry.message_id) + touch(entry.title) + touch(entry.system_text) +
                      touch(entry.agent_id) + touch(entry.compact_trigger);
    for (const tt::Block& block : entry.blocks) {
        sum +=
            touch(block.text) + touch(block.tool_name) + touch(block.tool_use_id) + touch(block.tool_input);
    }
    return sum;
}

void parse_line(tt::EntryParser& parser, std::string_view line) {
    std::vector<char> buffer(line.size() + kPadding, '\0');
    std::memcpy(buffer.data(), line.data(), line.size());
    const auto entry = parser.parse(std::string_view(buffer.data(), line.size()));
    if (!entry) {
        FUZZ_CHECK(!entry.error().message.empty());
        return;
    }
    volatile std::size_t sink = touch(**entry);
    (void)sink;
}

void write_file(const std::filesystem::path& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    FUZZ_CHECK(out.good());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    static const auto parser = tt::EntryParser::create();

    std::string_view main_part = input;
    std::string_view agent_part;
    if (const std::size_t split = input.find("\n---\n"); split != std::string_view::npos) {
        main_part = input.substr(0, split + 1);
        agent_part = input.substr(split + 5);
    }
    std::string_view rest = input;
    while (!rest.empty()) {
        const std::size_t newline = rest.find('\n');
        parse_line(*parser, rest.substr(0, newline));
        rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    }

    const std::filesystem::path dir = fuzz::scratch_dir();
    tt::TranscriptFiles files{dir / "0f0f0f0f-0000-4000-8000-000000000001.jsonl", {}};
    write_file(files.main, main_part);
    if (!agent_part.empty()) {
        files.subagents.push_back(dir / "0f0f0f0f-0000-4000-8000-000000000001" / "subagents" /
                                  "agent-f1.jsonl");
        std::filesystem::create_directories(files.subagents.back().parent_path());
        write_file(files.subagents.back(), agent_part);
    }

    static const tools::secrets::Redactor redactor;
    for (const bool everything : {false, true}) {
        tt::ExtractOptions options;
        options.max_tokens = tt::ExtractOptions::min_tokens;
        options.include_thinking = everything;
        options.include_subagents = everything;
        options.tool_calls = everything ? tt::ToolCallDetail::summary : tt::ToolCallDetail::none;
        std::string whole;
        const auto all =
            tt::extract_all(files, options, redactor, [&](std::string_view unit) { whole.append(unit); });
        FUZZ_CHECK(all.has_value());
        FUZZ_CHECK(tools::is_valid_utf8(whole));

        std::string paged;
        std::string cursor;
        const std::size_t budget = tt::page_budget_bytes(options.max_tokens);
        for (;;) {
            const auto page = tt::extract_page(files, options, redactor, cursor);
            FUZZ_CHECK(page.has_value());
            FUZZ_CHECK(page->text.size() <= budget);
            paged += page->text;
            FUZZ_CHECK(paged.size() <= whole.size());  // with non-empty pages, the loop ends
            if (!page->next_cursor) {
                break;
            }
            FUZZ_CHECK(!page->text.empty());
            cursor = *page->next_cursor;
        }
        FUZZ_CHECK(paged == whole);
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir / "0f0f0f0f-0000-4000-8000-000000000001", ignored);
    return 0;
}
