// `context-sync demo`: the whole loop on built-in sample data, offline and without an API key. Two
// machines share one bare remote: the laptop has a Claude config dir with three sample sessions of the
// project and a clone of it; the VM has another clone. The lines of tests/data/demo/learnings.txt stand
// in for what the model writes after reading the sessions. Everything lives in one temporary directory,
// removed on every exit path.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "server/catalog.hpp"
#include "server/cli/commands.hpp"
#include "server/cli/scratch_dir.hpp"
#include "server/embedded_files.hpp"
#include "server/tool_runner.hpp"
#include "tools/core/atomic_file.hpp"
#include "tools/core/safe_read.hpp"
#include "tools/core/time.hpp"
#include "tools/git/process.hpp"
#include "tools/sessions/project_dirs.hpp"

namespace server::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::string_view kSampleClaudeDir = "tests/data/demo/claude/";
constexpr std::string_view kLearningsFile = "tests/data/demo/learnings.txt";
// The project the sample sessions were recorded in; the demo moves them to the laptop's clone.
constexpr std::string_view kRecordedProject = "/home/dev/acme-api";

struct DemoFailure {
    std::string message;
};

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
}

// The last "timestamp" of a transcript, so a freshly written file does not look like a session still
// being written (those are hidden from listings).
std::optional<tools::TimeMs> last_timestamp(const std::string& jsonl) {
    std::optional<tools::TimeMs> last;
    std::istringstream lines(jsonl);
    std::string line;
    while (std::getline(lines, line)) {
        const json entry = json::parse(line, nullptr, false);
        if (entry.is_object() && entry.contains("timestamp") && entry["timestamp"].is_string()) {
            if (auto when = tools::parse_iso8601(entry["timestamp"].get<std::string>())) {
                last = *when;
            }
        }
    }
    return last;
}

void set_mtime(const fs::path& file, tools::TimeMs when) {
    const auto since_epoch = std::chrono::milliseconds(when);
    const auto file_time =
        fs::file_time_type::clock::now() +
        (std::chrono::system_clock::time_point(since_epoch) - std::chrono::system_clock::now());
    std::error_code ec;
    fs::last_write_time(file, std::chrono::time_point_cast<fs::file_time_type::duration>(file_time), ec);
}

void write_file(const fs::path& path, std::string_view contents) {
    if (auto written = tools::write_file_atomically(path, contents, 0644); !written) {
        throw DemoFailure{written.error().message};
    }
}

// A made-up key in Anthropic's documented shape, assembled at run time so no key-like text is stored.
std::string made_up_key() {
    std::string tail;
    while (tail.size() < 93) {
        tail += "Q7vK2mX9pL4nR8sT1wY6zB3cF5hJ0dG2";
    }
    return "sk-ant-api03-" + tail.substr(0, 93) + "AA";
}

class Demo {
  public:
    explicit Demo(const fs::path& root) : m_root(root) {}

    int run() {
        lay_out();
        list_sessions();
        read_known();
        extract_newest();
        scan_a_secret();
        dry_run();
        refuse_a_secret();
        commit_and_push();
        pull_on_vm();
        list_again();
        return 0;
    }

  private:
    void step(const std::string& title, const std::string& command) {
        if (HeldSignals::caught()) {
            throw DemoFailure{"interrupted"};
        }
        ++m_step;
        std::cout << "\n== " << m_step << ". " << title << "\n$ " << command << '\n' << std::flush;
    }

