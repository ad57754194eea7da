// Which directories under <claude_dir>/projects hold a project's transcripts, and whether a transcript
// found there really belongs to the project.
//
// Claude Code names the directory after the absolute path it was started in: every UTF-16 code unit
// outside [A-Za-z0-9] becomes '-' (so a 4-byte UTF-8 character gives "--"). Names longer than 200
// characters are cut to 200 and suffixed with "-<hash>", and the hash has changed between versions, so
// long paths are matched by their 200-character prefix. Different paths can share a slug ("/a/b-c" and
// "/a/b/c"), so a directory match is only a candidate: each file is confirmed by the `cwd` its lines
// record (see transcript_belongs).
//
// Sessions started in a subdirectory of the project live in that subdirectory's own transcript
// directory and are not the project's; a session started in the project that later moved into a
// subdirectory is (its first cwd is the project). All functions are thread-safe.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tools::sessions {

// The slug without truncation: every UTF-16 unit outside [A-Za-z0-9] replaced by '-'. Invalid UTF-8
// bytes count one unit each.
std::string sanitize_project_path(std::string_view absolute_path);

// The directory name Claude Code uses for absolute_path: the sanitized path, or for more than 200
// characters its first 200 followed by "-" and the base-36 Java-style string hash of the path that
// Node-based releases use (Bun-based releases use another hash; find_project_dirs matches those by
// prefix).
std::string project_slug(std::string_view absolute_path);

// The spellings of one project path worth matching: the absolute, lexically normal path without a
// trailing '/', and its canonical form when that differs (a symlinked checkout).
std::vector<std::string> project_path_variants(const std::filesystem::path& project_path);

struct ProjectDir {
    std::filesystem::path dir;
    bool exact = false;  // named exactly as Claude Code would; false for a long-path prefix match
};

// Existing candidate directories for the project, exact matches first, each listed once. A missing
// projects directory yields an empty list.
std::vector<ProjectDir> find_project_dirs(const std::filesystem::path& claude_dir,
                                          const std::vector<std::string>& project_variants);

// Whether a transcript whose first recorded cwd is `cwd` belongs to the project: the cwd is one of the
// variants or lies below one of them. A transcript that records no cwd at all is accepted only from an
// exactly named directory (nothing else could confirm or refute it).
bool transcript_belongs(std::string_view cwd, const std::vector<std::string>& project_variants,
                        bool exact_dir);

}  // namespace tools::sessions
