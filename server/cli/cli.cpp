#include "server/cli/cli.hpp"

#include <CLI/CLI.hpp>
#include <iostream>

#include "server/cli/commands.hpp"
#include "server/logging.hpp"

namespace server::cli {

int run(int argc, char** argv, ServeHttp serve_http) {
    CLI::App app{
        "context-sync: carries what Claude Code learned in one session into the next.\n"
        "Without a subcommand it serves MCP over stdio.",
        "context-sync"};
    app.set_version_flag("--version", std::string("context-sync ") + CONTEXT_SYNC_VERSION);

    std::string claude_dir;
    std::string project;
    std::string log_level = "info";
    std::string log_file;
    app.add_option("--claude-dir", claude_dir,
                   "Claude Code's config dir (default: $CLAUDE_CONFIG_DIR or ~/.claude)");
    app.add_option("--project", project, "The project's directory (default: $CLAUDE_PROJECT_DIR or the cwd)");
    app.add_option("--log-level", log_level,
                   "trace, debug, info, warn, error, critical or off (logs go to stderr)")
        ->capture_default_str();
    app.add_option("--log-file", log_file, "Also write logs to this file");

    auto* serve = app.add_subcommand("serve", "Serve MCP over stdio (the default), or over HTTP with --http");
    ServeArgs serve_args;
    serve->add_option("--http", serve_args.http,
                      "Serve MCP Streamable HTTP on [ADDR:]PORT at /mcp (ADDR defaults to 127.0.0.1; port 0 "
                      "picks a free one)");
    serve->add_option("--token-file", serve_args.token_file,
                      "Require 'Authorization: Bearer <token>' with the token in this file (needed for a "
                      "non-loopback ADDR)");
    serve->add_option(
        "--allow-origin", serve_args.allowed_origins,
        "Also accept requests whose Origin is this (repeatable; localhost origins always pass)");
    app.add_subcommand("tools", "Print the tool list as JSON");

    auto* call = app.add_subcommand("call", "Run one tool in-process and print its structured result");
    std::string tool_name;
    std::string tool_arguments = "{}";
    call->add_option("tool", tool_name, "Tool name")->required();
    call->add_option("arguments", tool_arguments, "Arguments as a JSON object")->capture_default_str();

    auto* extract = app.add_subcommand("extract", "Print the condensed text of a whole session");
    ExtractArgs extract_args;
    extract->add_option("target", extract_args.target, "A transcript .jsonl path or a session id")
        ->required();
    extract->add_option("--max-tokens", extract_args.max_tokens, "Page size the cut of long messages follows")
        ->check(CLI::Range(1000, 20000))
        ->capture_default_str();
    extract->add_flag("--thinking", extract_args.include_thinking, "Include thinking blocks");
    extract->add_flag("--subagents", extract_args.include_subagents, "Include subagent transcripts");
    extract->add_option("--tool-calls", extract_args.tool_calls, "summary or none")
        ->check(CLI::IsMember({"summary", "none"}))
        ->capture_default_str();

    auto* scan = app.add_subcommand("scan", "Scan text for secrets (exit 1 when something is found)");
    ScanArgs scan_args;
    scan->add_option("input", scan_args.input, "A file, or - for stdin")->capture_default_str();
    scan->add_flag("--json", scan_args.json, "Print {clean, findings} as JSON");
    scan->add_flag("--allow", scan_args.allow,
                   "Accept what is found: add its fingerprints to .claude/context-sync-allow");

    auto* commit = app.add_subcommand(
        "commit",
        "Commit learnings to the project's .claude/learnings.md and push them (exit 0 done, 1 refused or "
        "failed, 2 usage, 3 committed but not pushed)");
    CommitArgs commit_args;
    commit
        ->add_option("learnings", commit_args.learnings,
                     "Learnings, one per argument, or - to read lines from stdin")
        ->required();
    commit->add_flag("--dry-run", commit_args.dry_run,
                     "Print the diffs and the commit message; write nothing");
    commit->add_option("--machine", commit_args.machine,
                       "Machine name (default: $CONTEXT_SYNC_MACHINE or the host name)");
    commit
        ->add_option("--session", commit_args.session_ids, "A session these learnings come from (repeatable)")
        ->allow_extra_args(false);
    commit->add_flag("--no-push", commit_args.no_push, "Commit without pushing");

    app.add_subcommand("push",
                       "Deliver commits whose push failed earlier (exit 0 done, 1 failed, 3 still pending)");

    app.add_subcommand("demo",
                       "Run the whole loop on built-in sample data in a temporary directory (offline, no API "
                       "key; needs git)");

    SetupArgs setup_args;
    for (auto* setup :
         {app.add_subcommand("install",
                             "Register the server with Claude Code, install the /context-sync skill "
                             "and allow the server's tools (idempotent)"),
          app.add_subcommand("uninstall", "Remove exactly what install added (idempotent)")}) {
        setup->add_option("--scope", setup_args.scope, "user (~/.claude) or project (.mcp.json, .claude/)")
            ->check(CLI::IsMember({"user", "project"}))
            ->capture_default_str();
        setup->add_flag("--dry-run", setup_args.dry_run, "Print what would change; write nothing");
    }

    app.add_subcommand("doctor",
                       "Check what /context-sync needs on this machine (exit 1 when something is missing)");

    app.require_subcommand(0, 1);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    if (!configure_logging(log_level, log_file)) {
        return 2;
    }
    const Settings settings = resolve_settings(claude_dir, project);

    if (app.got_subcommand("tools")) {
        return run_print_tools(settings);
    }
    if (app.got_subcommand("call")) {
        return run_call(settings, tool_name, tool_arguments);
    }
    if (app.got_subcommand("extract")) {
        return run_extract(settings, extract_args);
    }
    if (app.got_subcommand("scan")) {
        return run_scan(settings, scan_args);
    }
    if (app.got_subcommand("commit")) {
        return run_commit(settings, commit_args);
    }
    if (app.got_subcommand("install")) {
        return run_install(settings, setup_args);
    }
    if (app.got_subcommand("uninstall")) {
        return run_uninstall(settings, setup_args);
    }
    if (app.got_subcommand("doctor")) {
        return run_doctor(settings);
    }
    if (app.got_subcommand("demo")) {
        return run_demo();
    }
    if (app.got_subcommand("push")) {
        return run_push(settings);
    }
    if (!serve_args.http.empty()) {
        return serve_http(settings, serve_args, argv);
    }
    if (!serve_args.token_file.empty() || !serve_args.allowed_origins.empty()) {
        std::cerr << "context-sync serve: --token-file and --allow-origin need --http\n";
        return 2;
    }
    return run_serve_stdio(settings);
}

}  // namespace server::cli