    std::string git(const fs::path& cwd, const std::vector<std::string>& args) {
        std::vector<std::string> argv = {"git"};
        argv.insert(argv.end(), args.begin(), args.end());
        // The user's own git config (signing, hooks, templates) stays out of the demo's repos.
        const std::vector<std::string> env = {
            "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
            "GIT_AUTHOR_NAME=Demo Dev",    "GIT_AUTHOR_EMAIL=dev@example.com",
            "GIT_COMMITTER_NAME=Demo Dev", "GIT_COMMITTER_EMAIL=dev@example.com",
            "GIT_TERMINAL_PROMPT=0"};
        auto result = tools::git::run_process(argv, cwd, "", env, std::chrono::seconds(60));
        if (!result) {
            throw DemoFailure{"cannot run git (is it installed?): " + result.error().message};
        }
        if (result->exit_code != 0) {
            std::string shown;
            for (const auto& a : args) {
                shown += " " + a;
            }
            throw DemoFailure{"git" + shown + " failed (exit " + std::to_string(result->exit_code) + ")"};
        }
        return result->out;
    }

    json call(const Settings& settings, const std::string& tool, const json& arguments) {
        const ToolContext context{settings, tools::Progress::none()};
        ToolOutcome outcome = run_tool(m_catalog, tool, arguments, context);
        if (outcome.kind != ToolOutcome::Kind::ok) {
            throw DemoFailure{tool + " failed: " + outcome.message};
        }
        return std::move(outcome.structured);
    }

    Settings on_laptop() const {
        return Settings{m_root / "laptop-claude", m_laptop, m_root / "laptop-state", ""};
    }

    void lay_out() {
        m_laptop = m_root / "laptop" / "acme-api";
        m_vm = m_root / "vm" / "acme-api";
        step("Two machines and one remote",
             "git init --bare remote.git; git clone remote.git laptop/acme-api; git clone remote.git "
             "vm/acme-api");
        const fs::path remote = m_root / "remote.git";
        fs::create_directories(m_root / "laptop");
        fs::create_directories(m_root / "vm");
        git(m_root, {"-c", "init.defaultBranch=main", "init", "-q", "--bare", remote.string()});
        git(m_root, {"clone", "-q", remote.string(), m_laptop.string()});
        // The commit is made in-process (libgit2), which reads the clone's config, not git's environment.
        git(m_laptop, {"config", "user.name", "Demo Dev"});
        git(m_laptop, {"config", "user.email", "dev@example.com"});
        write_file(m_laptop / "README.md", "# acme-api\n");
        git(m_laptop, {"add", "README.md"});
        git(m_laptop, {"commit", "-q", "-m", "first commit"});
        git(m_laptop, {"push", "-q", "-u", "origin", "HEAD"});
        git(m_root, {"clone", "-q", remote.string(), m_vm.string()});

        // The laptop's Claude config dir: the sample sessions, moved (paths and all) to the clone.
        const Settings laptop = on_laptop();
        const fs::path transcripts =
            laptop.claude_dir / "projects" / tools::sessions::project_slug(m_laptop.string());
        const std::string recorded_slug = tools::sessions::project_slug(kRecordedProject);
        int sessions = 0;
        for (const EmbeddedFile& file : embedded_files()) {
            if (!file.path.starts_with(kSampleClaudeDir)) {
                continue;
            }
            std::string relative(file.path.substr(kSampleClaudeDir.size()));
            replace_all(relative, "projects/" + recorded_slug, "projects/" + transcripts.filename().string());
            std::string contents(file.contents);
            replace_all(contents, kRecordedProject, m_laptop.string());
            const fs::path target = laptop.claude_dir / relative;
            write_file(target, contents);
            if (target.extension() == ".jsonl") {
                if (const auto when = last_timestamp(contents)) {
                    set_mtime(target, *when);
                }
                sessions +=
                    target.parent_path() == transcripts && !target.filename().string().starts_with("agent-");
            }
        }
        std::cout << "  " << m_root.string() << "/\n"
                  << "    remote.git          the project's shared remote (a bare repo)\n"
                  << "    laptop/acme-api     machine A's clone\n"
                  << "    laptop-claude/      machine A's Claude config dir: " << sessions
                  << " sessions of the project\n"
                  << "    vm/acme-api         machine B's clone\n";
    }

