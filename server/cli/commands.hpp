// The subcommands of the `context-sync` executable. cli.cpp parses the command line (CLI11) and calls
// one of these; each returns the process exit code (0 ok, 1 the operation failed or found something,
// 2 usage error). They write results to stdout and diagnostics to stderr.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "server/settings.hpp"

namespace server::cli {

int run_serve_stdio(const Settings& settings);

struct ServeArgs {
    std::string http;  // [ADDR:]PORT; empty: stdio
    std::string token_file;
    std::vector<std::string> allowed_origins;
};
// `serve --http`. It has two definitions, one per executable, and main.cpp hands it to cli::run; the
// library cs_server neither defines nor calls it. context-sync-http serves in this process
// (serve_http_command.cpp). context-sync does not link the HTTP transport, whose cpp-httplib loads libssl
// and brotli and adds ~3 ms to the start of every command: it replaces itself with context-sync-http from
// its own directory, passing argv on unchanged (http_handover.cpp), and returns 1 only when that fails.
int run_serve_http(const Settings& settings, const ServeArgs& args, char** argv);
int run_print_tools(const Settings& settings);
int run_call(const Settings& settings, const std::string& tool, const std::string& arguments_json);

struct ExtractArgs {
    std::string target;  // a .jsonl path or a session id of the current project
    std::size_t max_tokens = 8000;
    bool include_thinking = false;
    bool include_subagents = false;
    std::string tool_calls = "summary";  // "summary" | "none"
};
int run_extract(const Settings& settings, const ExtractArgs& args);

struct ScanArgs {
    std::string input = "-";  // a file, or "-" for stdin
    bool json = false;
    bool allow = false;  // add the fingerprints of what is found to the project's allowlist
};
int run_scan(const Settings& settings, const ScanArgs& args);

// Exit codes of `commit` and `push` (documented in README.md).
inline constexpr int kExitOk = 0;  // committed and pushed, a dry run, or nothing new / to push
inline constexpr int kExitFailed =
    1;  // refused (secret, bad learning, repo state) or failed: nothing committed
inline constexpr int kExitUsage = 2;      // bad command line
inline constexpr int kExitNotPushed = 3;  // committed locally, but the push is pending (the output says why)

struct CommitArgs {
    std::vector<std::string> learnings;  // or {"-"}: one learning per non-empty line of stdin
    std::vector<std::string> session_ids;
    std::string machine;
    bool dry_run = false;
    bool no_push = false;
};
int run_commit(const Settings& settings, const CommitArgs& args);
int run_push(const Settings& settings);

// The whole loop on built-in sample data in a temporary directory (removed on every exit path): two
// clones of one bare remote, list, extract, scan, a dry run, a refused secret, commit, push, pull.
// Ignores the global settings: it makes its own. Needs `git` on PATH.
int run_demo();

// `install` registers the server with Claude Code, installs the skill and allows the server's tools;
// `uninstall` removes exactly those. Idempotent; a dry run prints what would change and writes nothing.
struct SetupArgs {
    std::string scope = "user";  // "user" or "project"
    bool dry_run = false;
};
int run_install(const Settings& settings, const SetupArgs& args);
int run_uninstall(const Settings& settings, const SetupArgs& args);

// ✔/✘ lines for everything /context-sync needs here, each ✘ with its fix; exit 1 when any ✘.
int run_doctor(const Settings& settings);

}  // namespace server::cli
