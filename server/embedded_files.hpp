// Files built into the binary (cmake/EmbedFiles.cmake): the skill and the demo's sample data, so
// `install` and `demo` work from the executable alone, run from any directory.
//
// Paths are relative to the source tree: "skills/context-sync/SKILL.md",
// "tests/data/demo/learnings.txt", "tests/data/demo/claude/projects/...". The contents are static and
// immutable; every function is thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace server {

struct EmbeddedFile {
    std::string_view path;
    std::string_view contents;
};

// Every embedded file, in the order CMake listed them.
std::span<const EmbeddedFile> embedded_files();

// One file's contents, or nullopt when no such file was embedded.
std::optional<std::string_view> embedded_file(std::string_view path);

// The skill file as shipped (frontmatter and body).
inline constexpr std::string_view kSkillPath = "skills/context-sync/SKILL.md";
std::string_view skill_file();

// The skill's body: SKILL.md without its YAML frontmatter (the workflow text the MCP prompt sends).
std::string_view skill_body();

}  // namespace server
