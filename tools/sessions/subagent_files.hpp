// Where subagent transcripts of a session live, by Claude Code era:
//  - 1.0.x: inline `isSidechain` lines in the main file (counted by SessionScanner, no files);
//  - 2.0.x: agent-<id>.jsonl beside the sessions, linked to their parent by the `sessionId` in their
//    lines;
//  - 2.1.x: <session-id>/subagents/agent-<id>.jsonl, also nested deeper (subagents/workflows/<run>/),
//    including the compaction helper's agent-acompact-*.jsonl.
// Files whose canonical path leaves the transcript directory are ignored. Thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tools::sessions {

// "agent-<anything>.jsonl".
bool is_agent_file_name(std::string_view file_name);

// The 2.1.x subagent transcripts of session_id in transcript_dir, sorted.
std::vector<std::filesystem::path> nested_subagent_files(const std::filesystem::path& transcript_dir,
                                                         const std::string& session_id);

// The 2.0.x agent-*.jsonl files directly in transcript_dir whose lines name session_id as their
// session, sorted. Reads the first lines of every agent file in the directory.
std::vector<std::filesystem::path> sibling_subagent_files(const std::filesystem::path& transcript_dir,
                                                          const std::string& session_id);

}  // namespace tools::sessions
