// Where the server looks for things. Built once in main from the command line and the environment,
// then shared read-only by every handler (thread-safe because it is never mutated after start-up).
#pragma once

#include <filesystem>
#include <string>

namespace server {

struct Settings {
    std::filesystem::path claude_dir;   // --claude-dir, $CLAUDE_CONFIG_DIR, or ~/.claude
    std::filesystem::path project_dir;  // --project, $CLAUDE_PROJECT_DIR, or the working directory
    std::filesystem::path state_dir;    // $XDG_STATE_HOME/context-sync or ~/.local/state/context-sync
    std::string calling_session_id;     // $CLAUDE_CODE_SESSION_ID: the session that is talking to us
};

// Fills the defaults from the environment; explicit non-empty arguments win.
Settings resolve_settings(const std::string& claude_dir_arg, const std::string& project_arg);

}  // namespace server