    void list_sessions() {
        step("Machine A: its recent sessions of the project, newest first",
             "context-sync call list_recent_sessions '{\"since\": \"1970-01-01T00:00:00Z\"}'");
        const json listed = call(on_laptop(), "list_recent_sessions", {{"since", "1970-01-01T00:00:00Z"}});
        for (const json& s : listed.value("sessions", json::array())) {
            if (m_newest.empty()) {
                m_newest = s.value("session_id", "");
            }
            m_session_ids.push_back(s.value("session_id", ""));
            std::cout << "  " << s.value("modified_at", "") << "  " << s.value("session_id", "") << "  v"
                      << s.value("version", "?") << "  " << s.value("messages", 0) << " messages\n"
                      << "      first prompt: " << s.value("first_prompt", "") << '\n';
        }
        if (m_newest.empty()) {
            throw DemoFailure{"no sample session was listed"};
        }
    }

    void read_known() {
        step("What the project already knows", "context-sync call read_learnings '{}'");
        const json known = call(on_laptop(), "read_learnings", json::object());
        std::cout << "  " << known.value("sections", json::array()).size()
                  << " sections (no learnings file yet: the first sync creates it)\n";
    }

    void extract_newest() {
        step("The first page of the newest session, as the model reads it",
             "context-sync call extract_transcript '{\"session_id\": \"" + m_newest +
                 "\", \"max_tokens\": 1000}'");
        const json page =
            call(on_laptop(), "extract_transcript", {{"session_id", m_newest}, {"max_tokens", 1000}});
        std::cout << page.value("text", "");
        const json& cursor = page["next_cursor"];
        std::cout << "  next_cursor: " << (cursor.is_string() ? "(more pages)" : "null") << '\n';
    }

    void scan_a_secret() {
        step("The secret scanner on a learning that quotes a key",
             "context-sync call scan_secrets '{\"text\": \"Deploy with ANTHROPIC_API_KEY=sk-ant-…\"}'");
        const json found =
            call(on_laptop(), "scan_secrets",
                 {{"text", "Deploy with `ANTHROPIC_API_KEY=" + made_up_key() + " make deploy`"}});
        for (const json& f : found.value("findings", json::array())) {
            std::cout << "  found " << f.value("rule_id", "") << " at line " << f.value("line", 0)
                      << ", column " << f.value("column", 0) << " (preview " << f.value("preview", "")
                      << "…)\n";
        }
        if (found.value("clean", true)) {
            throw DemoFailure{"the scanner missed the sample key"};
        }
    }

    std::vector<std::string> sample_learnings() const {
        const auto text = embedded_file(kLearningsFile);
        std::vector<std::string> learnings;
        std::istringstream lines{std::string(text.value_or(""))};
        for (std::string line; std::getline(lines, line);) {
            if (!line.empty()) {
                learnings.push_back(line);
            }
        }
        return learnings;
    }

    std::string status_of(const fs::path& clone) { return git(clone, {"status", "--porcelain"}); }

    void dry_run() {
        step("Machine A: a dry run shows the exact diff and commit message, and writes nothing",
             "context-sync commit --dry-run --machine laptop - < learnings.txt");
        const json result =
            call(on_laptop(), "commit_learnings",
                 {{"learnings", sample_learnings()}, {"dry_run", true}, {"machine", "laptop"}});
        for (const json& file : result.value("files", json::array())) {
            std::cout << file.value("diff", "");
        }
        std::cout << "commit message:\n" << result.value("commit_message", "");
        const std::string status = status_of(m_laptop);
        std::cout << "  git status after the dry run: " << (status.empty() ? "clean" : status) << '\n';
        if (!status.empty()) {
            throw DemoFailure{"the dry run changed the work tree"};
        }
    }

