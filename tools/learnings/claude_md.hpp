// The "Accumulated Learnings" directive that makes Claude Code load .claude/learnings.md.
//
// Claude Code reads CLAUDE.md and .claude/CLAUDE.md at launch and expands "@path" imports in them,
// resolving a relative path against the directory of the file that holds the import (not the working
// directory), and never inside code spans or fenced blocks. So the import is "@.claude/learnings.md"
// in CLAUDE.md and "@learnings.md" in .claude/CLAUDE.md, on a line of its own. Pure functions.
#pragma once

#include <string>
#include <string_view>

namespace tools::learnings {

inline constexpr std::string_view kRootClaudeMd = "CLAUDE.md";
inline constexpr std::string_view kDotClaudeMd = ".claude/CLAUDE.md";

// Whether a CLAUDE.md already carries the directive (its heading, in any case).
bool has_learnings_directive(std::string_view claude_md);

// `claude_md` with the directive appended (after a blank line); nothing already there is changed.
// `claude_md_path` is kRootClaudeMd or kDotClaudeMd and decides the import path.
std::string with_learnings_directive(std::string_view claude_md, std::string_view claude_md_path);

// The .gitattributes line that lets a plain `git pull` union-merge the learnings file.
inline constexpr std::string_view kUnionMergeLine = "/.claude/learnings.md merge=union";

// Whether `gitattributes` holds kUnionMergeLine (surrounding whitespace ignored).
bool has_union_merge(std::string_view gitattributes);

// `gitattributes` with kUnionMergeLine appended on a line of its own; the rest kept byte for byte.
std::string with_union_merge(std::string_view gitattributes);

}  // namespace tools::learnings
