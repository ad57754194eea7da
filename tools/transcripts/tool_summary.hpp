// One short line for a tool call: the tool's name and its key argument ("Bash: go test ./...",
// "Read: /src/main.cpp"), for condensed transcripts.
//
// The key argument is chosen per tool (command, file_path, pattern, url, description, ...); unknown
// tools (MCP tools included) use their first string argument. Whitespace is collapsed, secrets are
// redacted and only then is the line cut to max_chars code points with "…" (Redactor::line), so a key
// in a command never shows in part. Invalid input JSON yields just the name. Not thread-safe (it reuses
// a parser); one summarizer per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "tools/secrets/redactor.hpp"

namespace tools::transcripts {

class ToolSummarizer {
  public:
    static constexpr std::size_t default_max_chars = 160;

    ToolSummarizer();
    ~ToolSummarizer();
    ToolSummarizer(const ToolSummarizer&) = delete;
    ToolSummarizer& operator=(const ToolSummarizer&) = delete;

    // raw_input is the JSON text of the tool_use "input" object (it is copied, so it may point anywhere).
    secrets::Redaction summarize(std::string_view name, std::string_view raw_input,
                                 const secrets::Redactor& redactor,
                                 std::size_t max_chars = default_max_chars);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace tools::transcripts