    void refuse_a_secret() {
        step("Machine A: a learning that quotes a secret is refused, and nothing is written",
             "context-sync commit --machine laptop 'Deploy with ANTHROPIC_API_KEY=sk-ant-…'");
        const json arguments = {
            {"learnings", {"Deploy with `ANTHROPIC_API_KEY=" + made_up_key() + " make deploy`"}},
            {"machine", "laptop"}};
        const Settings settings = on_laptop();
        const ToolOutcome outcome = run_tool(m_catalog, "commit_learnings", arguments,
                                             ToolContext{settings, tools::Progress::none()});
        if (outcome.kind == ToolOutcome::Kind::ok) {
            throw DemoFailure{"a learning holding a key was accepted"};
        }
        std::cout << "  refused: " << outcome.message << '\n';
        const std::string status = status_of(m_laptop);
        std::cout << "  git status: " << (status.empty() ? "clean" : status) << '\n';
        if (!status.empty()) {
            throw DemoFailure{"the refused commit wrote something"};
        }
    }

    void commit_and_push() {
        step("Machine A: commit the learnings and push them",
             "context-sync commit --machine laptop --session ID... - < learnings.txt");
        const json result =
            call(on_laptop(), "commit_learnings",
                 {{"learnings", sample_learnings()}, {"machine", "laptop"}, {"session_ids", m_session_ids}});
        std::cout << "  " << result.value("summary", "") << '\n';
        if (!result.value("pushed", false)) {
            throw DemoFailure{"not pushed: " + result.value("push_status", std::string("unknown"))};
        }
        std::cout << "  pushed " << result.value("commit", "").substr(0, 12) << " to "
                  << result.value("upstream", "") << '\n';
        std::cout << git(m_laptop, {"log", "--stat", "--format=  %h %s", "-1"});
    }

    void pull_on_vm() {
        step("Machine B: a plain git pull brings the learnings, and CLAUDE.md imports them",
             "git pull && cat .claude/learnings.md .claude/CLAUDE.md");
        git(m_vm, {"pull", "-q"});
        for (const char* name : {".claude/learnings.md", ".claude/CLAUDE.md"}) {
            auto text = tools::read_regular_file(m_vm / name, 1 << 20);
            if (!text) {
                throw DemoFailure{std::string(name) +
                                  " did not arrive on machine B: " + text.error().message};
            }
            std::cout << "--- " << name << '\n' << *text;
        }
    }

    void list_again() {
        step("Machine A: the synced sessions are marked, so the next sync skips them",
             "context-sync call list_recent_sessions '{\"since\": \"1970-01-01T00:00:00Z\"}'");
        const json listed = call(on_laptop(), "list_recent_sessions", {{"since", "1970-01-01T00:00:00Z"}});
        for (const json& s : listed.value("sessions", json::array())) {
            std::cout << "  " << s.value("session_id", "")
                      << "  synced: " << (s.value("synced", false) ? "yes" : "no") << '\n';
        }
    }

    fs::path m_root;
    fs::path m_laptop;
    fs::path m_vm;
    Catalog m_catalog = make_default_catalog();
    std::string m_newest;
    std::vector<std::string> m_session_ids;
    int m_step = 0;
};

}  // namespace

int run_demo() {
    const HeldSignals held;  // declared first: released only after the directory is gone
    try {
        const ScratchDir dir("context-sync-demo");
        std::cout
            << "context-sync demo: the whole loop on built-in sample data, in " << dir.path().string()
            << "\n(no network, no API key; the lines of a bundled file stand in for the model's learnings)\n";
        int code = kExitOk;
        try {
            code = Demo(dir.path()).run();
        } catch (const DemoFailure& failure) {
            std::cerr << "context-sync demo failed: " << failure.message << '\n';
            code = kExitFailed;
        } catch (const std::exception& e) {
            std::cerr << "context-sync demo failed: " << e.what() << '\n';
            code = kExitFailed;
        }
        std::cout << '\n'
                  << (code == kExitOk ? "Done" : "Stopped") << "; removing " << dir.path().string() << '\n';
        return code;
    } catch (const std::exception& e) {  // no temporary directory
        std::cerr << "context-sync demo: " << e.what() << '\n';
        return kExitFailed;
    }
}

}  // namespace server::cli
