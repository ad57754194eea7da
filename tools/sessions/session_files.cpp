// locate_session and session_files_for_path (declared in session_list.hpp).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <system_error>

#include "tools/sessions/path_guard.hpp"
#include "tools/sessions/project_dirs.hpp"
#include "tools/sessions/session_list.hpp"
#include "tools/sessions/session_scan.hpp"
#include "tools/sessions/subagent_files.hpp"

namespace tools::sessions {
namespace {

SessionFiles files_of(const std::filesystem::path& main, const std::string& session_id) {
    SessionFiles files;
    files.session_id = session_id;
    files.main = main;
    const std::filesystem::path dir = main.parent_path();
    files.subagents = sibling_subagent_files(dir, session_id);
    for (std::filesystem::path& nested : nested_subagent_files(dir, session_id)) {
        files.subagents.push_back(std::move(nested));
    }
    std::sort(files.subagents.begin(), files.subagents.end());
    return files;
}

}  // namespace

Result<SessionFiles> locate_session(const std::filesystem::path& claude_dir,
                                    const std::filesystem::path& project_path,
                                    const std::string& session_id) {
    if (!is_valid_session_id(session_id)) {
        return make_error(ErrorCode::invalid_argument,
                          "session_id must be a bare id of letters, digits, '.', '_' and '-' (got '" +
                              std::string(session_id.substr(0, 100)) + "')");
    }
    if (is_agent_file_name(session_id + ".jsonl")) {
        return make_error(ErrorCode::not_found,
                          "'" + session_id +
                              "' is a subagent transcript, not a session; extract its parent "
                              "session with include_subagents");
    }
    const std::vector<std::string> variants = project_path_variants(project_path);
    const std::vector<ProjectDir> dirs = find_project_dirs(claude_dir, variants);
    SessionScanner scanner;
    bool escaped = false;
    for (const ProjectDir& dir : dirs) {
        const std::filesystem::path candidate = dir.dir / (session_id + ".jsonl");
        std::error_code ec;
        if (!std::filesystem::exists(candidate, ec)) {
            continue;
        }
        if (!is_within(candidate, dir.dir) || !std::filesystem::is_regular_file(candidate, ec)) {
            spdlog::warn("{} leads outside the transcript directory; ignored", candidate.string());
            escaped = true;
            continue;
        }
        const auto head = scanner.scan_head(candidate);
        if (!head) {
            return tl::unexpected(head.error());
        }
        if (!transcript_belongs(head->cwd, variants, dir.exact)) {
            spdlog::debug("{} belongs to {}, not this project", candidate.string(), head->cwd);
            continue;
        }
        return files_of(candidate, session_id);
    }
    if (escaped) {
        return make_error(ErrorCode::outside_root,
                          "session '" + session_id + "' resolves outside the project's transcript directory");
    }
    return make_error(ErrorCode::not_found, "no session '" + session_id + "' for project " +
                                                variants.front() +
                                                (dirs.empty() ? " (it has no transcript directory under " +
                                                                    (claude_dir / "projects").string() + ")"
                                                              : ""));
}

Result<SessionFiles> session_files_for_path(const std::filesystem::path& transcript) {
    std::error_code ec;
    const std::filesystem::path absolute = std::filesystem::absolute(transcript, ec);
    if (ec || !std::filesystem::is_regular_file(absolute, ec)) {
        return make_error(ErrorCode::not_found, "no transcript file at " + transcript.string());
    }
    return files_of(absolute.lexically_normal(), absolute.stem().string());
}

}  // namespace tools::sessions
