// Test helpers: a throw-away ~/.claude tree in a temp directory, and transcript lines built with
// nlohmann::json so every test writes well-formed Claude Code lines without hand-escaping.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "../support/temp_dir.hpp"
#include "tools/core/time.hpp"
#include "tools/sessions/project_dirs.hpp"
#include "tools/sessions/session_list.hpp"

namespace cs_test {

namespace fs = std::filesystem;
using nlohmann::json;

using test_support::TempDir;

// The project most tests list sessions for, and an hour in the unit of session times.
inline const std::string kProject = "/work/app";
inline constexpr tools::TimeMs kHour = tools::TimeMs{3600} * 1000;

inline void set_mtime_ms(const fs::path& file, tools::TimeMs ms) {
    struct timespec times[2];
    times[0].tv_sec = times[1].tv_sec = ms / 1000;
    times[0].tv_nsec = times[1].tv_nsec = (ms % 1000) * 1000000;
    ::utimensat(AT_FDCWD, file.c_str(), times, 0);
}

// Common fields of a message line.
inline json message_line(const std::string& type, const std::string& uuid, const std::string& cwd,
                         const std::string& session_id,
                         const std::string& timestamp = "2026-01-10T10:00:00.000Z") {
    json line = {
        {"type", type},           {"uuid", uuid},         {"parentUuid", nullptr},  {"sessionId", session_id},
        {"timestamp", timestamp}, {"isSidechain", false}, {"userType", "external"}, {"version", "2.0.40"},
        {"gitBranch", "main"}};
    if (!cwd.empty()) {
        line["cwd"] = cwd;
    }
    return line;
}

inline json user_text(const std::string& uuid, const std::string& text, const std::string& cwd,
                      const std::string& session_id,
                      const std::string& timestamp = "2026-01-10T10:00:00.000Z") {
    json line = message_line("user", uuid, cwd, session_id, timestamp);
    line["message"] = {{"role", "user"}, {"content", text}};
    return line;
}

inline json tool_result(const std::string& uuid, const std::string& cwd, const std::string& session_id) {
    json line = message_line("user", uuid, cwd, session_id);
    line["message"] = {
        {"role", "user"},
        {"content",
         json::array({{{"type", "tool_result"}, {"tool_use_id", "toolu_1"}, {"content", "file contents"}}})}};
    return line;
}

inline json assistant_text(const std::string& uuid, const std::string& message_id, const std::string& text,
                           const std::string& cwd, const std::string& session_id) {
    json line = message_line("assistant", uuid, cwd, session_id);
    line["message"] = {{"id", message_id},
                       {"role", "assistant"},
                       {"type", "message"},
                       {"model", "claude-sonnet-4-5"},
                       {"content", json::array({{{"type", "text"}, {"text", text}}})}};
    return line;
}

inline void write_lines(const fs::path& file, const std::vector<json>& lines, bool append = false) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, append ? std::ios::app | std::ios::binary : std::ios::trunc | std::ios::binary);
    for (const json& line : lines) {
        out << line.dump() << '\n';
    }
}

// A small valid session of one prompt and one answer, started in cwd.
inline void write_simple_session(const fs::path& file, const std::string& cwd, const std::string& prompt) {
    const std::string id = file.stem().string();
    write_lines(file, {user_text(id + "-u1", prompt, cwd, id),
                       assistant_text(id + "-a1", "msg_" + id, "ok", cwd, id)});
}

// <root>/claude/projects/<slug of project>/, old mtimes so nothing counts as active unless a test says so.
struct FakeClaude {
    TempDir temp;
    fs::path claude_dir = temp.path() / "claude";
    fs::path state_dir = temp.path() / "state";

    fs::path project_dir(const std::string& project_path) const {
        return claude_dir / "projects" / tools::sessions::project_slug(project_path);
    }

    // Listing options for project in this config and state dir, with room for every test's sessions.
    tools::sessions::ListOptions list_options(const std::string& project_path = kProject) const {
        tools::sessions::ListOptions options;
        options.claude_dir = claude_dir;
        options.state_dir = state_dir;
        options.project_path = project_path;
        options.limit = 100;
        return options;
    }
};

}  // namespace cs_test
