#include "tools/sessions/subagent_files.hpp"

#include <algorithm>
#include <system_error>

#include "tools/sessions/path_guard.hpp"
#include "tools/sessions/session_scan.hpp"

namespace tools::sessions {

bool is_agent_file_name(std::string_view file_name) {
    constexpr std::string_view prefix = "agent-";
    constexpr std::string_view suffix = ".jsonl";
    return file_name.size() > prefix.size() + suffix.size() && file_name.substr(0, prefix.size()) == prefix &&
           file_name.substr(file_name.size() - suffix.size()) == suffix;
}

std::vector<std::filesystem::path> nested_subagent_files(const std::filesystem::path& transcript_dir,
                                                         const std::string& session_id) {
    std::vector<std::filesystem::path> files;
    const std::filesystem::path root = transcript_dir / session_id / "subagents";
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec)) {
        return files;
    }
    std::filesystem::recursive_directory_iterator it(root, std::filesystem::directory_options::none, ec);
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code file_ec;
        if (is_agent_file_name(it->path().filename().string()) && it->is_regular_file(file_ec) &&
            is_within(it->path(), transcript_dir)) {
            files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::filesystem::path> sibling_subagent_files(const std::filesystem::path& transcript_dir,
                                                          const std::string& session_id) {
    std::vector<std::filesystem::path> files;
    SessionScanner scanner;
    std::error_code ec;
    std::filesystem::directory_iterator it(transcript_dir, ec);
    for (; !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        std::error_code file_ec;
        if (!is_agent_file_name(it->path().filename().string()) || !it->is_regular_file(file_ec) ||
            !is_within(it->path(), transcript_dir)) {
            continue;
        }
        const auto head = scanner.scan_head(it->path());
        if (head && head->session_id == session_id) {
            files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace tools::sessions
